// The piscina worker entry (dist/worker.js). It loads the bundled workload once per thread, runs
// each dispatch's inputs one after another, and writes one row per task into the shared task table.
// The same file, started as a plain Worker with role 'load', is the loader (see loaderWorker.ts).
import { workerData as rawWorkerData, threadId } from 'node:worker_threads';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { serialize } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { ProcProbe, type ThreadSample } from './procProbe';
import { F, FIELDS } from './taskTable';
import { installWaitTracing, takeTaskLockWaitMs, drainWaitSites, type RawWaitSite } from './waits';
import { startCpuProfile, stopCpuProfile, type RawCpuProfile } from './profiler';
import { runLoader, type LoaderData } from './loaderWorker';
import { registerWorkloadResolver } from './workloadResolver';
import { RECORDER_KEY } from '../sync/recorder';
import { LAST_WORDS_BYTES, type DispatchMessage, type ControlMessage, type DispatchResult, type ControlResult, type PoolWorkerData } from './protocol';

type TaskFn = (input: unknown, ctx: unknown) => unknown;
interface WorkloadModule { default?: unknown; setup?: (ctx: unknown) => unknown }

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
  elu: ReturnType<typeof performance.eventLoopUtilization>;
  gcTotalMs: number;
  /** Recent task windows so that GC entries, delivered later, are charged to the task they hit. */
  recent: RecentTasks;
}

/**
 * The last tasks' windows, so that GC entries (delivered after the task, on the event loop) are
 * charged to the tasks they overlapped. A fixed ring: nothing allocated per task.
 */
class RecentTasks {
  private static readonly SIZE = 256;
  private readonly tables: (Float64Array | null)[] = new Array(RecentTasks.SIZE).fill(null);
  private readonly rows = new Int32Array(RecentTasks.SIZE);
  private readonly starts = new Float64Array(RecentTasks.SIZE);
  private readonly ends = new Float64Array(RecentTasks.SIZE);
  private next = 0;

  add(table: Float64Array, row: number, start: number, end: number): void {
    const k = this.next;
    this.tables[k] = table; this.rows[k] = row; this.starts[k] = start; this.ends[k] = end;
    this.next = (k + 1) % RecentTasks.SIZE;
  }

  chargeOverlap(gcStart: number, gcEnd: number): void {
    for (let k = 0; k < RecentTasks.SIZE; k++) {
      const table = this.tables[k];
      if (!table) continue;
      const overlap = Math.min(gcEnd, this.ends[k]) - Math.max(gcStart, this.starts[k]);
      if (overlap > 0) table[this.rows[k] * FIELDS + F.gcMs] += overlap;
    }
  }
}

let statePromise: Promise<ThreadState> | null = null;
let currentTable: { id: number; rows: Float64Array } | null = null;
let mySlot = -1;

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
  const mod = (await import(pathToFileURL(data.bundlePath).href)) as WorkloadModule;
  const task = (typeof mod.default === 'function' ? mod.default : (mod.default as { default?: unknown })?.default) as TaskFn;
  const slot = claimSlot();
  recordLastWords(data.lastWords, slot);
  const ctx = { workers: data.workers, workerIndex: slot, taskIndex: -1, shared: data.shared };
  const state: ThreadState = {
    data, slot, task, ctx, probe: new ProcProbe(), elu: performance.eventLoopUtilization(), gcTotalMs: 0, recent: new RecentTasks(),
  };
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const s = performance.timeOrigin + e.startTime;
      const en = s + e.duration;
      state.gcTotalMs += e.duration;
      state.recent.chargeOverlap(s, en);
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  if (typeof mod.setup === 'function') await mod.setup(ctx);
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

function sizeOf(value: unknown): number {
  if (value === undefined) return 0;
  try { return serialize(value).byteLength; } catch { return NaN; }
}

const sample: ThreadSample = { runQueueNs: 0, core: 0 };

// Thread CPU time needs clock_gettime(CLOCK_THREAD_CPUTIME_ID): process.threadCpuUsage (Node ≥ 23.9).
// schedstat's on-CPU field is only brought up to date at scheduler ticks and switches, so for
// millisecond tasks it reads far too low; without threadCpuUsage the field is null, not wrong.
const threadCpuUsage = (process as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage;
function threadCpuMs(): number {
  if (!threadCpuUsage) return NaN;
  const u = threadCpuUsage.call(process);
  return (u.user + u.system) / 1000;
}

async function runDispatch(msg: DispatchMessage): Promise<DispatchResult> {
  const recvAt = now();
  // Written before anything can fail, so the engine knows which slot to free if this worker dies.
  Atomics.store(new Int32Array(poolData().cells), msg.cell, claimSlot());
  statePromise ??= init();
  const st = await statePromise;
  if (msg.table && currentTable?.id !== msg.tableId) currentTable = { id: msg.tableId, rows: new Float64Array(msg.table) };
  if (currentTable?.id !== msg.tableId) throw new Error('internal: a dispatch reached a worker without its task table');
  const table = currentTable.rows;
  const errors: DispatchResult['errors'] = [];
  const outputs: unknown[] = [];
  for (let k = 0; k < msg.rows.length; k++) {
    const row = msg.rows[k];
    const base = row * FIELDS;
    const input = msg.inputs[k];
    table[base + F.worker] = st.slot;
    table[base + F.recvAt] = k === 0 ? recvAt : NaN;
    // Measured here, on the copy that crossed: values change representation when cloned, so the
    // size of the main thread's copy is what a worker really receives.
    table[base + F.bytesIn] = sizeOf(input);
    table[base + F.gcMs] = 0;
    st.ctx.taskIndex = msg.indexes[k];
    takeTaskLockWaitMs();
    st.probe.sample(sample);
    const rq0 = sample.runQueueNs;
    const cpu0 = threadCpuMs();
    table[base + F.coreStart] = sample.core;
    const start = now();
    table[base + F.start] = start;
    let ok = 1;
    let result: unknown;
    try {
      result = st.task(input, st.ctx);
      if (result && typeof (result as Promise<unknown>).then === 'function') result = await result;
    } catch (e) {
      ok = 0;
      const err = e instanceof Error ? e : new Error(String(e));
      errors.push({ row, message: err.message || String(e), stack: err.stack ?? '' });
    }
    const end = now();
    st.probe.sample(sample);
    table[base + F.cpuMs] = threadCpuMs() - cpu0;
    table[base + F.runQueueMs] = (sample.runQueueNs - rq0) / 1e6;
    table[base + F.coreEnd] = sample.core;
    table[base + F.lockWaitMs] = takeTaskLockWaitMs();
    table[base + F.bytesOut] = ok ? sizeOf(result) : 0;
    table[base + F.ok] = ok;
    table[base + F.end] = end;
    st.recent.add(table, row, start, end);
    if (msg.returnOutputs) outputs.push(result);
  }
  st.ctx.taskIndex = -1;
  return { errors, outputs: msg.returnOutputs ? outputs : undefined };
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
  if (msg.op === 'start-repeat' && msg.table) currentTable = { id: msg.tableId ?? 0, rows: new Float64Array(msg.table) };
  if (msg.op === 'end-repeat') sites = drainWaitSites();
  // One profile per point, sliced per repeat by the engine: restarting V8's profiler loses the
  // optimized code compiled before the restart (its samples land on the caller).
  if (msg.op === 'end-point') profile = stopCpuProfile();
  const gcMs = st.gcTotalMs;
  st.gcTotalMs = 0;
  takeTaskLockWaitMs();
  return { slot: st.slot, threadId, elu: elu.utilization, gcMs, sites, profile };
}

function untracedWait(arr: Int32Array, index: number, value: number, timeout: number): void {
  const rec = (globalThis as Record<symbol, { atomicsWait?: typeof Atomics.wait } | undefined>)[Symbol.for(RECORDER_KEY)];
  (rec?.atomicsWait ?? Atomics.wait)(arr, index, value, timeout);
}

export default function handle(msg: DispatchMessage | ControlMessage): Promise<DispatchResult | ControlResult> {
  return msg.kind === 'dispatch' ? runDispatch(msg) : runControl(msg);
}
