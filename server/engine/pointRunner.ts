// Runs one sweep point (one worker count): warm-ups, then measured repeats, feeding the pool itself
// in the configured order with at most p dispatches in flight (docs/decisions/engine.md). The pool
// stays open across the point's repeats, which the sweep may interleave with other points'.
import { performance } from 'node:perf_hooks';
import type { CoreSeries, Failure, FailureCause, Location, Point, PointBatch, PointDispatch, RepeatMachine, RunConfig, WaitSite, WorkerStat } from '../../common/runFile';
import { createTable, type TaskTable } from '../worker/taskTable';
import { cloneSize } from '../worker/cloneSize';
import type { DispatchMessage, DispatchResult, ControlResult, PullMessage, SingleDispatch, WorkloadInputs } from '../worker/protocol';
import { claim, claimOf, createQueue, exhausted, Q, releaseClaim } from '../worker/taskQueue';
import { chooseDispatch, fillPulledDispatches } from './sharedQueue';
import { autoBatchOf } from './autoBatch';
import { probeBatchFor } from '../analysis/batchChoice';
import { orderIndexes } from './order';
import { createPool, defaultHeapLimitMb, type PointPool } from './pool';
import { CoreSampler } from './coreSampler';
import { repeatMachine, type MachineProbe } from './machineProbe';
import type { StackMapper } from './sourceMap';
import { mapWaitSites } from './waitSites';
import { mapCpuProfile, saveCpuProfile, epochMsToProfileUs, type RawCpuProfile } from './profiles';
import { sliceCpuProfile } from '../analysis/cpuProfile';
import { PointFlameBuilder } from '../analysis/pointFlame';
import { DEFAULT_CORE_SAMPLE_MS, DEFAULT_PROFILE_INTERVAL_US } from './config';
import { sampleWorkerStack } from './stuckStack';
import { appendRepeatColumns, emptyPackedTaskColumns, engineColumns, reserveRepeatColumns, type EngineColumns } from './repeatColumns';
import type { PackedTaskColumns } from '../../common/packedColumns';
import { median } from '../../common/stats';
import type { RemoteHostRepeat, RemotePoint, RemoteProfile } from './remote';

const now = (): number => performance.timeOrigin + performance.now();

export interface PointContext {
  workers: number;
  config: RunConfig;
  inputs: WorkloadInputs;
  /**
   * Structured-clone size of each input (NaN until measured), kept for the whole sweep: the main
   * thread's inputs are themselves clones (from the loader thread), so their size is what a worker
   * receives, and measuring each input once instead of in every task saves ≈ 3 µs per task.
   */
  inputBytes: Float64Array;
  /** Known duration per input index (ms), for longest-first; missing entries sort last. */
  durations: Map<number, number> | null;
  bundlePath: string;
  syncUrl: string | null;
  shared: unknown;
  mapper: StackMapper;
  /** Where the task function is defined: the location given to failures that leave no user stack. */
  taskLocation: Location | null;
  cpuProfileDir: string | null;
  /** Set when the point's tasks run on remote workers (a fleet, server/engine/remote.ts): opens them. */
  openRemote?: (heapLimitMb: number | null) => Promise<RemotePoint>;
  signal: AbortSignal;
  onTasks(done: number, total: number, repeat: number, warmup: boolean, tasksPerSec: number): void;
  /** Called after each measured repeat with the point so far (for incremental saving). */
  onRepeat(point: Point, failures: Failure[]): void;
}

export interface PointOutcome { point: Point | null; failures: Failure[]; cancelled: boolean }

export interface RepeatOutcome {
  table: TaskTable; order: Int32Array; engine: EngineColumns; t0: number; makespanMs: number; failures: Failure[]; cancelled: boolean;
  /** The point's columns with room for this repeat's rows, made before it was timed (repeatColumns.ts). */
  reserved: PackedTaskColumns | null;
  /** Remote repeats: each row's host, when its result came back and when its job was sent (repeatColumns.ts RepeatRows). */
  hostOf?: Float64Array;
  receivedAt?: Float64Array;
  enqueuedAt?: Float64Array;
  /** Remote measured repeats: what each host recorded of it (remote.ts RemoteHostRepeat). */
  remoteHosts?: RemoteHostRepeat[];
}

export function classify(err: unknown, timedOut: boolean, cancelled: boolean): { cause: FailureCause; message: string } {
  const e = err as { code?: string; message?: string; name?: string };
  if (cancelled) return { cause: 'cancelled', message: 'the run was cancelled while this task ran' };
  if (timedOut) return { cause: 'timeout', message: 'the task ran past its timeout; its worker was stopped and replaced' };
  if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') return { cause: 'oom', message: `the worker ran out of memory (${e.message ?? ''}); it was replaced` };
  const exit = /worker exited with code:? ?(-?\d+)/.exec(e?.message ?? '');
  if (exit) return { cause: 'exit', message: `the task ended its worker with exit code ${exit[1]} (process.exit?); it was replaced` };
  return { cause: 'error', message: e?.message ?? String(err) };
}

let nextTableId = 1;

/** A dispatch in flight: a message dispatch of `rows`, or a worker pulling from the shared queue (`pull`). */
interface InFlight { rows: number[]; cell: number; pull: boolean; timedOut: boolean; stuckStack?: string | null }

/** How the point dispatches; a worker that fails outside any task turns pulling off for the rest of the point. */
export interface DispatchMode { pull: boolean; fallback: string | null }

async function runRepeat(pool: PointPool, ctx: PointContext, repeat: number, warmup: boolean, sampler: CoreSampler | null, mode: DispatchMode, batch: number, reserve: ((rows: number) => PackedTaskColumns | null) | null = null): Promise<RepeatOutcome> {
  const { config, inputs, workers } = ctx;
  const ordered = orderIndexes(inputs.length, config.order, (i) => ctx.durations?.get(i) ?? 0);
  const n = ordered.length;
  // Rows are claimed from one shared counter, by pulling workers and by the engine for a message
  // dispatch alike (taskQueue.ts): a claim of `batch` rows from row d·batch is dispatch d. The
  // untouched remainder of a failed message dispatch is requeued ahead of the rest as an explicit row
  // list; the rows a dead pulling worker had claimed but not started are found (`handed`) and
  // requeued once no worker is pulling.
  const queue = createQueue(ordered, batch, workers);
  const dispatchCount = Math.ceil(n / batch);
  const requeued: number[][] = [];
  const handed = new Uint8Array(n);
  let nextId = dispatchCount;
  const takeDispatch = (): { rows: number[]; id: number; retry: boolean } | null => {
    const again = requeued.shift();
    if (again) return { rows: again, id: nextId++, retry: true };
    const from = claim(queue);
    if (from < 0) return null;
    const rows: number[] = [];
    for (let r = from; r < Math.min(n, from + batch); r++) rows.push(r);
    return { rows, id: from / batch, retry: false };
  };
  const table = createTable(n);
  const tableSab = table.sab;
  const engine = engineColumns(ordered);
  const { dispatch: dispatchOf, submitAt } = engine;
  const failures: Failure[] = [];
  const freeCells = Array.from({ length: pool.cells.length }, (_, i) => i);
  // Tasks ended as seen by the engine (message dispatches, failures it recorded); pulling workers count theirs in the queue.
  let engineDone = 0;
  let pulls = 0;
  let orphanCheck = false;
  let cancelled = ctx.signal.aborted;
  // A pull sends no input: each row's input size is written here, before the repeat is timed.
  if (mode.pull) for (let row = 0; row < n; row++) table.bytesIn[row] = inputBytesOf(ctx, ordered[row]);
  // Every worker gets the table once per repeat (a SharedArrayBuffer per dispatch message costs ~30 µs).
  const tableId = nextTableId++;
  await pool.broadcast('start-repeat', { id: tableId, sab: tableSab });
  // A worker that replaces a dead one has not seen the table: from then on it rides with dispatches.
  let sendTable = false;
  const reserved = reserve?.(n) ?? null;
  const t0 = now();
  sampler?.start(t0);

  // Cancelling ends the pool: every in-flight dispatch is rejected at once (the point is over).
  const onAbort = (): void => { cancelled = true; void pool.destroy(); };
  ctx.signal.addEventListener('abort', onAbort, { once: true });

  return new Promise<RepeatOutcome>((resolveRepeat) => {
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      ctx.signal.removeEventListener('abort', onAbort);
      clearInterval(watchdog);
      const makespanMs = now() - t0;
      fillPulledDispatches(table, engine, batch);
      resolveRepeat({ table, order: ordered, engine, t0, makespanMs, failures, cancelled, reserved });
    };
    const report = (): void => {
      const done = engineDone + Atomics.load(queue, Q.done);
      const elapsed = (now() - t0) / 1000;
      ctx.onTasks(done, n, repeat, warmup, elapsed > 0 ? done / elapsed : 0);
    };

    /** The row a dispatch is running now (started, not ended), or -1. */
    const runningRow = (f: InFlight): number => {
      let from = 0;
      let to = 0;
      if (f.pull) [from, to] = claimOf(queue, Atomics.load(pool.cells, f.cell));
      for (let k = f.pull ? from : 0; k < (f.pull ? to : f.rows.length); k++) {
        const row = f.pull ? k : f.rows[k];
        if (!Number.isNaN(table.start[row]) && Number.isNaN(table.end[row])) return row;
      }
      return -1;
    };

    // Per-task timeouts: one watchdog per repeat checks the task each in-flight dispatch is running
    // (a timer per dispatch costs more than a tiny task). While workers pull, it also reports progress.
    const inFlight = new Set<InFlight>();
    const watchdog = setInterval(() => {
      const t = now();
      for (const f of inFlight) {
        if (f.timedOut) continue;
        const row = runningRow(f);
        if (row < 0 || t - table.start[row] < config.timeoutMs) continue;
        f.timedOut = true;
        // Where the task is stuck, taken before its worker is stopped (bounded: stuckStack.ts). A
        // pulling worker is stopped only if it is still in that task (else it would lose another).
        void sampleWorkerStack(pool.threadIdOf(f.cell)).then((stack) => {
          f.stuckStack = stack;
          if (!inFlight.has(f)) return;
          if (f.pull && !Number.isNaN(table.end[row])) { f.timedOut = false; return; }
          pool.terminateWorkerOf(f.cell);
        });
      }
      if (pulls > 0) report();
    }, Math.max(5, Math.min(250, config.timeoutMs / 4)));

    const fail = (row: number, cause: FailureCause, message: string, stack: string | undefined): void => {
      if (Number.isNaN(table.start[row])) table.start[row] = now();
      // A task that threw has its end from the worker; one whose worker died ends now.
      if (Number.isNaN(table.end[row])) table.end[row] = now();
      table.ok[row] = 0;
      const loc = ctx.mapper.userLocation(stack) ?? (cause === 'error' ? null : ctx.taskLocation);
      failures.push({ workers, repeat, taskIndex: ordered[row], cause, message, stack: stack ? ctx.mapper.mapStack(stack) : undefined, location: loc });
    };
    const onDone = (res: DispatchResult | null): void => {
      if (res) for (const e of res.errors) { const c = classify(new Error(e.message), false, false); fail(e.row, c.cause, c.message, e.stack); }
    };
    /** A dispatch's worker died or the pool was stopped: which slot it held, and what it was running. */
    const onWorkerLost = (f: InFlight, err: unknown): { cause: FailureCause; message: string; slot: number } => {
      const { cause, message } = classify(err, f.timedOut, cancelled);
      sendTable = true; // any rejection may have cost a worker; its replacement needs the table
      const slot = Atomics.load(pool.cells, f.cell);
      if (slot >= 0 && slot < pool.slots.length) Atomics.store(pool.slots, slot, 0);
      return { cause, message, slot };
    };
    // process.exit leaves the stack of the exit call, a timeout the stack sampled when it fired;
    // OOM (and a timeout whose stack could not be sampled) point at the task function.
    const lastWordsOf = (f: InFlight, cause: FailureCause, slot: number): string => (cause === 'exit' ? pool.takeLastWords(slot) : cause === 'timeout' ? f.stuckStack ?? '' : '');

    const submit = (rows: number[], id: number, retry: boolean): void => {
      const cell = freeCells.pop()!;
      Atomics.store(pool.cells, cell, -1);
      const at = now();
      const indexes = new Array<number>(rows.length);
      const batchInputs = new Array<unknown>(rows.length);
      for (let k = 0; k < rows.length; k++) {
        const row = rows[k];
        const index = ordered[row];
        handed[row] = 1;
        dispatchOf[row] = id;
        submitAt[row] = at;
        indexes[k] = index;
        batchInputs[k] = inputs[index];
        table.bytesIn[row] = inputBytesOf(ctx, index);
      }
      const msg: DispatchMessage | SingleDispatch = rows.length === 1 && !sendTable
        ? [cell, tableId, rows[0], indexes[0], batchInputs[0]]
        : { kind: 'dispatch', cell, tableId, table: sendTable ? tableSab : undefined, rows, indexes, inputs: batchInputs, returnOutputs: false };
      const flight: InFlight = { rows, cell, pull: false, timedOut: false };
      inFlight.add(flight);
      // One reaction for both outcomes (no .finally): each extra promise hop delays the next dispatch,
      // and the next dispatch goes out before the bookkeeping (there are 2p cells, so one is free).
      const settled = (): void => {
        inFlight.delete(flight);
        pump();
        freeCells.push(cell);
        for (const row of rows) if (!Number.isNaN(table.end[row])) engineDone++;
        report();
      };
      const onRejected = (err: unknown): void => {
        const { cause, message, slot } = onWorkerLost(flight, err);
        const running = rows.find((row) => !Number.isNaN(table.start[row]) && Number.isNaN(table.end[row]));
        const notStarted = rows.filter((row) => Number.isNaN(table.start[row]));
        const lastWords = lastWordsOf(flight, cause, slot);
        if (running !== undefined) fail(running, cause, message, lastWords || undefined);
        // Inputs of the batch that never ran go back to the front of the queue; if a retried batch's
        // worker dies again before running anything, they fail rather than loop forever.
        if (notStarted.length && !cancelled && (running !== undefined || !retry)) {
          requeued.push(notStarted);
        } else {
          for (const row of notStarted) fail(row, cancelled ? 'cancelled' : cause, cancelled ? 'not run: the run was cancelled' : message, (err as Error)?.stack);
        }
      };
      (pool.piscina.run(msg) as Promise<DispatchResult | null>).then(
        (res) => { try { onDone(res); } finally { settled(); } },
        (err: unknown) => { try { onRejected(err); } finally { settled(); } },
      );
    };

    /** One worker pulls rows from the shared queue until it is exhausted (server/worker/pullLoop.ts). */
    const startPull = (): void => {
      const cell = freeCells.pop()!;
      Atomics.store(pool.cells, cell, -1);
      const flight: InFlight = { rows: [], cell, pull: true, timedOut: false };
      inFlight.add(flight);
      pulls++;
      const msg: PullMessage = { kind: 'pull', cell, tableId, table: tableSab, queue: queue.buffer as SharedArrayBuffer };
      const settled = (): void => {
        inFlight.delete(flight);
        pulls--;
        pump();
        freeCells.push(cell);
        report();
      };
      const onRejected = (err: unknown): void => {
        const { cause, message, slot } = onWorkerLost(flight, err);
        const running = runningRow(flight);
        releaseClaim(queue, slot);
        if (running >= 0) {
          fail(running, cause, message, lastWordsOf(flight, cause, slot) || undefined);
          engineDone++;
        } else if (!cancelled) {
          // Died outside any task (setup() threw or exited, or the worker could not start): the
          // message path handles that (each dispatch fails, once retried), as it always has.
          mode.pull = false;
          mode.fallback = `a worker failed outside any task (${message}): the rest of the point was dispatched by message`;
        }
        // The rows it had claimed but not started run again once no worker is pulling.
        if (!cancelled) orphanCheck = true;
      };
      (pool.piscina.run(msg) as Promise<DispatchResult | null>).then(
        (res) => { try { onDone(res); } finally { settled(); } },
        (err: unknown) => { try { onRejected(err); } finally { settled(); } },
      );
    };

    /** Rows handed to no one and never started (claimed by a worker that died), requeued in batches. */
    const requeueOrphans = (): void => {
      let rows: number[] = [];
      for (let row = 0; row < n; row++) {
        if (handed[row] || !Number.isNaN(table.start[row])) continue;
        handed[row] = 1;
        rows.push(row);
        if (rows.length === batch) { requeued.push(rows); rows = []; }
      }
      if (rows.length) requeued.push(rows);
    };

    const pump = (): void => {
      if (mode.pull) while (!cancelled && inFlight.size < workers && !exhausted(queue)) startPull();
      if (orphanCheck && pulls === 0 && !cancelled) { orphanCheck = false; requeueOrphans(); }
      let next: ReturnType<typeof takeDispatch> = null;
      while (!cancelled && inFlight.size < workers && (next = takeDispatch())) submit(next.rows, next.id, next.retry);
      if (inFlight.size === 0 && (cancelled || (requeued.length === 0 && exhausted(queue) && !orphanCheck))) finish();
    };
    pump();
  });
}

/** One repeat on remote workers (server/engine/remote.ts): the same outcome as runRepeat's, failures mapped here. */
async function runRemoteRepeat(remote: RemotePoint, ctx: PointContext, repeat: number, warmup: boolean, batch: number, reserve: ((rows: number) => PackedTaskColumns | null) | null = null, measuredOrder?: number): Promise<RepeatOutcome> {
  const ordered = orderIndexes(ctx.inputs.length, ctx.config.order, (i) => ctx.durations?.get(i) ?? 0);
  const reserved = reserve?.(ordered.length) ?? null;
  const rep = await remote.runRepeat({
    repeat, batch, ordered, inputs: ctx.inputs, bytesIn: (i) => inputBytesOf(ctx, i), signal: ctx.signal,
    onTasks: (done, total) => ctx.onTasks(done, total, repeat, warmup, 0),
    ...(measuredOrder === undefined ? {} : { measured: { order: measuredOrder } }),
  });
  const failures: Failure[] = [];
  for (const l of rep.lost) {
    failures.push({ workers: ctx.workers, repeat, taskIndex: ordered[l.row], cause: 'lost-worker', message: l.message, location: null, host: l.host });
  }
  for (const e of rep.errors) {
    const { cause, message } = e;
    const loc = ctx.mapper.userLocation(e.stack) ?? (cause === 'error' ? null : ctx.taskLocation);
    failures.push({ workers: ctx.workers, repeat, taskIndex: ordered[e.row], cause, message, stack: e.stack ? ctx.mapper.mapStack(e.stack) : undefined, location: loc, host: e.host });
  }
  return { table: rep.table, order: ordered, engine: rep.engine, t0: rep.t0, makespanMs: rep.makespanMs, failures, cancelled: rep.cancelled, reserved, hostOf: rep.hostOf, receivedAt: rep.receivedAt, enqueuedAt: rep.enqueuedAt, remoteHosts: rep.hosts };
}

/** An input's structured-clone size, measured once per sweep. */
function inputBytesOf(ctx: PointContext, index: number): number {
  let bytes = ctx.inputBytes[index];
  if (bytes !== bytes) bytes = ctx.inputBytes[index] = cloneSize(ctx.inputs[index]);
  return bytes;
}

function round3(x: number): number { return Math.round(x * 1000) / 1000; }

function workerStatsOf(rep: RepeatOutcome, repeat: number, workers: number, control: ControlResult[], replaced: number[]): WorkerStat[] {
  const busy = new Array<number>(workers).fill(0);
  const tasks = new Array<number>(workers).fill(0);
  const { worker: workerOf, start, end } = rep.table;
  for (let row = 0; row < rep.order.length; row++) {
    const worker = workerOf[row];
    if (Number.isNaN(worker) || worker < 0 || worker >= workers || Number.isNaN(end[row])) continue;
    busy[worker] += end[row] - start[row];
    tasks[worker]++;
  }
  return busy.map((b, worker) => {
    const c = control.find((x) => x.slot === worker);
    return {
      worker, repeat, tasks: tasks[worker], busyMs: round3(b), idleMs: round3(Math.max(0, rep.makespanMs - b)),
      elu: c ? round3(c.elu) : null, gcMs: c ? round3(c.gcMs) : 0, threadId: c?.threadId ?? null, replaced: replaced[worker] ?? 0, cpuProfile: null,
    };
  });
}

/** A remote repeat's hosts: their core series and machine records, and the host of each slot's thread. */
function keepRemoteHosts(point: Point, stats: WorkerStat[], hosts: RemoteHostRepeat[], repeat: number): void {
  point.hostMachine ??= [];
  for (const h of hosts) {
    point.cores.push({ ...h.cores, repeat, host: h.host });
    point.hostMachine.push({ ...h.machine, repeat, host: h.host });
    for (const c of h.control) {
      const st = stats.find((s) => s.worker === c.slot);
      if (st) st.host = h.host;
    }
  }
}

function mergeSites(into: Map<string, WaitSite>, sites: WaitSite[]): void {
  for (const s of sites) {
    const key = `${s.kind}|${s.location ? `${s.location.file}:${s.location.line}` : ''}|${s.stack.join('>')}`;
    const cur = into.get(key);
    if (!cur) { into.set(key, { ...s }); continue; }
    cur.count += s.count;
    cur.waitMs += s.waitMs;
    cur.holdMs = cur.holdMs === null || s.holdMs === null ? cur.holdMs ?? s.holdMs : cur.holdMs + s.holdMs;
  }
}

/**
 * Each worker profiled the whole point in one go (see worker.ts); its profile is cut into the measured
 * repeats, saved per repeat and merged into the point's flame tree.
 */
async function collectProfiles(pool: PointPool, ctx: PointContext, point: Point, flame: PointFlameBuilder, repeats: { repeat: number; fromMs: number; toMs: number }[]): Promise<void> {
  const local = (await pool.broadcast('end-point')).flatMap((c) => (c.profile ? [{ slot: c.slot, profile: c.profile, profileUs: epochMsToProfileUs }] : []));
  addProfiles(local, ctx, point, flame, repeats);
}

/**
 * Remote threads' profiles (server/engine/remote.ts RemoteProfile): each put on its host's profile
 * clock through the host's offset, then cut, saved and merged as a local thread's.
 */
async function collectRemoteProfiles(remote: RemotePoint, ctx: PointContext, point: Point, flame: PointFlameBuilder, repeats: { repeat: number; fromMs: number; toMs: number }[]): Promise<void> {
  const got: RemoteProfile[] = await remote.profiles?.() ?? [];
  addProfiles(got.map((g) => ({ slot: g.slot, profile: g.profile, profileUs: (ms: number) => g.profileUs(ms) })), ctx, point, flame, repeats);
}

function addProfiles(profiles: { slot: number; profile: RawCpuProfile; profileUs(epochMs: number): number }[], ctx: PointContext, point: Point, flame: PointFlameBuilder, repeats: { repeat: number; fromMs: number; toMs: number }[]): void {
  for (const c of profiles) {
    const mapped = mapCpuProfile(c.profile, ctx.mapper);
    for (const measured of repeats) {
      const fromUs = c.profileUs(measured.fromMs);
      const part = sliceCpuProfile(mapped, fromUs, c.profileUs(measured.toMs));
      const st = point.workerStats.find((s) => s.worker === c.slot && s.repeat === measured.repeat);
      if (ctx.cpuProfileDir && st) st.cpuProfile = saveCpuProfile(ctx.cpuProfileDir, point.workers, measured.repeat, c.slot, part);
      flame.add(part, { worker: c.slot, repeat: measured.repeat, repeatStartUs: fromUs });
    }
  }
  if (!flame.empty) point.flame = flame.finish();
}

/** One measured repeat, not yet kept: the sweep decides (a noisy repeat may be measured again). */
export interface MeasuredRepeat {
  repeat: number;
  outcome: RepeatOutcome;
  cores: CoreSeries;
  /** The machine during the repeat (external load, frequency). */
  machine: RepeatMachine;
  /** What each worker reported at the end of the repeat (empty when the repeat was cancelled). */
  control: ControlResult[];
}

/**
 * A sweep point whose pool stays open between its repeats, so that repeats of different worker
 * counts can interleave (the block design in sweep.ts). `warmUp` once, then `measure` and `keep`
 * (or drop) each repeat, then `finish`.
 */
export interface PointSession {
  readonly workers: number;
  warmUp(): Promise<boolean>;
  measure(repeat: number, order: number): Promise<MeasuredRepeat>;
  /** Appends a measured repeat to the point; `superseded` keeps only its machine record. */
  keep(m: MeasuredRepeat, superseded?: boolean): Promise<void>;
  /** Warm-up durations per input index (median over the warm-up repeats), for longest-first. */
  warmupDurations(): Map<number, number> | null;
  finish(): Promise<PointOutcome>;
}

/**
 * The workers' run-queue delay over a repeat, ms: each thread's whole wait for a CPU (between tasks
 * too, where a busy machine delays every hand-over) when every worker reported it, else the sum over
 * the tasks; null when neither was measured.
 */
function repeatRunQueueMs(rep: RepeatOutcome, control: readonly ControlResult[], workers: number): number | null {
  if (control.length === workers && control.every((c) => c.runQueueMs !== null)) return round3(control.reduce((s, c) => s + c.runQueueMs!, 0));
  let sum: number | null = null;
  for (let row = 0; row < rep.order.length; row++) {
    const v = rep.table.runQueueMs[row];
    if (!Number.isNaN(v)) sum = (sum ?? 0) + v;
  }
  return sum === null ? null : round3(sum);
}

function durationsOf(rep: RepeatOutcome, into: Map<number, number[]>): void {
  const { ok, start, end } = rep.table;
  for (let row = 0; row < rep.order.length; row++) {
    if (ok[row] !== 1 || Number.isNaN(end[row])) continue;
    const list = into.get(rep.order[row]) ?? [];
    list.push(end[row] - start[row]);
    into.set(rep.order[row], list);
  }
}

export function openPoint(ctx: PointContext, probe: MachineProbe): PointSession {
  const { workers, config } = ctx;
  const profileUs = config.cpuProfile ? DEFAULT_PROFILE_INTERVAL_US : null;
  const heapLimitMb = config.maxOldGenerationSizeMb ?? defaultHeapLimitMb(workers);
  const remoteOpen = ctx.openRemote;
  // Remote workers get each dispatch's inputs with it (a BullMQ job each: server/fleet/).
  const dispatch: PointDispatch = remoteOpen ? { kind: 'message', reason: 'a fleet run: each dispatch is a job through Redis' } : chooseDispatch(ctx.inputs, ctx.inputBytes, heapLimitMb);
  const mode: DispatchMode = { pull: dispatch.kind === 'shared-queue', fallback: null };
  let remote: RemotePoint | null = null;
  const pool = remoteOpen ? null : createPool({ workers, bundlePath: ctx.bundlePath, syncUrl: ctx.syncUrl, shared: ctx.shared, heapLimitMb, cpuProfileIntervalUs: profileUs, inputs: mode.pull ? ctx.inputs : null });
  const sampler = new CoreSampler(config.coreSampleMs ?? DEFAULT_CORE_SAMPLE_MS);
  const flame = profileUs ? new PointFlameBuilder({ samplingIntervalUs: profileUs }) : null;
  // `auto` runs the first warm-up at the probe batch and picks the batch of the rest from it
  // (autoBatch.ts); with no warm-up there is nothing to measure before timing: batch 1.
  let batch: PointBatch = config.batch === 'auto'
    ? { mode: 'auto', size: 1, reason: 'no warm-up repeat to measure (warmup 0): batch 1' }
    : { mode: 'fixed', size: config.batch };
  let batchChosen = config.batch !== 'auto' || config.warmup === 0;
  const probeBatch = probeBatchFor(ctx.inputs.length, workers);
  const point: Point = { workers, makespanMs: 0, makespansMs: [], tasks: emptyPackedTaskColumns(remoteOpen !== undefined), cores: [], workerStats: [], waitSites: [], machine: [], dispatch, batch };
  const failures: Failure[] = [];
  const sites = new Map<string, WaitSite>();
  const replaced = new Array<number>(workers).fill(0);
  const profiledRepeats: { repeat: number; fromMs: number; toMs: number }[] = [];
  const warm = new Map<number, number[]>();
  let cancelled = false;
  let closed = false;

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    sampler.close();
    await pool?.destroy();
    await remote?.close();
  };
  const repeatOn = (r: number, warmup: boolean, sample: CoreSampler | null, size: number, reserve: ((rows: number) => PackedTaskColumns | null) | null = null, order?: number): Promise<RepeatOutcome> => (remote
    ? runRemoteRepeat(remote, ctx, r, warmup, size, reserve, order)
    : runRepeat(pool!, ctx, r, warmup, sample, mode, size, reserve));

  return {
    workers,
    async warmUp() {
      // All p workers start and run setup() before anything is timed (remote ones as the point opens).
      if (remoteOpen) {
        remote = await remoteOpen(config.maxOldGenerationSizeMb ?? null);
        point.placement = remote.placement;
      } else await pool!.broadcast('init');
      for (let warmup = 0; warmup < config.warmup && !ctx.signal.aborted; warmup++) {
        const rep = await repeatOn(-1 - warmup, true, null, batchChosen ? batch.size : probeBatch);
        if (rep.cancelled) { cancelled = true; return false; }
        if (!batchChosen) {
          batchChosen = true;
          point.batch = batch = autoBatchOf(rep.table, rep.order.length, workers, probeBatch, mode.pull);
        }
        durationsOf(rep, warm);
        await pool?.broadcast('end-repeat');
      }
      return !ctx.signal.aborted;
    },
    async measure(r, order) {
      const before = probe.snapshot();
      const rep = await repeatOn(r, false, sampler, batch.size, (rows) => reserveRepeatColumns(point.tasks as PackedTaskColumns, rows), order);
      const after = probe.snapshot();
      // The coordinator's cores say nothing of the hosts': remote repeats keep each host's own (keep()).
      const cores = remote ? { repeat: r, timesMs: [], busy: [], source: 'proc-stat' as const } : sampler.stop(r);
      if (rep.cancelled) cancelled = true;
      const control = rep.cancelled ? [] : pool ? await pool.broadcast('end-repeat') : (rep.remoteHosts ?? []).flatMap((h) => h.control);
      const machine = repeatMachine(before, after, r, order, probe.source, repeatRunQueueMs(rep, control, workers));
      return { repeat: r, outcome: rep, cores, machine, control };
    },
    async keep(m, superseded = false) {
      const rep = m.outcome;
      const r = m.repeat;
      if (rep.cancelled) {
        // A partial repeat has no meaningful makespan; its failures (if any) are still reported.
        failures.push(...rep.failures.filter((f) => f.cause !== 'cancelled'));
        return;
      }
      const control = m.control;
      if (superseded) {
        point.machine!.push({ ...m.machine, superseded: true });
        return;
      }
      for (const f of rep.failures) if (f.cause === 'exit' || f.cause === 'oom' || f.cause === 'timeout') {
        const row = rep.order.indexOf(f.taskIndex);
        const slot = rep.table.worker[row];
        if (slot >= 0 && slot < workers) replaced[slot]++;
      }
      if (mode.fallback) point.dispatch = { kind: 'message', reason: mode.fallback };
      // From the table as the workers wrote it, before its fields become the point's columns in place.
      const stats = workerStatsOf(rep, r, workers, control, replaced);
      point.tasks = appendRepeatColumns(point.tasks as PackedTaskColumns, rep, r, rep.reserved);
      if (rep.remoteHosts) keepRemoteHosts(point, stats, rep.remoteHosts, r);
      else point.cores.push(m.cores);
      point.machine!.push(m.machine);
      point.makespansMs.push(round3(rep.makespanMs));
      point.makespanMs = round3(median(point.makespansMs));
      for (const c of control) {
        mergeSites(sites, mapWaitSites(c.sites, ctx.mapper.mapFrame).filter((s) => s.location !== null));
      }
      point.workerStats.push(...stats);
      point.waitSites = [...sites.values()].sort((a, b) => b.waitMs - a.waitMs);
      profiledRepeats.push({ repeat: r, fromMs: rep.t0, toMs: rep.t0 + rep.makespanMs });
      failures.push(...rep.failures);
      ctx.onRepeat(point, failures);
    },
    warmupDurations() {
      if (warm.size === 0) return null;
      const out = new Map<number, number>();
      for (const [k, v] of warm) out.set(k, median(v));
      return out;
    },
    async finish() {
      try {
        if (flame && (pool || remote) && profiledRepeats.length && !closed) {
          if (pool) await collectProfiles(pool, ctx, point, flame, profiledRepeats);
          else await collectRemoteProfiles(remote!, ctx, point, flame, profiledRepeats);
          ctx.onRepeat(point, failures);
        }
      } finally {
        await close();
      }
      return { point: point.makespansMs.length ? point : null, failures, cancelled: cancelled || ctx.signal.aborted };
    },
  };
}
