// tinypool pools a program creates from an ES module `import` get the swept size through ES module hooks
// (poolLoader.ts): registered in a process's main thread, and only where tinypool can be found
// from the working folder or the main script, because registering starts a hooks thread, about
// 65 ms of start-up per process on the development machine (docs/decisions/record.md).
import Module, { register } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Posted } from './dispatch';
import { sizedTinypool } from './tinypoolHooks';

type PoolClass = Parameters<typeof sizedTinypool>[0];

/** The packages poolLoader.ts sizes, each with how. */
const SIZERS: Record<string, (Original: PoolClass, size: number, posted: Posted) => PoolClass> = { tinypool: sizedTinypool };

/** Whether `pkg` resolves from the working folder or the main script's. */
function findable(pkg: string): boolean {
  const from = [process.cwd(), ...(process.argv[1] ? [dirname(process.argv[1])] : [])];
  for (const dir of from) {
    try { Module.createRequire(join(dir, 'noop.js')).resolve(pkg); return true; } catch { /* not from here */ }
  }
  return false;
}

export function sizeImportedPools(size: number, loaderPath: string, posted: Posted): void {
  const wanted = Object.keys(SIZERS).filter(findable);
  if (wanted.length === 0) return;
  (globalThis as Record<symbol, unknown>)[Symbol.for('scalescope.record.sizedPool')] = (pkg: string, Original: unknown) =>
    typeof Original === 'function' && SIZERS[pkg] ? SIZERS[pkg](Original as PoolClass, size, posted) : Original;
  register(pathToFileURL(loaderPath).href);
}
