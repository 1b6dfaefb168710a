// Prepares a workload module (.js/.mjs/.cjs/.ts) for the workers. With esbuild (the CLI's own, or the
// workspace's), it is bundled into one ESM file with a source map, so that TypeScript runs without a
// build step and every frame maps back to the user's line. Without esbuild (the .vsix does not ship
// its 4.5 MB binary), Node imports the user's file itself: JavaScript as it is, TypeScript through
// Node's type stripping (which keeps every line and column, so no map is needed).
import type { BuildFailure } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { WorkloadLoadError } from './errors';
import { distPath } from './distPath';
import { locateEsbuild, loaderModeFromEnv, type Esbuild, type LoaderMode } from './esbuildLocator';

const EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];

const TYPESCRIPT = ['.ts', '.mts', '.cts'];

export interface Bundle {
  source: string;
  /** What the workers import: the bundle, or the user's own file when Node loads it. */
  bundlePath: string;
  loader: 'esbuild' | 'node';
  /** Set when Node loads the workload: workers resolve `scalescope/sync` to this URL through a module hook. */
  syncUrl: string | null;
}

function buildDir(workload: string): string {
  // Next to the workload so that bare imports resolve against the user's node_modules.
  const dir = join(dirname(workload), '.scalescope', 'build');
  try {
    mkdirSync(dir, { recursive: true });
    const ignore = join(dir, '.gitignore');
    if (!existsSync(ignore)) writeFileSync(ignore, '*\n');
    return dir;
  } catch {
    const fallback = join(tmpdir(), 'scalescope-build');
    mkdirSync(fallback, { recursive: true });
    return fallback;
  }
}

/** Node can import TypeScript itself (type stripping: Node ≥ 22.18, or 22.6+ with the flag). */
function nodeStripsTypes(): boolean {
  return Boolean((process.features as { typescript?: string | false }).typescript);
}

export async function prepareWorkload(path: string, mode: LoaderMode = loaderModeFromEnv()): Promise<Bundle> {
  const source = checkSource(path);
  const found = mode === 'node' ? null : await locateEsbuild(source);
  if (found) return bundleWith(found.esbuild, source);
  if (mode === 'esbuild') {
    throw new WorkloadLoadError('SCALESCOPE_LOADER=esbuild, but no working esbuild was found (neither Scalescope\'s nor the workspace\'s: npm i -D esbuild)', source);
  }
  if (TYPESCRIPT.some((e) => source.endsWith(e)) && !nodeStripsTypes()) {
    throw new WorkloadLoadError(`TypeScript workloads need esbuild in the workspace (npm i -D esbuild) or Node ≥ 22.18, which strips types itself; this is Node ${process.version}`, source, 1);
  }
  return { source, bundlePath: source, loader: 'node', syncUrl: pathToFileURL(distPath('sync.mjs')).href };
}

function checkSource(path: string): string {
  const source = resolve(path);
  if (!existsSync(source)) throw new WorkloadLoadError('workload file not found', source);
  if (!statSync(source).isFile()) throw new WorkloadLoadError('workload path is not a file', source);
  if (!EXTENSIONS.some((e) => source.endsWith(e))) {
    throw new WorkloadLoadError(`unsupported workload extension (expected one of ${EXTENSIONS.join(', ')})`, source);
  }
  return source;
}

async function bundleWith(esbuild: Esbuild, source: string): Promise<Bundle> {
  const hash = createHash('sha1').update(source).digest('hex').slice(0, 10);
  const bundlePath = join(buildDir(source), `${basename(source).replace(/\.[^.]+$/, '')}-${hash}.mjs`);
  const syncModule = distPath('sync.mjs');
  try {
    await esbuild.build({
      entryPoints: [source],
      outfile: bundlePath,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'silent',
      // createRequire lets bundled CommonJS code require() node builtins from an ESM bundle.
      banner: { js: "import { createRequire as __ssCreateRequire } from 'node:module'; const require = __ssCreateRequire(import.meta.url);" },
      plugins: [{
        name: 'scalescope-externals',
        setup(build) {
          build.onResolve({ filter: /^scalescope\/sync$/ }, () => ({ path: syncModule }));
          // Packages stay external: they load from the user's node_modules as they would in production.
          build.onResolve({ filter: /^[^./]/ }, (args) => (args.kind === 'entry-point' ? undefined : { path: args.path, external: true }));
        },
      }],
    });
  } catch (e) {
    const err = e as BuildFailure;
    const first = err.errors?.[0];
    if (first) {
      const loc = first.location;
      throw new WorkloadLoadError(first.text, loc ? resolve(loc.file) : source, loc?.line ?? null, loc ? loc.column + 1 : null);
    }
    throw new WorkloadLoadError(`could not be bundled: ${(e as Error).message}`, source);
  }
  return { source, bundlePath, loader: 'esbuild', syncUrl: null };
}
