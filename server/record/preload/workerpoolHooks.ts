// workerpool, adapted where it is required (requireHook.ts): `workerpool.pool(script, options)`
// gets the swept size (minWorkers = maxWorkers = the count) unless --no-pool-override, and the
// methods given to `workerpool.worker(methods)` in its workers (threads or processes) are timed,
// one task per call until the returned promise settles: workerpool's own message handler returns
// before an async method ends, and is not a task (messageTasks.ts leaves it alone).
import { callerLocation } from './callerLocation';
import type { PoolHookOptions } from './piscinaHooks';
import { postsOn } from './dispatch';
import type { RequireAdapter } from './requireHook';
import { timedFunctions } from './timedFunctions';

const WORKERPOOL_PACKAGE = 'workerpool';

type Pool = (script?: unknown, options?: Record<string, unknown>) => unknown;
type Worker = (methods?: Record<string, unknown>, options?: unknown) => unknown;

export function workerpoolAdapter(opts: PoolHookOptions): RequireAdapter {
  const adapted = new WeakMap<object, object>();
  return (request, _parent, exports) => {
    if (request !== WORKERPOOL_PACKAGE || !exports || typeof exports !== 'object') return undefined;
    let out = adapted.get(exports);
    if (!out) { out = adaptWorkerpool(exports as Record<string, unknown>, opts); adapted.set(exports, out); }
    return out;
  };
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
      const at = callerLocation();
      const location = at ? opts.rows.locationId(at.file, at.line, at.column) : null;
      return worker(timedFunctions(methods, location, opts.timer), options);
    },
  };
}
