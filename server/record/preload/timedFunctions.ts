// A task module's functions wrapped so that each call is one task (taskTimer.ts), for the pool
// libraries whose worker calls the user's functions (piscinaHooks.ts, workerpoolHooks.ts).
import type { TaskTimer } from './taskTimer';

export type AnyFunction = (...args: unknown[]) => unknown;

export function timedFunction(fn: AnyFunction, location: number | null, timer: TaskTimer): AnyFunction {
  return function (this: unknown, ...args: unknown[]) {
    // What was sent for the call: its one argument (piscina's task), else the arguments (workerpool's params).
    return timer.time(location, fn, this, args, false, args.length === 1 ? args[0] : args);
  };
}

/** The object's own function properties wrapped, each at its location (a number: the same for all); other properties as they are. */
export function timedFunctions(exports: object, location: number | null | ((fn: AnyFunction) => number | null), timer: TaskTimer): Record<string | symbol, unknown> {
  const out: Record<string | symbol, unknown> = {};
  for (const key of Reflect.ownKeys(exports)) {
    const value = (exports as Record<string | symbol, unknown>)[key];
    out[key] = typeof value === 'function' ? timedFunction(value as AnyFunction, typeof location === 'function' ? location(value as AnyFunction) : location, timer) : value;
  }
  return out;
}
