// A task without a pool library: one `message` event handled on `parentPort` (a worker thread) or
// on `process` (a child process with IPC), until its handler returns or the promise it returns
// settles. Handlers that pool libraries register for their own protocol are left alone: their
// tasks are timed at the task function (piscinaHooks.ts).
import type { EventEmitter } from 'node:events';
import { callerLocation } from './callerLocation';
import type { RowWriter } from './rowWriter';
import type { TaskTimer } from './taskTimer';

/** Pool libraries whose own `message` handlers are not tasks. */
const POOL_LIBRARY = /[\\/]node_modules[\\/](piscina|tinypool|workerpool|jest-worker)[\\/]/;

type Listener = (...args: unknown[]) => unknown;

export function timeMessageHandlers(target: EventEmitter, reply: 'postMessage' | 'send', timer: TaskTimer, rows: RowWriter): void {
  const post = (target as unknown as Record<string, unknown>)[reply];
  if (typeof post === 'function') {
    (target as unknown as Record<string, unknown>)[reply] = function (this: unknown, ...args: unknown[]): unknown {
      timer.replied();
      return (post as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
  const wrapped = new WeakMap<Listener, Listener>();
  const wrap = (listener: Listener): Listener => {
    const stack = new Error().stack ?? '';
    if (POOL_LIBRARY.test(stack)) return listener;
    const at = callerLocation();
    const location = at ? rows.locationId(at.file, at.line, at.column) : null;
    const timed = function (this: unknown, ...args: unknown[]): unknown {
      return timer.time(location, () => listener.apply(this, args));
    };
    wrapped.set(listener, timed);
    return timed;
  };
  for (const method of ['on', 'addListener', 'once', 'prependListener', 'prependOnceListener'] as const) {
    const original = target[method] as (event: string | symbol, listener: Listener) => EventEmitter;
    target[method] = function (this: EventEmitter, event: string | symbol, listener: Listener) {
      return original.call(this, event, event === 'message' && typeof listener === 'function' ? wrap(listener) : listener);
    } as never;
  }
  for (const method of ['off', 'removeListener'] as const) {
    const original = target[method] as (event: string | symbol, listener: Listener) => EventEmitter;
    target[method] = function (this: EventEmitter, event: string | symbol, listener: Listener) {
      return original.call(this, event, (event === 'message' && wrapped.get(listener)) || listener);
    } as never;
  }
}
