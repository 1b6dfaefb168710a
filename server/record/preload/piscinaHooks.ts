// piscina, hooked where it is required (Module._load):
// - in the program: the Piscina class, so that every pool gets the swept size (minThreads =
//   maxThreads = the count) unless --no-pool-override;
// - in piscina's own worker (node_modules/piscina/dist/worker.js): the task module it requires,
//   so that each call of its task function is one task, until the returned promise settles
//   (piscina's worker takes tasks from a MessagePort of its own, not from parentPort).
// Task modules that piscina can only import() (ESM) are left for later (docs/decisions/record.md).
import Module from 'node:module';
import { isAbsolute } from 'node:path';
import type { RowWriter } from './rowWriter';
import type { TaskTimer } from './taskTimer';

const PISCINA_WORKER = /[\\/]node_modules[\\/]piscina[\\/]dist[\\/]worker\.js$/;
/**
 * `require('piscina')`. An ES module `import` of piscina also loads its main file through _load, but
 * takes the exports from elsewhere: such pools are not sized yet (docs/decisions/record.md).
 */
const PISCINA_PACKAGE = /^piscina$/;

type Load = (request: string, parent: { filename?: string } | null | undefined, isMain: boolean) => unknown;
type AnyFunction = (...args: unknown[]) => unknown;

export interface PiscinaHookOptions {
  /** The pool size to force, or null to leave the program's own. */
  poolSize: number | null;
  timer: TaskTimer;
  rows: RowWriter;
}

export function hookPiscina(opts: PiscinaHookOptions): void {
  const internals = Module as unknown as { _load: Load; _resolveFilename: (request: string, parent: unknown) => string };
  const originalLoad = internals._load;
  const sized = new WeakMap<object, object>();
  internals._load = function (request, parent, isMain) {
    const exports = originalLoad.call(this, request, parent, isMain);
    if (opts.poolSize !== null && PISCINA_PACKAGE.test(request) && typeof exports === 'function') {
      let out = sized.get(exports);
      if (!out) { out = sizedPiscina(exports as new () => object, opts.poolSize); sized.set(exports, out); }
      return out;
    }
    if (parent?.filename && PISCINA_WORKER.test(parent.filename) && isAbsolute(request)) {
      return timedTaskModule(exports, request, opts);
    }
    return exports;
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

/** The task module piscina's worker required, its exported functions timed as tasks. */
function timedTaskModule(exports: unknown, file: string, opts: PiscinaHookOptions): unknown {
  const location = opts.rows.locationId(file, 1, 1);
  const timed = (fn: AnyFunction): AnyFunction => function (this: unknown, ...args: unknown[]) {
    return opts.timer.time(location, () => fn.apply(this, args));
  };
  if (typeof exports === 'function') return timed(exports as AnyFunction);
  if (!exports || typeof exports !== 'object') return exports;
  const out: Record<string | symbol, unknown> = {};
  for (const key of Reflect.ownKeys(exports)) {
    const value = (exports as Record<string | symbol, unknown>)[key];
    out[key] = typeof value === 'function' ? timed(value as AnyFunction) : value;
  }
  return out;
}
