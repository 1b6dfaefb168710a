// tinypool, adapted in both of its halves:
// - in the program: the Tinypool class, so that every pool gets the swept size (minThreads =
//   maxThreads = the count) unless --no-pool-override. tinypool is an ES module: an `import` is
//   sized through the ES module hooks (poolLoader.ts, registered by esmPools.ts), a `require` (Node
//   20.19+ loads ES modules there too) through the require hook (requireHook.ts);
// - in tinypool's worker (node_modules/tinypool/dist/entry/worker.js): each task, from the message
//   that carries it to the reply that settles it. tinypool's worker `import()`s the task module
//   itself (no require to hook) and takes tasks two ways: a `message` listener on a MessagePort of its
//   own, and `receiveMessageOnPort` after an `Atomics.wait` (its default); both are seen here, and
//   the reply (`port.postMessage({ taskId, error, … })`) ends the task, failed when it carries an error.
import workerThreads from 'node:worker_threads';
import { syncBuiltinESMExports } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { functionLine } from './functionLine';
import { postsOn, type Posted } from './dispatch';
import type { PoolHookOptions } from './piscinaHooks';
import type { RequireAdapter } from './requireHook';
import type { Started, TaskTimer } from './taskTimer';
import type { RowWriter } from './rowWriter';

const TINYPOOL_PACKAGE = 'tinypool';

type PoolClass = new (options?: Record<string, unknown>) => object;

/** tinypool's export with every pool sized to `size`: a subclass, its statics inherited; `run` records its posts. */
export function sizedTinypool(Original: PoolClass, size: number, posted: Posted): PoolClass {
  postsOn(Original.prototype as Record<string, unknown>, 'run', posted);
  return class Tinypool extends Original {
    constructor(options: Record<string, unknown> = {}) {
      super({ ...options, minThreads: size, maxThreads: size });
    }
  };
}

/** `require('tinypool')` (an ES module's namespace): the same exports, the class sized. */
export function tinypoolAdapter(opts: PoolHookOptions): RequireAdapter {
  const adapted = new WeakMap<object, object>();
  return (request, _parent, exports) => {
    const size = opts.poolSize;
    if (size === null || request !== TINYPOOL_PACKAGE || !exports || typeof exports !== 'object') return undefined;
    const ns = exports as Record<string, unknown>;
    const Original = (ns.Tinypool ?? ns.default) as PoolClass | undefined;
    if (typeof Original !== 'function') return undefined;
    let out = adapted.get(exports);
    if (!out) {
      const sized = sizedTinypool(Original, size, opts.posted);
      out = { ...ns, Tinypool: sized, default: sized };
      adapted.set(exports, out);
    }
    return out;
  };
}

/** A task message of tinypool's worker protocol (src/common.ts RequestMessage). */
interface TaskMessage { taskId: number; filename: string; name: string; task: unknown }
const isTask = (m: unknown): m is TaskMessage => {
  const t = m as Partial<TaskMessage> | null;
  return !!t && typeof t === 'object' && typeof t.taskId === 'number' && 'task' in t && typeof t.filename === 'string';
};
/** tinypool's worker marks its thread before it listens (entry/worker.ts). */
const inTinypoolWorker = (): boolean => (process as { __tinypool_state__?: { isTinypoolWorker?: boolean } }).__tinypool_state__?.isTinypoolWorker === true;

type Listener = (...args: unknown[]) => unknown;
interface InFlight { started: Started; location: () => number }

/** In a worker thread: each tinypool task timed, from its message to its reply. */
export function timeTinypoolTasks(timer: TaskTimer, rows: RowWriter): void {
  const ports = new WeakMap<object, Map<number, InFlight>>();
  // Per task module and export: the task function's location once tinypool has imported it, else the file's first line.
  const locations = new Map<string, number>();
  const locationOf = (message: TaskMessage): number => {
    const key = `${message.filename}\0${message.name}`;
    let id = locations.get(key);
    if (id === undefined) {
      const file = message.filename.startsWith('file:') ? fileURLToPath(message.filename) : message.filename;
      id = rows.locationId(file, 1, 1);
      locations.set(key, id);
      // The same import tinypool's worker makes (its cached module): the function it calls (entry/utils.ts getHandler).
      import(pathToFileURL(file).href).then((ns: Record<string, unknown>) => {
        const base = ns.default && typeof ns.default === 'object' ? ns.default as Record<string, unknown> : ns;
        const at = functionLine(file, base[message.name]);
        if (at) locations.set(key, rows.locationId(file, at.line, at.column));
      }, () => undefined);
    }
    return id;
  };
  const began = (port: workerThreads.MessagePort, message: unknown): void => {
    if (!inTinypoolWorker() || !isTask(message)) return;
    let tasks = ports.get(port);
    if (!tasks) {
      tasks = new Map();
      ports.set(port, tasks);
      endAtReply(port, tasks, timer);
    }
    tasks.set(message.taskId, { started: timer.begin(locationOf(message), false, timer.bytes(message.task)), location: () => locationOf(message) });
  };

  const receive = workerThreads.receiveMessageOnPort;
  workerThreads.receiveMessageOnPort = (port) => {
    const entry = receive(port);
    if (entry) began(port as workerThreads.MessagePort, entry.message);
    return entry;
  };
  syncBuiltinESMExports();

  const proto = workerThreads.MessagePort.prototype as unknown as Record<'on' | 'addListener', (this: workerThreads.MessagePort, event: string | symbol, listener: Listener) => unknown>;
  for (const method of ['on', 'addListener'] as const) {
    const original = proto[method];
    proto[method] = function (event, listener) {
      if (event !== 'message' || typeof listener !== 'function' || this === workerThreads.parentPort || !inTinypoolWorker()) return original.call(this, event, listener);
      return original.call(this, event, (...args: unknown[]) => {
        began(this, args[0]);
        return listener.apply(this, args);
      });
    };
  }
}

/** The port's replies end its tasks: `{ taskId, error }`, failed when error is set. */
function endAtReply(port: workerThreads.MessagePort, tasks: Map<number, InFlight>, timer: TaskTimer): void {
  const post = port.postMessage;
  port.postMessage = function (this: workerThreads.MessagePort, message: unknown, transfer?: readonly workerThreads.TransferListItem[]) {
    const reply = message as { taskId?: unknown; error?: unknown; result?: unknown } | null;
    if (reply && typeof reply === 'object' && typeof reply.taskId === 'number') {
      const s = tasks.get(reply.taskId);
      if (s) {
        tasks.delete(reply.taskId);
        // By now tinypool has imported the task module: the function's own line is known.
        s.started.location = s.location();
        timer.end(s.started, reply.error == null, reply.error, reply.error == null ? timer.bytes(reply.result) : 0);
      }
    }
    return post.call(this, message, transfer);
  } as typeof port.postMessage;
}
