// The loader runs the workload's module-level code, tasks() and shared() in a worker thread of its
// own, so that a workload that throws, loops or exits at load time cannot take the engine down.
import { parentPort } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { LoaderReply, LoaderRequest, WorkloadInputs } from './protocol';
import { registerWorkloadResolver } from './workloadResolver';
import { workloadExports, type WorkloadExports } from './workloadExports';

export interface LoaderData { scalescopeRole: 'load'; bundlePath: string; syncUrl: string | null; maxWorkers: number }

function reply(msg: LoaderReply): void { parentPort!.postMessage(msg); }

function fail(phase: Extract<LoaderReply, { type: 'error' }>['phase'], e: unknown): void {
  const err = e instanceof Error ? e : new Error(String(e));
  reply({ type: 'error', phase, message: err.message || String(e), stack: err.stack ?? '' });
}

async function collect(source: unknown): Promise<unknown[]> {
  if (Array.isArray(source)) return source;
  if (source && typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const out: unknown[] = [];
    for await (const x of source as AsyncIterable<unknown>) out.push(x);
    return out;
  }
  if (source && typeof (source as Iterable<unknown>)[Symbol.iterator] === 'function' && typeof source !== 'string') return [...(source as Iterable<unknown>)];
  throw new TypeError(`tasks() must return an array, an iterable or an async iterable, got ${source === null ? 'null' : typeof source}`);
}

export function runLoader(data: LoaderData): void {
  void (async () => {
    let mod: WorkloadExports;
    try {
      if (data.syncUrl) registerWorkloadResolver(data.syncUrl);
      mod = workloadExports((await import(pathToFileURL(data.bundlePath).href)) as Record<string, unknown>);
    } catch (e) { fail('import', e); return; }
    if (typeof mod.task !== 'function') {
      fail('default', new TypeError('the workload has no default export function (export default function task(input, ctx) { ... }, or module.exports = function task(input, ctx) { ... })'));
      return;
    }
    if (typeof mod.tasks !== 'function') {
      fail('tasks', new TypeError('the workload has no tasks() export (export function tasks(ctx) { return [...inputs] }, or module.exports.tasks = function (ctx) { ... })'));
      return;
    }
    let inputs: unknown[];
    try {
      inputs = await collect(await (mod.tasks as (ctx: unknown) => unknown)({ workers: data.maxWorkers, workerIndex: -1, taskIndex: -1, shared: null }));
    } catch (e) { fail('tasks', e); return; }
    try {
      reply({ type: 'loaded', options: mod.options ?? null, inputs: sharedInputs(inputs), exports: mod.names });
      inputs = []; // the engine holds its own copy now; a million inputs should not live twice
    } catch (e) {
      // Find the first input that cannot be cloned, so the message can name it.
      let which = -1;
      for (let i = 0; i < inputs.length && which < 0; i++) { try { structuredClone(inputs[i]); } catch { which = i; } }
      fail('clone', new TypeError(`input #${which} from tasks() cannot be sent to a worker: ${(e as Error).message}`));
      return;
    }
    parentPort!.on('message', (req: LoaderRequest) => {
      if (req.op === 'exit') { process.exit(0); }
      void (async () => {
        try {
          const shared = typeof mod.shared === 'function' ? await (mod.shared as (ctx: unknown) => unknown)({ workers: req.workers, workerIndex: -1, taskIndex: -1, shared: null }) : null;
          try { reply({ type: 'shared', shared }); } catch (e) { fail('clone', new TypeError(`shared() returned a value that cannot be sent to workers: ${(e as Error).message}`)); }
        } catch (e) { fail('shared', e); }
      })();
    });
  })();
}

/** tasks()'s inputs as they travel (WorkloadInputs): all numbers become one shared Float64Array. */
export function sharedInputs(inputs: unknown[]): WorkloadInputs {
  for (let i = 0; i < inputs.length; i++) if (typeof inputs[i] !== 'number') return inputs;
  const out = new Float64Array(new SharedArrayBuffer(8 * Math.max(1, inputs.length)), 0, inputs.length);
  out.set(inputs as number[]);
  return out;
}
