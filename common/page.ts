// Builds the HTML page of the webview. No DOM and no vscode here: the panel host (extension) and
// the standalone HTML report (server/export/html.ts) both call it, so both load the same bundle.
import { checkStoredColumn } from './columnCodec';

export interface PageOptions {
  /** Page title (HTML-escaped here). */
  title: string;
  /** Per-page random nonce for the script (and, when inlined, the style) elements. */
  nonce: string;
  /** The bundle: a URL (webview panel) or its text (report). */
  script: { src: string } | { inline: string };
  style: { href: string } | { inline: string };
  /** The webview's cspSource (panel); absent for the report, which may load nothing at all. */
  cspSource?: string;
  /** JSON-serialisable data put in the page: the run (and a second run to compare with). */
  run?: unknown;
  compareWith?: unknown;
  /** Trusted HTML (the caller escapes what it puts in) shown when JavaScript is off. */
  noscript?: string;
  /**
   * Compress a column's JSON text to gzip in base64 (the report: server/export/html.ts). Used when a
   * run's deferred columns are at least TASKS_COMPRESS_MIN_CHARS of JSON: each column of each point
   * then becomes one such string (`data-encoding`), so that the page's decoding workers each inflate
   * only their own columns. Absent, or below that size: the columns are inlined as JSON.
   */
  compressTasks?: (json: string) => string;
}

/**
 * How a deferred task columns element holds them (`data-encoding`): absent, as JSON text; this, as
 * JSON of one object per point whose every column is its own JSON text gzipped in base64.
 */
export const TASKS_ENCODING_GZIP_BASE64 = 'gzip-base64-columns';
/**
 * Below this much JSON the columns are inlined as they are: the page reads them in a few ms, and
 * inflating 19 small columns costs more than it saves (docs/decisions/webview.md).
 */
export const TASKS_COMPRESS_MIN_CHARS = 1_000_000;

/** Ids of the elements holding the deferred task columns of the run and of the compared run. */
export const TASKS_ELEMENT_ID = { run: 'scalescope-tasks', compareWith: 'scalescope-compare-tasks' } as const;

/**
 * A run as the report inlines it: each point's task columns moved out (into `tasks`, one entry per
 * moved point, in order) and replaced by their row count, {"deferred": rows}; the page decodes them
 * when a view first needs them (webview/deferredTasks.ts). A point whose `index` column is not a
 * valid column keeps its columns in place, so that the page names what is wrong when it loads.
 */
export function deferTaskColumns(run: unknown): { run: unknown; tasks: unknown[] } {
  const points = (run as { points?: unknown } | null)?.points;
  if (!Array.isArray(points)) return { run, tasks: [] };
  const tasks: unknown[] = [];
  const out = points.map((p: unknown) => {
    const cols = (p as { tasks?: unknown } | null)?.tasks;
    if (!cols || typeof cols !== 'object' || Array.isArray(cols)) return p;
    let rows: number;
    try { rows = checkStoredColumn((cols as { index?: unknown }).index, 'number'); } catch { return p; }
    tasks.push(cols);
    return { ...(p as object), tasks: { deferred: rows } };
  });
  return { run: { ...(run as object), points: out }, tasks };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * JSON that is safe inside a <script> element: `<`, `>` and `&` become \u escapes (so no string in
 * a run can close the element or open a comment), as do U+2028/2029. JSON.parse reads it back unchanged.
 */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text safe inside a <script> or <style> element (the bundle itself). */
function inlineCode(code: string, tag: 'script' | 'style'): string {
  return code.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');
}

export function makeNonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function contentSecurityPolicy(o: Pick<PageOptions, 'nonce' | 'cspSource' | 'style'>): string {
  const src = o.cspSource ? ` ${o.cspSource}` : '';
  const style = 'inline' in o.style ? `'nonce-${o.nonce}'` : o.cspSource ?? "'none'";
  return [
    "default-src 'none'",
    `script-src 'nonce-${o.nonce}'`,
    // The report decodes its task columns in a Worker made from a blob URL by its own script
    // (webview/deferredTasks.ts); only a running script can make one. The panel starts no worker.
    ...(o.cspSource ? [] : ['worker-src blob:']),
    `style-src ${style}`,
    `img-src${src} data:`,
    `font-src${src || " 'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** One point's columns, each its JSON text compressed (strings: base64 needs no escaping in JSON or HTML). */
function compressedColumns(cols: unknown, compress: (json: string) => string): unknown {
  if (cols === null || typeof cols !== 'object' || Array.isArray(cols)) return cols;
  return Object.fromEntries(Object.entries(cols as Record<string, unknown>).map(([k, v]) => [k, compress(inlineJson(v))]));
}

export function buildPage(o: PageOptions): string {
  const n = escapeHtml(o.nonce);
  const style = 'inline' in o.style
    ? `<style nonce="${n}">${inlineCode(o.style.inline, 'style')}</style>`
    : `<link rel="stylesheet" href="${escapeHtml(o.style.href)}">`;
  const script = 'inline' in o.script
    ? `<script nonce="${n}">${inlineCode(o.script.inline, 'script')}</script>`
    : `<script nonce="${n}" src="${escapeHtml(o.script.src)}"></script>`;
  // The runs come before the bundle, which draws the first view from them at once; their task
  // columns (most of a large report) after it, read only when a view needs them.
  let data = '', deferred = '';
  for (const [value, id, tasksId] of [[o.run, 'scalescope-run', TASKS_ELEMENT_ID.run], [o.compareWith, 'scalescope-compare', TASKS_ELEMENT_ID.compareWith]] as const) {
    if (value === undefined) continue;
    const { run, tasks } = deferTaskColumns(value);
    data += `<script type="application/json" id="${id}">${inlineJson(run)}</script>`;
    if (!tasks.length) continue;
    const json = inlineJson(tasks);
    const compress = o.compressTasks;
    deferred += compress && json.length >= TASKS_COMPRESS_MIN_CHARS
      ? `<script type="application/json" id="${tasksId}" data-encoding="${TASKS_ENCODING_GZIP_BASE64}">${inlineJson(tasks.map((cols) => compressedColumns(cols, compress)))}</script>`
      : `<script type="application/json" id="${tasksId}">${json}</script>`;
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(o))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)}</title>
${style}
</head>
<body>
<main id="app"></main>
${o.noscript === undefined ? '' : `<noscript>${o.noscript}</noscript>`}
${data}
${script}
${deferred}
</body>
</html>
`;
}
