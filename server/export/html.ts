// The self-contained HTML report: the webview bundle and stylesheet inlined, the run inlined as
// JSON (as the run file holds it: encoded columns, decoded by the page), a CSP that allows no
// network access. Opens in any browser, offline.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeRunColumns, type RunFile } from '../../common/runFile';
import { buildPage, makeNonce } from '../../common/page';
import { noscriptSummary } from './noscriptSummary';

const BUNDLE = 'webview.js';

/**
 * Where dist/ is. Bundled into dist/cli.js or dist/server.js, __dirname is dist/ itself; run from
 * source (tests via tsx), it is server/export/ and dist/ is two levels up. Walk up until found.
 */
export function findDist(start: string = typeof __dirname === 'string' ? __dirname : process.cwd()): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, BUNDLE)) && existsSync(join(dir, 'webview.css'))) return dir;
    const candidate = join(dir, 'dist');
    if (existsSync(join(candidate, BUNDLE))) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the webview bundle (dist/${BUNDLE}) above ${start}: run "npm run build" first`);
    dir = up;
  }
}

export interface HtmlReportOptions {
  /** A second run: the report opens on the Compare view. */
  compareWith?: RunFile;
  /** Folder holding webview.js and webview.css (default: found from this file's location). */
  distDir?: string;
  /**
   * How the deferred task columns of a large report are inlined: each column gzipped in base64
   * (default), or their JSON text (what builds before 2026-12-03 read: the render bench's baseline).
   */
  tasksEncoding?: 'gzip-base64' | 'json';
}

/**
 * A column's JSON, gzipped, in base64 (large reports: common/page.ts). At a million tasks the
 * columns shrink from 4.1 MB to about 0.6 MB: the browser reads and parses the page that much
 * sooner, and each decoding worker inflates its own columns natively (docs/decisions/webview.md).
 */
function gzipBase64(json: string): string {
  return gzipSync(json).toString('base64');
}

export function renderHtmlReport(run: RunFile, opts: HtmlReportOptions = {}): string {
  const dist = opts.distDir ?? findDist();
  return buildPage({
    // Defensive: the page itself reports a malformed run; building it must not throw first.
    title: `Scalescope · ${run?.workload?.name ?? 'run'} · ${run?.id ?? ''}`,
    nonce: makeNonce(),
    script: { inline: readFileSync(join(dist, BUNDLE), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n') },
    style: { inline: readFileSync(join(dist, 'webview.css'), 'utf8') },
    run: encodeRunColumns(run),
    compareWith: opts.compareWith === undefined ? undefined : encodeRunColumns(opts.compareWith),
    noscript: noscriptSummary(run),
    ...(opts.tasksEncoding === 'json' ? {} : { compressTasks: gzipBase64 }),
  });
}
