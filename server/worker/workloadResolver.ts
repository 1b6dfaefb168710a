// When Node loads the workload itself (no esbuild bundle), two things a bundler would have resolved
// need a module resolve hook: `scalescope/sync`, which has no package in the user's project (it
// points at dist/sync.mjs), and TypeScript's extensionless relative imports (`./lib/checksum` or
// `./lib/checksum.js` meaning `./lib/checksum.ts`), which Node's type stripping does not resolve.
import * as nodeModule from 'node:module';

interface ResolveContext { parentURL?: string }
type Next = (specifier: string, context: ResolveContext) => unknown;
type Resolve = (specifier: string, context: ResolveContext, next: Next) => unknown;
interface ModuleHooks { registerHooks?: (hooks: { resolve: Resolve }) => unknown }

const SPECIFIER = 'scalescope/sync';
const TS_PARENT = /\.[mc]?ts$/;

/** What else `./x` or `./x.js` may mean in a TypeScript project, in TypeScript's order. */
export function typeScriptCandidates(specifier: string): string[] {
  const js = /\.([mc]?)js$/.exec(specifier);
  if (js) return [specifier.slice(0, -js[0].length) + `.${js[1]}ts`];
  if (/\.[a-z]+$/i.test(specifier.split('/').pop() ?? '')) return [];
  return ['.ts', '.mts', '.cts', '.js', '/index.ts', '/index.js'].map((e) => specifier + e);
}

function isNotFound(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_UNSUPPORTED_DIR_IMPORT' || code === 'MODULE_NOT_FOUND';
}

export function registerWorkloadResolver(syncUrl: string): void {
  const m = nodeModule as unknown as ModuleHooks;
  if (typeof m.registerHooks === 'function') {
    // Node ≥ 22.15: in-thread and synchronous, and it covers require() too. Every Node that strips
    // types has it, so the TypeScript fallbacks live only here.
    m.registerHooks({
      resolve(specifier, context, next) {
        if (specifier === SPECIFIER) return { url: syncUrl, shortCircuit: true };
        try {
          return next(specifier, context);
        } catch (e) {
          if (!isNotFound(e) || !specifier.startsWith('.') || !TS_PARENT.test(context.parentURL ?? '')) throw e;
          for (const candidate of typeScriptCandidates(specifier)) {
            try { return next(candidate, context); } catch (e2) { if (!isNotFound(e2)) throw e2; }
          }
          throw e;
        }
      },
    });
    return;
  }
  // Older Node (JavaScript workloads only): an off-thread ESM hook for `scalescope/sync`.
  const hook = `export async function resolve(s, c, next) { return s === ${JSON.stringify(SPECIFIER)} ? { url: ${JSON.stringify(syncUrl)}, shortCircuit: true } : next(s, c); }`;
  nodeModule.register(`data:text/javascript,${encodeURIComponent(hook)}`);
}
