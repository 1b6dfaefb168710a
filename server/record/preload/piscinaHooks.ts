// piscina, adapted in both of its halves:
// - in the program: the Piscina class, as piscina's main file loads (libraryMains.ts, so for
//   `require` and ES module `import` alike), so that every pool gets the swept size (minThreads =
//   maxThreads = the count) unless --no-pool-override, and its `run` records its posts;
// - where it is required (requireHook.ts), in piscina's own worker (node_modules/piscina/dist/worker.js): the task module it requires,
//   so that each call of its task function is one task, until the returned promise settles
//   (piscina's worker takes tasks from a MessagePort of its own, not from parentPort).
// Task modules that piscina can only import() (ESM) are left for later (docs/decisions/record.md).
import { isAbsolute } from 'node:path';
import { functionLine } from './functionLine';
import { postsOn, type Posted } from './dispatch';
import type { MainAdapter } from './libraryMains';
import type { RequireAdapter } from './requireHook';
import type { RowWriter } from './rowWriter';
import type { TaskTimer } from './taskTimer';
import { timedFunction, timedFunctions, type AnyFunction } from './timedFunctions';

const PISCINA_WORKER = /[\\/]node_modules[\\/]piscina[\\/]dist[\\/]worker\.js$/;

export interface PoolHookOptions {
  /** The pool size to force, or null to leave the program's own. */
  poolSize: number | null;
  timer: TaskTimer;
  rows: RowWriter;
  /** Records a task handed to a pool (dispatch.ts). */
  posted: Posted;
}

/** piscina's main file exports the Piscina class: its `run` records posts, and it is sized unless --no-pool-override. */
export function piscinaMain(opts: PoolHookOptions): MainAdapter {
  return (exports) => {
    if (typeof exports !== 'function') return undefined;
    postsOn((exports as { prototype: Record<string, unknown> }).prototype, 'run', opts.posted);
    return opts.poolSize === null ? undefined : sizedPiscina(exports as new () => object, opts.poolSize);
  };
}

/** In piscina's worker: the task module's functions, timed. */
export function piscinaTaskModules(opts: PoolHookOptions): RequireAdapter {
  return (request, parent, exports) => {
    if (parent?.filename && PISCINA_WORKER.test(parent.filename) && isAbsolute(request)) {
      // Each function at its own line where its text is found in the module, else the module's first line.
      const location = (fn: AnyFunction): number => {
        const at = functionLine(request, fn) ?? { line: 1, column: 1 };
        return opts.rows.locationId(request, at.line, at.column);
      };
      if (typeof exports === 'function') return timedFunction(exports as AnyFunction, location(exports as AnyFunction), opts.timer);
      if (exports && typeof exports === 'object') return timedFunctions(exports, location, opts.timer);
    }
    return undefined;
  };
}

/**
 * piscina's export (the Piscina class itself, its statics included) with every pool sized to `size`:
 * a subclass whose `Piscina` and `default` are itself, so that every way of reaching the class sizes.
 */
function sizedPiscina(Original: new (options?: Record<string, unknown>) => object, size: number): object {
  class Piscina extends Original {
    constructor(options: Record<string, unknown> = {}) {
      super({ ...options, minThreads: size, maxThreads: size });
    }
  }
  for (const key of ['Piscina', 'default']) Object.defineProperty(Piscina, key, { get: () => Piscina, configurable: true });
  return Piscina;
}
