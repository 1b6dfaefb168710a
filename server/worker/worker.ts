// The piscina worker entry (dist/worker.js). It loads the bundled workload once per thread, runs
// each dispatch's inputs one after another, and writes one row per task into the shared task table.
// The same file, started as a plain Worker with role 'load', is the loader (see loaderWorker.ts).
import { workerData as rawWorkerData, threadId } from 'node:worker_threads';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { ProcProbe, type TaskProbe } from './procProbe';
import { CPU_TIME_MIN_TASK_MS, threadCpuMs } from './threadCpu';
import { cloneSize } from './cloneSize';
import { tableOf, type TaskTable } from './taskTable';
import { installWaitTracing, takeTaskLockWaitMs, drainWaitSites, type RawWaitSite } from './waits';
import { startCpuProfile, stopCpuProfile, type RawCpuProfile } from './profiler';
import { runLoader, type LoaderData } from './loaderWorker';
import { registerWorkloadResolver } from './workloadResolver';
import { workloadExports } from './workloadExports';
import { RECORDER_KEY } from '../sync/recorder';
import { pullTasks, type TaskHooks } from './pullLoop';
import { LAST_WORDS_BYTES, type DispatchMessage, type PullMessage, type SingleDispatch, type ControlMessage, type DispatchResult, type ControlResult, type PoolWorkerData } from './protocol';

type TaskFn = (input: unknown, ctx: unknown) => unknown;

const now = (): number => performance.timeOrigin + performance.now();

const loaderData = rawWorkerData as LoaderData | undefined;
if (loaderData && (loaderData as { scalescopeRole?: string }).scalescopeRole === 'load') runLoader(loaderData);

// Inside piscina, our workerData is piscina's `workerData` export.
function poolData(): PoolWorkerData {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('piscina').workerData as PoolWorkerData;
}

interface ThreadState {
  data: PoolWorkerData;
  slot: number;
  task: TaskFn;
  ctx: { workers: number; workerIndex: number; taskIndex: number; shared: unknown };
  probe: ProcProbe;
  /** schedstat run-queue total at start-repeat, ns (NaN: not measured, e.g. a replacement worker). */
  runQueueAtStartNs: number;
  elu: ReturnType<typeof performance.eventLoopUtilization>;
  gcTotalMs: number;
  /** Recent task windows so that GC entries, delivered later, are charged to the task they hit. */
  recent: RecentTasks;
  /** Charges the GC entries recorded but not yet delivered to the observer. */
  flushGc(): void;
}

/**
 * The last tasks' windows, so that GC entries (delivered after the task, on the event loop) are
 * charged to the tasks they overlapped. A fixed ring: nothing allocated per task.
 */
class RecentTasks {
  private static readonly SIZE = 256;
  private readonly tables: (TaskTable | null)[] = new Array(RecentTasks.SIZE).fill(null);
  private readonly rows = new Int32Array(RecentTasks.SIZE);
  private readonly starts = new Float64Array(RecentTasks.SIZE);
  private readonly ends = new Float64Array(RecentTasks.SIZE);
  private next = 0;

  add(table: TaskTable, row: number, start: number, end: number): void {
    const k = this.next;
    this.tables[k] = table; this.rows[k] = row; this.starts[k] = start; this.ends[k] = end;
    this.next = (k + 1) % RecentTasks.SIZE;
  }

  chargeOverlap(gcStart: number, gcEnd: number): void {
    for (let k = 0; k < RecentTasks.SIZE; k++) {
      const table = this.tables[k];
      if (!table) continue;
      const overlap = Math.min(gcEnd, this.ends[k]) - Math.max(gcStart, this.starts[k]);
      if (overlap > 0) table.gcMs[this.rows[k]] += overlap;
    }
  }

  /** Forgets every window: the repeat is over, and its table now holds the point's columns (taskTable.ts). */
  clear(): void {
    this.tables.fill(null);
  }
}

let statePromise: Promise<ThreadState> | null = null;
let currentTable: { id: number; rows: TaskTable } | null = null;
let mySlot = -1;
let cells: Int32Array | null = null;

/** Claims the lowest free worker slot (a replacement worker takes over the slot of the one it replaces). */
function claimSlot(): number {
  if (mySlot >= 0) return mySlot;
  const slots = new Int32Array(poolData().slots);
  for (let i = 0; i < slots.length; i++) if (Atomics.compareExchange(slots, i, 0, threadId + 1) === 0) return (mySlot = i);
  return (mySlot = slots.length + threadId); // more live workers than slots: only when the engine is misused
}

async function init(): Promise<ThreadState> {
  const data = poolData();
  installWaitTracing();
  if (data.cpuProfileIntervalUs) startCpuProfile(data.cpuProfileIntervalUs);
  if (data.syncUrl) registerWorkloadResolver(data.syncUrl);
  const mod = workloadExports((await import(pathToFileURL(data.bundlePath).href)) as Record<string, unknown>);
  const task = mod.task as TaskFn;
  const slot = claimSlot();
  recordLastWords(data.lastWords, slot);
  const ctx = { workers: data.workers, workerIndex: slot, taskIndex: -1, shared: data.shared };
  const state: ThreadState = {
    data, slot, task, ctx, probe: new ProcProbe(), runQueueAtStartNs: NaN, elu: performance.eventLoopUtilization(), gcTotalMs: 0, recent: new RecentTasks(), flushGc: () => undefined,
  };
  const charge = (entries: PerformanceEntry[]): void => {
    for (const e of entries) {
      const s = performance.timeOrigin + e.startTime;
      const en = s + e.duration;
      state.gcTotalMs += e.duration;
      state.recent.chargeOverlap(s, en);
    }
  };
  const obs = new PerformanceObserver((list) => charge(list.getEntries()));
  obs.observe({ entryTypes: ['gc'] });
  state.flushGc = () => charge(obs.takeRecords());
  if (typeof mod.setup === 'function') await (mod.setup as (ctx: unknown) => unknown)(ctx);
  return state;
}

/** On process.exit in a task, leave the stack of the exit call for the engine to map to a line. */
function recordLastWords(sab: SharedArrayBuffer, slot: number): void {
  if (slot < 0 || (slot + 1) * LAST_WORDS_BYTES > sab.byteLength) return;
  process.on('exit', () => {
    const stack = new Error('process.exit').stack ?? '';
    const bytes = new TextEncoder().encode(stack).subarray(0, LAST_WORDS_BYTES - 4);
    const view = new Uint8Array(sab, slot * LAST_WORDS_BYTES, LAST_WORDS_BYTES);
    view.set(bytes, 4);
    new DataView(sab, slot * LAST_WORDS_BYTES, 4).setUint32(0, bytes.length);
  });
}

const probed: TaskProbe = { runQueueStartNs: NaN, runQueueEndNs: NaN, coreStart: NaN, coreEnd: NaN };

/** The task being measured: one per thread, reused (nothing is allocated per task). */
const current = { row: 0, start: 0, cpuMs: 0 };

/** Everything before the task function is entered. */
function beginTask(st: ThreadState, table: TaskTable, row: number, index: number, recvAt: number): void {
  table.worker[row] = st.slot;
  table.recvAt[row] = recvAt;
  // bytesIn is written by the engine when it dispatches (each input is measured once per sweep).
  table.gcMs[row] = 0;
  st.ctx.taskIndex = index;
  takeTaskLockWaitMs();
  st.probe.begin(probed);
  current.row = row;
  current.cpuMs = threadCpuMs();
  current.start = now();
  table.start[row] = current.start;
}

/** Everything after the task function settled. */
function endTask(st: ThreadState, table: TaskTable, ok: boolean, result: unknown, out: DispatchResult): void {
  const end = now();
  const { row, start } = current;
  st.probe.end(probed, end);
  table.cpuMs[row] = end - start >= CPU_TIME_MIN_TASK_MS ? threadCpuMs() - current.cpuMs : NaN;
  table.runQueueMs[row] = (probed.runQueueEndNs - probed.runQueueStartNs) / 1e6;
  table.coreStart[row] = probed.coreStart;
  table.coreEnd[row] = probed.coreEnd;
  table.lockWaitMs[row] = takeTaskLockWaitMs();
  table.bytesOut[row] = ok ? cloneSize(result) : 0;
  table.ok[row] = ok ? 1 : 0;
  table.end[row] = end;
  st.recent.add(table, row, start, end);
  if (!ok) {
    const err = result instanceof Error ? result : new Error(String(result));
    out.errors.push({ row, message: err.message || String(result), stack: err.stack ?? '' });
  } else if (out.outputs) out.outputs.push(result);
}

/**
 * Runs the dispatch's tasks from `k` on, synchronously while tasks return plain values: an async
 * function here would add promise hops to every hand-over between tasks, which the engine's
 * dispatch latency (and so the measured makespan) would include. A task that returns a promise
 * continues the batch asynchronously from there.
 */
function runTasks(st: ThreadState, table: TaskTable, msg: DispatchMessage, recvAt: number, k: number, out: DispatchResult): DispatchResult | null | Promise<DispatchResult | null> {
  for (; k < msg.rows.length; k++) {
    beginTask(st, table, msg.rows[k], msg.indexes[k], k === 0 ? recvAt : NaN);
    let result: unknown;
    try {
      result = st.task(msg.inputs[k], st.ctx);
    } catch (e) {
      endTask(st, table, false, e, out);
      continue;
    }
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      const next = k + 1;
      return Promise.resolve(result as Promise<unknown>).then(
        (value) => { endTask(st, table, true, value, out); return runTasks(st, table, msg, recvAt, next, out); },
        (e: unknown) => { endTask(st, table, false, e, out); return runTasks(st, table, msg, recvAt, next, out); },
      );
    }
    endTask(st, table, true, result, out);
  }
  st.ctx.taskIndex = -1;
  // Nothing to report is the common case: null is the cheapest message back.
  return out.errors.length || out.outputs ? out : null;
}

let state: ThreadState | null = null;

function runDispatch(msg: DispatchMessage, recvAt = now()): DispatchResult | null | Promise<DispatchResult | null> {
  // Written before anything can fail, so the engine knows which slot to free if this worker dies.
  cells ??= new Int32Array(poolData().cells);
  Atomics.store(cells, msg.cell, claimSlot());
  if (!state) {
    statePromise ??= init();
    return statePromise.then((st) => { state = st; return runDispatch(msg, recvAt); });
  }
  if (msg.table && currentTable?.id !== msg.tableId) currentTable = { id: msg.tableId, rows: tableOf(msg.table) };
  if (currentTable?.id !== msg.tableId) throw new Error('internal: a dispatch reached a worker without its task table');
  return runTasks(state, currentTable.rows, msg, recvAt, 0, { errors: [], outputs: msg.returnOutputs ? [] : undefined });
}

/** One pull per worker and repeat: tasks come from the shared queue, not from messages (pullLoop.ts). */
function runPull(msg: PullMessage): DispatchResult | null | Promise<DispatchResult | null> {
  cells ??= new Int32Array(poolData().cells);
  Atomics.store(cells, msg.cell, claimSlot());
  if (!state) {
    statePromise ??= init();
    return statePromise.then((st) => { state = st; return runPull(msg); });
  }
  const st = state;
  const inputs = st.data.inputs;
  if (!inputs) throw new Error('internal: a pull reached a worker started without the inputs');
  if (currentTable?.id !== msg.tableId) currentTable = { id: msg.tableId, rows: tableOf(msg.table) };
  const table = currentTable.rows;
  const hooks: TaskHooks = {
    begin: (row, index, recvAt) => beginTask(st, table, row, index, recvAt),
    call: (index) => st.task(inputs[index], st.ctx),
    end: (ok, result, out) => endTask(st, table, ok, result, out),
    now,
  };
  const done = (r: DispatchResult | null): DispatchResult | null => { st.ctx.taskIndex = -1; return r; };
  const r = pullTasks(new Int32Array(msg.queue), st.slot, hooks);
  return r instanceof Promise ? r.then(done) : done(r);
}

/** Runs once on every worker at the end of a repeat: the barrier makes each worker take exactly one. */
async function runControl(msg: ControlMessage): Promise<ControlResult> {
  statePromise ??= init();
  const st = await statePromise;
  const counter = new Int32Array(msg.barrier);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
  const deadline = Date.now() + msg.barrierTimeoutMs;
  // Hold this worker until all have arrived so that no worker takes two control messages.
  // The original wait is used through the recorder-free path: these waits are ours, not the user's.
  for (let seen = Atomics.load(counter, 0); seen < msg.parties && Date.now() < deadline; seen = Atomics.load(counter, 0)) {
    untracedWait(counter, 0, seen, Math.max(1, deadline - Date.now()));
  }
  const elu = performance.eventLoopUtilization(st.elu);
  st.elu = performance.eventLoopUtilization();
  let sites: RawWaitSite[] = [];
  let profile: RawCpuProfile | null = null;
  if (msg.op === 'start-repeat' && msg.table) currentTable = { id: msg.tableId ?? 0, rows: tableOf(msg.table) };
  let runQueueMs: number | null = null;
  if (msg.op === 'start-repeat') st.runQueueAtStartNs = st.probe.runQueueTotalNs();
  if (msg.op === 'end-repeat') {
    // GC entries not yet delivered are charged now, and none after: once the repeat is kept, its
    // table holds the point's columns (taskTable.ts), which must not change under a saved run.
    st.flushGc();
    st.recent.clear();
    currentTable = null;
    sites = drainWaitSites();
    const rq = st.probe.runQueueTotalNs() - st.runQueueAtStartNs;
    runQueueMs = Number.isFinite(rq) ? rq / 1e6 : null;
  }
  // One profile per point, sliced per repeat by the engine: restarting V8's profiler loses the
  // optimized code compiled before the restart (its samples land on the caller).
  if (msg.op === 'end-point') profile = stopCpuProfile();
  const gcMs = st.gcTotalMs;
  st.gcTotalMs = 0;
  takeTaskLockWaitMs();
  return { slot: st.slot, threadId, elu: elu.utilization, gcMs, runQueueMs, sites, profile };
}

function untracedWait(arr: Int32Array, index: number, value: number, timeout: number): void {
  const rec = (globalThis as Record<symbol, { atomicsWait?: typeof Atomics.wait } | undefined>)[Symbol.for(RECORDER_KEY)];
  (rec?.atomicsWait ?? Atomics.wait)(arr, index, value, timeout);
}

/** A single-input dispatch seen as a batch of one; reused, as a worker runs one dispatch at a time. */
const single: DispatchMessage = { kind: 'dispatch', cell: 0, tableId: 0, rows: [0], indexes: [0], inputs: [undefined], returnOutputs: false };

export default function handle(msg: SingleDispatch | DispatchMessage | PullMessage | ControlMessage): DispatchResult | null | Promise<DispatchResult | ControlResult | null> {
  if (Array.isArray(msg)) {
    const recvAt = now();
    single.cell = msg[0]; single.tableId = msg[1]; single.rows[0] = msg[2]; single.indexes[0] = msg[3]; single.inputs[0] = msg[4];
    return runDispatch(single, recvAt);
  }
  return msg.kind === 'dispatch' ? runDispatch(msg) : msg.kind === 'pull' ? runPull(msg) : runControl(msg);
}
