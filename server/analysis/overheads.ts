// Estimates the pool's fixed costs (replay.ts DispatchOverheads) from one measured repeat.
import type { Point } from '../../common/runFile';
import { dispatchesOfRepeat, type RecordedDispatches } from './repeatData';
import type { DispatchOverheads } from './replay';
import { median, middleOf, quantile } from '../../common/stats';
import { tasksOf } from './taskColumns';

// Low quantile: the gaps that include the least queueing behind other workers on the main thread.
const LOW_Q = 0.1;

const nonNeg = (x: number): number => (Number.isFinite(x) ? Math.max(0, x) : 0);
const lowQ = (xs: number[]): number => (xs.length ? quantile(xs, LOW_Q) : 0);

export function estimateOverheads(point: Point, repeat: number, recorded: RecordedDispatches = dispatchesOfRepeat(point, repeat)): DispatchOverheads {
  if (point.dispatch?.kind === 'shared-queue') return pulledOverheads(point, recorded);
  const t = tasksOf(point);
  const { count, rows, offsets, worker, submitMs, firstStartMs, lastEndMs } = recorded;
  const send: number[] = [];
  const taskGaps: number[] = [];
  const preTask: number[] = [];
  for (let d = 0; d < count; d++) {
    send.push(firstStartMs[d] - submitMs[d]);
    // queueMs ends when the worker received the dispatch; what follows until the task starts is
    // the worker's own per-task bookkeeping (probes, input size), which a batch repeats per task.
    preTask.push(firstStartMs[d] - submitMs[d] - t.queueMs[rows[offsets[d]]]);
    for (let i = offsets[d] + 1; i < offsets[d + 1]; i++) taskGaps.push(t.startMs[rows[i]] - t.endMs[rows[i - 1]]);
  }
  // Per worker, consecutive dispatches: end of one → hand-out of the next (return) and → start of
  // the next (round trip). Dispatch order is hand-out order, so each worker's list is in time order.
  const returns: number[] = [];
  const roundTrips: number[] = [];
  const lastOfWorker = new Map<number, number>();
  for (let d = 0; d < count; d++) {
    if (worker[d] < 0) continue; // a worker that died before it could record its slot
    const prev = lastOfWorker.get(worker[d]);
    if (prev !== undefined) {
      returns.push(submitMs[d] - lastEndMs[prev]);
      roundTrips.push(firstStartMs[d] - lastEndMs[prev]);
    }
    lastOfWorker.set(worker[d], d);
  }
  // Main-thread time per dispatch: back-to-back hand-outs are spaced by it, and it cannot exceed a
  // worker's round trip (the main thread's part of the round trip lies inside it).
  const submits = Float64Array.from(submitMs).sort();
  const intervals: number[] = [];
  for (let k = 1; k < submits.length; k++) intervals.push(submits[k] - submits[k - 1]);
  return {
    sendMs: nonNeg(median(send)),
    returnMs: nonNeg(lowQ(returns)),
    mainThreadMs: nonNeg(Math.min(lowQ(intervals), lowQ(roundTrips))),
    // Batch 1 shows no gap between tasks of a dispatch: take the per-task bookkeeping instead.
    taskGapMs: nonNeg(taskGaps.length ? median(taskGaps) : median(preTask)),
  };
}

/**
 * Pulled points (server/engine/sharedQueue.ts): a worker claims its next rows itself, so no engine
 * hand-over or main-thread time stands between its tasks, and what does (the worker's recording of
 * a task and its claim of the next) is paid per task whatever the batch: one gap, the median time
 * from a task's end to the next task's start on the same worker. Batching then amortises nothing,
 * and the replay says so instead of promising a gain that message dispatch would have had.
 */
function pulledOverheads(point: Point, recorded: RecordedDispatches): DispatchOverheads {
  const t = tasksOf(point);
  const { count, rows, offsets, worker, firstStartMs, lastEndMs } = recorded;
  // At most one gap per row: a typed array, not a growing JS array (a million tasks: 8 MB, not 26).
  const gaps = new Float64Array(rows.length);
  let n = 0;
  const lastOfWorker = new Map<number, number>();
  for (let d = 0; d < count; d++) {
    for (let i = offsets[d] + 1; i < offsets[d + 1]; i++) gaps[n++] = t.startMs[rows[i]] - t.endMs[rows[i - 1]];
    if (worker[d] < 0) continue;
    const prev = lastOfWorker.get(worker[d]);
    if (prev !== undefined) gaps[n++] = firstStartMs[d] - lastEndMs[prev];
    lastOfWorker.set(worker[d], d);
  }
  // Gaps are differences of finite times (no NaN): the median of our own array, in place.
  const gapMs = nonNeg(n ? middleOf(gaps.subarray(0, n)) : 0);
  return { sendMs: 0, returnMs: gapMs, mainThreadMs: 0, taskGapMs: gapMs };
}
