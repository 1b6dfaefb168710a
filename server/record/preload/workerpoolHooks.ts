// workerpool, adapted as its main file loads (libraryMains.ts: `require` and ES module `import`
// alike, in the program and in its workers): `workerpool.pool(script, options)`
// gets the swept size (minWorkers = maxWorkers = the count) unless --no-pool-override, and the
// methods given to `workerpool.worker(methods)` in its workers (threads or processes) are timed,
// each at its own line, one task per call until the returned promise settles: workerpool's own
// message handler returns before an async method ends, and is not a task (messageTasks.ts leaves it alone).
import { callerLocation } from './callerLocation';
import { functionLine } from './functionLine';
import type { PoolHookOptions } from './piscinaHooks';
import { postsOn } from './dispatch';
import type { MainAdapter } from './libraryMains';
import { timedFunctions, type AnyFunction } from './timedFunctions';

type Pool = (script?: unknown, options?: Record<string, unknown>) => unknown;
type Worker = (methods?: Record<string, unknown>, options?: unknown) => unknown;

export function workerpoolMain(opts: PoolHookOptions): MainAdapter {
  return (exports) => (exports && typeof exports === 'object' ? adaptWorkerpool(exports as Record<string, unknown>, opts) : undefined);
}

function adaptWorkerpool(workerpool: Record<string, unknown>, opts: PoolHookOptions): object {
  const pool = workerpool.pool as Pool;
  const worker = workerpool.worker as Worker;
  const size = opts.poolSize;
  return {
    ...workerpool,
    pool(script?: unknown, options?: Record<string, unknown>): unknown {
      // pool(options) without a script is allowed too.
      const made = size === null ? pool(script, options)
        : script && typeof script === 'object' ? pool({ ...(script as Record<string, unknown>), minWorkers: size, maxWorkers: size })
          : pool(script, { ...options, minWorkers: size, maxWorkers: size });
      // Its tasks are handed out by exec (proxy() methods call it too).
      if (made && typeof made === 'object') postsOn(made as Record<string, unknown>, 'exec', opts.posted);
      return made;
    },
    worker(methods?: Record<string, unknown>, options?: unknown): unknown {
      if (!methods || typeof methods !== 'object') return worker(methods, options);
      // Each method at its own line where it is written in the file that registers it (functionLine.ts), else at the registration.
      const at = callerLocation();
      const location = (fn: AnyFunction): number | null => {
        if (!at) return null;
        const own = functionLine(at.file, fn) ?? at;
        return opts.rows.locationId(at.file, own.line, own.column);
      };
      return worker(timedFunctions(methods, location, opts.timer), options);
    },
  };
}
