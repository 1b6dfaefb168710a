// Estimates the pool's fixed costs (replay.ts DispatchOverheads) from one measured repeat.
import type { Point } from '../../common/runFile';
import { dispatchesOfRepeat } from './repeatData';
import type { DispatchOverheads } from './replay';
import { median, quantile } from './stats';

// Low quantile: the gaps that include the least queueing behind other workers on the main thread.
const LOW_Q = 0.1;

const nonNeg = (x: number): number => (Number.isFinite(x) ? Math.max(0, x) : 0);

export function estimateOverheads(point: Point, repeat: number): DispatchOverheads {
  const ds = dispatchesOfRepeat(point, repeat);
  const t = point.tasks;
  const send = ds.map((d) => d.firstStartMs - d.submitMs);
  const taskGaps: number[] = [];
  for (const d of ds) {
    for (let j = 1; j < d.rows.length; j++) taskGaps.push(t.startMs[d.rows[j]] - t.endMs[d.rows[j - 1]]);
  }
  // Per worker, consecutive dispatches: end of one → hand-out of the next (return) and → start of the next (round trip).
  const returns: number[] = [];
  const roundTrips: number[] = [];
  const byWorker = new Map<number, typeof ds>();
  for (const d of ds) {
    const list = byWorker.get(d.worker);
    if (list) list.push(d);
    else byWorker.set(d.worker, [d]);
  }
  for (const list of byWorker.values()) {
    list.sort((a, b) => a.firstStartMs - b.firstStartMs);
    for (let k = 1; k < list.length; k++) {
      returns.push(list[k].submitMs - list[k - 1].lastEndMs);
      roundTrips.push(list[k].firstStartMs - list[k - 1].lastEndMs);
    }
  }
  // Main-thread time per dispatch: back-to-back hand-outs are spaced by it, and it cannot exceed a
  // worker's round trip (the main thread's part of the round trip lies inside it).
  const submits = ds.map((d) => d.submitMs).sort((a, b) => a - b);
  const intervals: number[] = [];
  for (let k = 1; k < submits.length; k++) intervals.push(submits[k] - submits[k - 1]);
  const main = Math.min(
    intervals.length ? quantile(intervals, LOW_Q) : 0,
    roundTrips.length ? quantile(roundTrips, LOW_Q) : 0,
  );
  return {
    sendMs: nonNeg(median(send)),
    returnMs: nonNeg(returns.length ? quantile(returns, LOW_Q) : 0),
    mainThreadMs: nonNeg(main),
    taskGapMs: nonNeg(taskGaps.length ? median(taskGaps) : 0),
  };
}
