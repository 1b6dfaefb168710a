// The repeats of one worker count, as recorded, turned into a run file point: the program's wall
// time is the makespan, each thread or process that ran tasks is a worker (numbered by its first
// task within the repeat; a thread that starts after another ended takes its slot: workerSlots), and
// a failed task or a program that failed is a Failure.
import { median } from '../../common/stats';
import { emptyTaskColumns, type CoreSeries, type Failure, type PlainPoint, type PointDispatcher, type PointThreadpool, type RepeatMachine, type WorkerStat } from '../../common/runFile';
import { dispatcherOf, peakThreads, postToStart } from './recordedDispatch';
import { threadpoolOf } from './recordedThreadpool';
import type { RecordedThread } from './recordedRows';
import { sliceCpuProfile } from '../analysis/cpuProfile';
import { PointFlameBuilder } from '../analysis/pointFlame';
import { DEFAULT_PROFILE_INTERVAL_US } from '../engine/config';
import { mapCpuProfile, saveCpuProfile, type PositionMapper } from '../engine/profiles';
import type { TaskRow } from './recordEnv';
import { TaskLocations } from './taskLocations';
import { runQueueOrEstimate, runQueueRate } from '../analysis/runQueueSample';

export interface RecordedRepeat {
  repeat: number;
  /** Epoch ms of the program's start and exit. */
  startMs: number;
  endMs: number;
  threads: RecordedThread[];
  /** Why the program failed, if it did (its exit status, signal, or the time limit). */
  programFailure: { cause: Failure['cause']; message: string } | null;
  machine: RepeatMachine;
  cores: CoreSeries;
  /** The threads that handed out work (their posts and event-loop utilisation: recordedDispatch.ts), tasks or not. */
  posters?: RecordedThread[];
  /** The task that ran past --timeout-ms (its thread and seq), when the program was stopped for it. */
  timedOutTask?: { pid: number; threadId: number; seq: number };
  /** With --cpuprofile: the repeat's start and end on V8's profile clock (µs; server/engine/profiles.ts), and where its profiles are saved. */
  profiles?: { startUs: number; endUs: number; dir: string | null };
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The worker slots the repeat's threads and processes used (at least 1: the point needs a count). */
export function threadsSeen(rep: RecordedRepeat): number {
  const threads = [...rep.threads].sort((a, b) => a.tasks[0][1] - b.tasks[0][1]);
  return Math.max(1, ...workerSlots(threads).map((s) => s + 1));
}

/** GC ms overlapping each task of a thread (tasks and pauses both in start order; pauses never overlap each other). */
export function gcPerTask(tasks: TaskRow[], gc: [number, number][]): number[] {
  const out: number[] = [];
  let first = 0;
  for (const row of tasks) {
    const [, start, end] = row;
    while (first < gc.length && gc[first][1] <= start) first++;
    let ms = 0;
    for (let k = first; k < gc.length && gc[k][0] < end; k++) ms += Math.min(end, gc[k][1]) - Math.max(start, gc[k][0]);
    out.push(r3(Math.max(0, ms)));
  }
  return out;
}

/**
 * The worker slot of each thread (threads in order of their first task): the first slot whose last
 * thread had finished its tasks before this one's first began, else a new slot. Threads that live
 * side by side get one slot each, as before; a pool made per call reuses the slots of the pool
 * before it, so its lanes stay within the worker count (each thread keeps its own workerStats).
 */
export function workerSlots(threads: readonly RecordedThread[]): number[] {
  const lastEnd: number[] = [];
  return threads.map((th) => {
    const first = th.tasks[0][1];
    const end = th.tasks.reduce((m, row) => Math.max(m, row[2]), -Infinity);
    let slot = lastEnd.findIndex((e) => e <= first);
    if (slot < 0) slot = lastEnd.push(end) - 1;
    else lastEnd[slot] = end;
    return slot;
  });
}

/** The recorded program's files are run as they are, not bundled: frames outside Node, node_modules and Scalescope are the user's. */
const UNBUNDLED: PositionMapper = { bundlePath: '', sourceMapped: false, mapPosition: () => null };

/**
 * The repeat's thread profiles, each cut to the repeat (a --duration window ends before the program
 * does), merged into the point's flame as the engine merges its workers' (server/engine/pointRunner.ts),
 * and saved where --cpuprofile says: `p<workers>-r<repeat>-w<slot>.cpuprofile`, the first thread of a slot's.
 */
function addProfiles(flame: PointFlameBuilder, workers: number, repeat: number, threads: RecordedThread[], slots: number[], at: NonNullable<RecordedRepeat['profiles']>): Map<RecordedThread, string> {
  const files = new Map<RecordedThread, string>();
  const saved = new Set<number>();
  threads.forEach((th, k) => {
    if (!th.profile) return;
    const part = sliceCpuProfile(mapCpuProfile(th.profile, UNBUNDLED), at.startUs, at.endUs);
    flame.add(part, { worker: slots[k], repeat, repeatStartUs: at.startUs });
    if (at.dir && !saved.has(slots[k])) {
      saved.add(slots[k]);
      files.set(th, saveCpuProfile(at.dir, workers, repeat, slots[k], part));
    }
  });
  return files;
}

/**
 * `workers`: the swept count, or null for the program's own configuration (the most threads seen).
 * `locations`: the run's table of task locations, which the point's `location` column indexes.
 */
export function recordedPoint(workers: number | null, repeats: RecordedRepeat[], locations = new TaskLocations()): { point: PlainPoint; failures: Failure[] } {
  const p = workers ?? Math.max(1, ...repeats.map(threadsSeen));
  const t = emptyTaskColumns();
  const locationColumn: (number | null)[] = [];
  const workerStats: WorkerStat[] = [];
  const failures: Failure[] = [];
  const flame = new PointFlameBuilder({ samplingIntervalUs: DEFAULT_PROFILE_INTERVAL_US });
  const dispatcher: PointDispatcher[] = [];
  const threadpool: PointThreadpool[] = [];
  for (const rep of repeats) {
    const wallMs = rep.endMs - rep.startMs;
    const threads = [...rep.threads].sort((a, b) => a.tasks[0][1] - b.tasks[0][1]);
    const slots = workerSlots(threads);
    const rows = threads.flatMap((th, k) => {
      const worker = slots[k];
      const gcMs = gcPerTask(th.tasks, th.gc);
      return th.tasks.map((row, k) => ({ row, worker, thread: th, gcMs: gcMs[k] }));
    });
    rows.sort((a, b) => a.row[1] - b.row[1]);
    const uv = threadpoolOf(rep.repeat, threads);
    if (uv) threadpool.push(uv);
    if (rep.posters?.length) {
      const dispatched = rows.map(({ row, thread }) => ({ pid: thread.pid, threadId: thread.threadId, startMs: row[1], fromMessage: row[11] === 1 }));
      const delays = postToStart(rep.posters, dispatched);
      const d = dispatcherOf(rep.repeat, rep.posters, delays, peakThreads(dispatched, rows.map(({ row }) => row[2])));
      if (d) dispatcher.push(d);
    }
    rows.forEach(({ row, worker, thread, gcMs }, index) => {
      const [, start, end, ok, runQueueMs, coreStart, coreEnd, cpuMs, lockWaitMs, locationId, error, , bytesIn, bytesOut] = row;
      t.index.push(index);
      t.repeat.push(rep.repeat);
      t.worker.push(worker);
      t.dispatch.push(index);
      // The program hands out its own work: when a task was posted is not seen, only when it started.
      t.submitMs.push(r3(start - rep.startMs));
      t.startMs.push(r3(start - rep.startMs));
      t.endMs.push(r3(end - rep.startMs));
      t.queueMs.push(0);
      t.cpuMs.push(cpuMs);
      t.runQueueMs.push(runQueueMs);
      t.coreStart.push(coreStart);
      t.coreEnd.push(coreEnd);
      t.lockWaitMs.push(lockWaitMs);
      t.gcMs.push(gcMs);
      t.bytesIn.push(bytesIn ?? null);
      t.bytesOut.push(bytesOut ?? null);
      t.ok.push(ok === 1);
      const location = locationId === null ? null : thread.locations.get(locationId) ?? null;
      locationColumn.push(location === null ? null : locations.indexOf(location));
      if (ok !== 1) {
        const late = rep.timedOutTask;
        const timedOut = late !== undefined && late.pid === thread.pid && late.threadId === thread.threadId && late.seq === row[0];
        failures.push({ workers: p, repeat: rep.repeat, taskIndex: index, cause: timedOut ? 'timeout' : 'error', message: error ?? 'the task failed', location });
      }
    });
    const profileFiles = rep.profiles ? addProfiles(flame, p, rep.repeat, threads, slots, rep.profiles) : new Map<RecordedThread, string>();
    threads.forEach((th, k) => {
      const worker = slots[k];
      const busyMs = th.tasks.reduce((s, row) => s + (row[2] - row[1]), 0);
      const gcMs = th.gc.reduce((sum, [start, end]) => sum + (end - start), 0);
      workerStats.push({
        worker, repeat: rep.repeat, tasks: th.tasks.length, busyMs: r3(busyMs), idleMs: r3(Math.max(0, wallMs - busyMs)), elu: null, gcMs: r3(gcMs), threadId: th.threadId, replaced: 0,
        ...(th.gcUnobserved ? { gcUnobserved: true as const } : {}),
        ...(profileFiles.has(th) ? { cpuProfile: profileFiles.get(th)! } : {}),
        ...(th.startedMs === null ? {} : { startedMs: r3(th.startedMs - rep.startMs), firstTaskMs: r3(th.tasks[0][1] - rep.startMs) }),
      });
    });
    if (rep.programFailure) failures.push({ workers: p, repeat: rep.repeat, taskIndex: -1, cause: rep.programFailure.cause, message: rep.programFailure.message, location: null });
  }
  // Optional in the run file: only where some task's location is known.
  if (locationColumn.some((x) => x !== null)) t.location = locationColumn;
  const makespansMs = repeats.map((r) => r3(r.endMs - r.startMs));
  const point: PlainPoint = {
    workers: p,
    makespanMs: median(makespansMs),
    makespansMs,
    tasks: t,
    cores: repeats.map((r) => r.cores),
    workerStats,
    machine: repeats.map((r) => ({ ...r.machine, runQueueMs: repeatRunQueueMs(t, r.repeat) })),
    ...(flame.empty ? {} : { flame: flame.finish() }),
    ...(dispatcher.length ? { dispatcher } : {}),
    ...(threadpool.length ? { threadpool } : {}),
  };
  return { point, failures };
}

/**
 * A repeat's run-queue delay for the noise verdict: the tasks read, and the finished ones left out of
 * the sample (server/worker/probeBudget.ts) at the point's rate, as the analysis counts them
 * (server/analysis/runQueueSample.ts); null when no task of the repeat was read.
 */
function repeatRunQueueMs(t: PlainPoint['tasks'], repeat: number): number | null {
  const rate = runQueueRate({ tasks: t });
  let sum = 0;
  let any = false;
  for (let i = 0; i < t.index.length; i++) {
    if (t.repeat[i] !== repeat) continue;
    const rq = t.runQueueMs[i];
    if (rq !== null) any = true;
    if (rq !== null || t.ok[i]) sum += runQueueOrEstimate(rq, t.endMs[i] - t.startMs[i], rate);
  }
  return any ? r3(sum) : null;
}
