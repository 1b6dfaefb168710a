// Finds an esbuild to bundle workloads with. The CLI (npm package) depends on esbuild; the .vsix does
// not ship it (its native binary alone is 4.5 MB), so there the workspace's own esbuild is used when
// it has one, and otherwise Node loads the workload itself (see prepareWorkload in bundle.ts).
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { ConfigError } from './errors';

export type Esbuild = typeof import('esbuild');

/** How a workload is turned into something a worker can import. */
export type LoaderMode = 'auto' | 'esbuild' | 'node';

export function loaderModeFromEnv(env: NodeJS.ProcessEnv = process.env): LoaderMode {
  const v = env.SCALESCOPE_LOADER?.trim();
  if (!v || v === 'auto') return 'auto';
  if (v === 'esbuild' || v === 'node') return v;
  throw new ConfigError('SCALESCOPE_LOADER', `expected auto, esbuild or node, got ${JSON.stringify(v)}`);
}

const cache = new Map<string, Esbuild | null>();

/** Requires esbuild from `fromFile`'s point of view and checks that its native binary runs. */
async function tryLoad(requireFrom: string): Promise<Esbuild | null> {
  if (cache.has(requireFrom)) return cache.get(requireFrom)!;
  let found: Esbuild | null = null;
  try {
    const esbuild = createRequire(requireFrom)('esbuild') as Esbuild;
    // The JS API loads without its platform binary and fails only on first use: use it once here.
    await esbuild.transform('', { loader: 'js' });
    found = esbuild;
  } catch {
    found = null;
  }
  cache.set(requireFrom, found);
  return found;
}

/**
 * Scalescope's own esbuild first (the CLI, a development checkout), then the one the workload's
 * project has installed. Null when neither is usable.
 */
export async function locateEsbuild(workloadPath: string, ownFrom = __filename): Promise<{ esbuild: Esbuild; from: 'scalescope' | 'workspace' } | null> {
  const own = await tryLoad(ownFrom);
  if (own) return { esbuild: own, from: 'scalescope' };
  const theirs = await tryLoad(`${dirname(workloadPath)}/`);
  return theirs ? { esbuild: theirs, from: 'workspace' } : null;
}
