// Bundles a workload module (.js/.mjs/.cjs/.ts) with esbuild into one ESM file with a source map,
// so that TypeScript runs without a build step and every frame maps back to the user's line.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { WorkloadLoadError } from './errors';
import { distPath } from './distPath';

const EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];

export interface Bundle { source: string; bundlePath: string }

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

export async function bundleWorkload(path: string): Promise<Bundle> {
  const source = resolve(path);
  if (!existsSync(source)) throw new WorkloadLoadError('workload file not found', source);
  if (!statSync(source).isFile()) throw new WorkloadLoadError('workload path is not a file', source);
  if (!EXTENSIONS.some((e) => source.endsWith(e))) {
    throw new WorkloadLoadError(`unsupported workload extension (expected one of ${EXTENSIONS.join(', ')})`, source);
  }
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
    const err = e as esbuild.BuildFailure;
    const first = err.errors?.[0];
    if (first) {
      const loc = first.location;
      throw new WorkloadLoadError(first.text, loc ? resolve(loc.file) : source, loc?.line ?? null, loc ? loc.column + 1 : null);
    }
    throw new WorkloadLoadError(`could not be bundled: ${(e as Error).message}`, source);
  }
  return { source, bundlePath };
}
