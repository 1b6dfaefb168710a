// A task without a pool library: one `message` event handled on `parentPort` (a worker thread) or
// on `process` (a child process with IPC), until its handler returns or the promise it returns
// settles. Handlers that libraries register for their own protocol are left alone (libraryThreads.ts).
import { callerLocation } from './callerLocation';
import { LIBRARY_CODE } from './libraryThreads';
import type { RowWriter } from './rowWriter';
import type { TaskTimer } from './taskTimer';

type Listener = (...args: unknown[]) => unknown;
type Method = (this: unknown, event: string | symbol, listener: Listener) => unknown;

export function timeMessageHandlers(port: object, reply: 'postMessage' | 'send', timer: TaskTimer, rows: RowWriter): void {
  // parentPort (a MessagePort with Node's emitter methods) or process: patched per instance.
  const target = port as Record<string, unknown>;
  const post = target[reply];
  if (typeof post === 'function') {
    target[reply] = function (this: unknown, ...args: unknown[]): unknown {
      timer.replied(args[0]);
      return (post as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
  const wrapped = new WeakMap<Listener, Listener>();
  const wrap = (listener: Listener): Listener => {
    const stack = new Error().stack ?? '';
    if (LIBRARY_CODE.test(stack)) return listener;
    const at = callerLocation();
    const location = at ? rows.locationId(at.file, at.line, at.column) : null;
    const timed = function (this: unknown, ...args: unknown[]): unknown {
      return timer.time(location, listener, this, args, true, args[0]);
    };
    wrapped.set(listener, timed);
    return timed;
  };
  for (const method of ['on', 'addListener', 'once', 'prependListener', 'prependOnceListener'] as const) {
    const original = target[method] as Method;
    target[method] = function (this: unknown, event: string | symbol, listener: Listener): unknown {
      return original.call(this, event, event === 'message' && typeof listener === 'function' ? wrap(listener) : listener);
    };
  }
  for (const method of ['off', 'removeListener'] as const) {
    const original = target[method] as Method;
    target[method] = function (this: unknown, event: string | symbol, listener: Listener): unknown {
      return original.call(this, event, (event === 'message' && wrapped.get(listener)) || listener);
    };
  }
}
