// Main-thread side of workload loading: bundle, then import in a loader worker and fetch the inputs.
import { Worker } from 'node:worker_threads';
import { prepareWorkload } from './bundle';
import { distPath } from './distPath';
import { WorkloadLoadError } from './errors';
import { StackMapper } from './sourceMap';
import { definitionLine } from './definitionLine';
import { checkSyntax, placeFromArrowMessage } from './syntaxCheck';
import type { LoaderReply, LoaderRequest, WorkloadInputs } from '../worker/protocol';
import type { LoaderData } from '../worker/loaderWorker';

export interface LoadedWorkload {
  source: string;
  bundlePath: string;
  /** Set when Node loads the workload itself: where workers resolve `scalescope/sync`. */
  syncUrl: string | null;
  mapper: StackMapper;
  inputs: WorkloadInputs;
  options: unknown;
  /** The line of the default export (the task function), for failures that leave no user stack. */
  taskLocation: { file: string; line: number } | null;
  /** shared() for one sweep point, evaluated in the loader thread. */
  shared(workers: number): Promise<unknown>;
  close(): Promise<void>;
}

/** Without a bundle, a module that does not parse says where only in Node's arrow message or `--check`. */
function syntaxPlace(reply: Extract<LoaderReply, { type: 'error' }>, source: string): { file: string; line: number; column?: number } | null {
  const inStack = placeFromArrowMessage(reply.stack);
  if (inStack) return inStack;
  return /^SyntaxError\b/.test(reply.stack) ? checkSyntax(source) : null;
}

function toLoadError(reply: Extract<LoaderReply, { type: 'error' }>, source: string, mapper: StackMapper): WorkloadLoadError {
  const loc = mapper.userLocation(reply.stack) ?? (reply.phase === 'import' && !mapper.sourceMapped ? syntaxPlace(reply, source) : null);
  const what = {
    import: 'failed while loading', default: 'has no task function', tasks: 'tasks() failed', clone: 'has inputs that cannot be cloned',
    shared: 'shared() failed', options: 'has invalid options',
  }[reply.phase];
  if (loc) return new WorkloadLoadError(`${what}: ${reply.message}`, loc.file, loc.line, loc.column ?? null);
  const line = reply.phase === 'tasks' || reply.phase === 'clone' ? definitionLine(source, 'tasks')
    : reply.phase === 'shared' ? definitionLine(source, 'shared')
      : reply.phase === 'default' ? definitionLine(source, 'default') : null;
  return new WorkloadLoadError(`${what}: ${reply.message}`, source, line);
}

export async function loadWorkload(path: string, opts: { maxWorkers: number; timeoutMs: number }): Promise<LoadedWorkload> {
  const { source, bundlePath, syncUrl } = await prepareWorkload(path);
  const mapper = new StackMapper(bundlePath);
  const loaderData: LoaderData = { scalescopeRole: 'load', bundlePath, syncUrl, maxWorkers: opts.maxWorkers };
  const worker = new Worker(distPath('worker.js'), { workerData: loaderData, stdout: false, stderr: false });
  worker.unref();
  let pending: { resolve: (r: LoaderReply) => void; reject: (e: Error) => void; timer: NodeJS.Timeout } | null = null;
  let exited: Error | null = null;

  const settle = (r: LoaderReply | Error): void => {
    const p = pending; pending = null;
    if (!p) return;
    clearTimeout(p.timer);
    if (r instanceof Error) p.reject(r); else p.resolve(r);
  };
  worker.on('message', (m: LoaderReply) => settle(m));
  worker.on('error', (e) => settle(new WorkloadLoadError(`failed while loading: ${e.message}`, mapper.userLocation(e.stack)?.file ?? source, mapper.userLocation(e.stack)?.line ?? null)));
  worker.on('exit', (code) => {
    exited = new WorkloadLoadError(`the workload exited the process (code ${code}) while loading`, source);
    settle(exited);
  });

  const next = (what: string): Promise<LoaderReply> => new Promise((resolve, reject) => {
    if (exited) { reject(exited); return; }
    const timer = setTimeout(() => {
      settle(new WorkloadLoadError(`${what} did not finish within ${opts.timeoutMs} ms`, source, definitionLine(source, what === 'shared()' ? 'shared' : 'tasks')));
      void worker.terminate();
    }, opts.timeoutMs);
    pending = { resolve, reject, timer };
  });

  const first = await next('loading the workload and tasks()').catch(async (e) => { await worker.terminate(); throw e; });
  if (first.type === 'error') { await worker.terminate(); throw toLoadError(first, source, mapper); }
  if (first.type !== 'loaded') { await worker.terminate(); throw new WorkloadLoadError('loader answered out of order', source); }

  return {
    source, bundlePath, syncUrl, mapper, inputs: first.inputs, options: first.options,
    taskLocation: ((line) => (line ? { file: source, line } : null))(definitionLine(source, 'default')),
    async shared(workers: number) {
      const wait = next('shared()');
      worker.postMessage({ op: 'shared', workers } satisfies LoaderRequest);
      const r = await wait;
      if (r.type === 'error') throw toLoadError(r, source, mapper);
      if (r.type !== 'shared') throw new WorkloadLoadError('loader answered out of order', source);
      return r.shared;
    },
    async close() { worker.removeAllListeners('exit'); await worker.terminate(); },
  };
}
