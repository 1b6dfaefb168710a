// ES module hooks (module.register, in a hooks thread of their own) that size pools a program
// `import`s: a require hook (requireHook.ts) never sees an ES module's exports. `import … from
// 'tinypool'` resolves to a small module that re-exports tinypool with its class replaced by the one
// the preload sizes (tinypoolHooks.ts), which the preload hands over on globalThis. Registered by
// esmPools.ts; bundled on its own to dist/record/pool-loader.mjs. It imports nothing.

/** The packages whose ES module exports are sized, each with the name its class is exported under. */
const SIZED_PACKAGES: Record<string, string> = { tinypool: 'Tinypool' };
/** The query that marks the wrapper's URL. */
const SIZED = 'scalescope-sized';
/** Where the preload puts `(package, class) => sized class` (esmPools.ts). */
const SIZE_POOL = "Symbol.for('scalescope.record.sizedPool')";

interface Resolved { url: string; format?: string | null; shortCircuit?: boolean }
type NextResolve = (specifier: string, context: { parentURL?: string }) => Promise<Resolved>;
interface Loaded { format: string; source?: string | ArrayBuffer | Uint8Array | null; shortCircuit?: boolean }
type NextLoad = (url: string, context: object) => Promise<Loaded>;

export async function resolve(specifier: string, context: { parentURL?: string }, next: NextResolve): Promise<Resolved> {
  const resolved = await next(specifier, context);
  if (!Object.hasOwn(SIZED_PACKAGES, specifier) || !resolved.url.startsWith('file:')) return resolved;
  const url = new URL(resolved.url);
  url.searchParams.set(SIZED, specifier);
  return { ...resolved, url: url.href, format: 'module', shortCircuit: true };
}

export async function load(url: string, context: object, next: NextLoad): Promise<Loaded> {
  const u = new URL(url);
  const pkg = u.searchParams.get(SIZED);
  if (pkg === null || !Object.hasOwn(SIZED_PACKAGES, pkg)) return next(url, context);
  u.searchParams.delete(SIZED);
  const real = JSON.stringify(u.href);
  const name = SIZED_PACKAGES[pkg];
  // Its own exports shadow the star export's: the class under its name and as the default.
  const source = [
    `import * as original from ${real};`,
    `export * from ${real};`,
    `const Original = original.${name} ?? original.default;`,
    `const sized = globalThis[${SIZE_POOL}]?.(${JSON.stringify(pkg)}, Original) ?? Original;`,
    `export { sized as ${name}, sized as default };`,
  ].join('\n');
  return { format: 'module', source, shortCircuit: true };
}
