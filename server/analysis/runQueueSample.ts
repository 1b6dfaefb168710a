// Run-queue delay read on a sample of a point's tasks (server/worker/probeBudget.ts: a recorded
// program's short tasks are read on a sample, so that reading costs at most 0.2 % of their time).
// The finished tasks read stand for the finished tasks left out, at their delay per ms of task
// time. Where no finished task was read (no /proc/thread-self/schedstat), there is no rate: the
// delay is unknown, and the callers say so.
import type { Point } from '../../common/runFile';
import { tasksOf } from './taskColumns';

export interface RunQueueRate {
  /** Finished tasks with a reading. */
  read: number;
  /** Σ delay / Σ duration over the finished tasks read; NaN when none was read. */
  perMs: number;
}

const rates = new WeakMap<object, RunQueueRate>();

/** The point's rate over its finished tasks (cached per task table). */
export function runQueueRate(point: Pick<Point, 'tasks'>): RunQueueRate {
  let rate = rates.get(point.tasks);
  if (!rate) {
    const t = tasksOf(point);
    let read = 0, delay = 0, duration = 0;
    for (let i = 0; i < t.index.length; i++) {
      if (!t.ok[i]) continue;
      const rq = t.runQueueMs[i];
      if (Number.isNaN(rq)) continue;
      read++;
      delay += rq;
      duration += t.endMs[i] - t.startMs[i];
    }
    rate = { read, perMs: read === 0 ? NaN : duration > 0 ? delay / duration : 0 };
    rates.set(point.tasks, rate);
  }
  return rate;
}

/** A task's delay: as read, else its duration at the point's rate; 0 where there is no rate (unknown, said by the callers). */
export function runQueueOrEstimate(runQueueMs: number | null, durationMs: number, rate: RunQueueRate): number {
  if (runQueueMs !== null && !Number.isNaN(runQueueMs)) return runQueueMs;
  return Number.isNaN(rate.perMs) ? 0 : rate.perMs * Math.max(0, durationMs);
}
