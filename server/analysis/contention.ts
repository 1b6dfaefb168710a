// Contention shares per worker count: each kind of waiting as a share of the total worker time
// p × Σ_r makespan_r over the finished repeats r of the point.
//   queueWaitShare = Σ over dispatches of queueMs (once per dispatch: the tasks of a batch share it)
//   lockWaitShare  = Σ lockWaitMs;  gcShare = Σ gcMs
//   runQueueShare  = Σ runQueueMs, a finished task left out of a sample at the point's rate
//                    (runQueueSample.ts); null → 0 where no task could be read
import type { Point } from '../../common/runFile';
import { sum } from '../../common/stats';
import { runQueueOrEstimate, runQueueRate } from './runQueueSample';
import { tasksOf } from './taskColumns';

export interface ContentionRow {
  workers: number;
  queueWaitShare: number;
  lockWaitShare: number;
  runQueueShare: number;
  gcShare: number;
  /** Estimated by the transfer-cost rule (suggestions/transferCost.ts) where message sizes were measured. */
  transferShare?: number;
}

export interface ContentionResult {
  row: ContentionRow | null;
  /** Finished task executions whose run-queue delay could not be measured (counted as 0): no /proc here. */
  runQueueUnmeasured: number;
  /** Finished ones left out of the sample that was read (counted at its rate: runQueueSample.ts), and those read. */
  runQueueEstimated: number;
  runQueueRead: number;
  /** Failed ones (exited, timed out, out of memory): their worker stopped before it could read it. */
  runQueueUnmeasuredFailed: number;
}

export function contentionShares(point: Point): ContentionResult {
  const t = tasksOf(point);
  const finished = point.makespansMs.length;
  const total = point.workers * sum(point.makespansMs);
  if (!(total > 0)) return { row: null, runQueueUnmeasured: 0, runQueueUnmeasuredFailed: 0, runQueueEstimated: 0, runQueueRead: 0 };
  const rate = runQueueRate(point);
  let queue = 0, lock = 0, runQueue = 0, gc = 0, unmeasured = 0, unmeasuredFailed = 0, estimated = 0, read = 0;
  // First-started row of each (repeat, dispatch): dense tables, dispatch ids are small integers.
  let maxDispatch = -1;
  for (let i = 0; i < t.index.length; i++) maxDispatch = Math.max(maxDispatch, t.dispatch[i]);
  const firstRow = Array.from({ length: finished }, () => new Int32Array(maxDispatch + 1).fill(-1));
  for (let i = 0; i < t.index.length; i++) {
    const r = t.repeat[i];
    if (r < 0 || r >= finished) continue;
    lock += t.lockWaitMs[i];
    gc += t.gcMs[i];
    const rq = t.runQueueMs[i];
    if (Number.isNaN(rq) && !t.ok[i]) unmeasuredFailed++;
    else if (Number.isNaN(rq) && Number.isNaN(rate.perMs)) unmeasured++;
    else {
      if (Number.isNaN(rq)) estimated++;
      else read++;
      runQueue += runQueueOrEstimate(rq, t.endMs[i] - t.startMs[i], rate);
    }
    const d = t.dispatch[i];
    if (d < 0) continue;
    const first = firstRow[r][d];
    if (first < 0 || t.startMs[i] < t.startMs[first]) firstRow[r][d] = i;
  }
  for (const rows of firstRow) for (const i of rows) if (i >= 0) queue += Math.max(0, t.queueMs[i]);
  return {
    row: {
      workers: point.workers,
      queueWaitShare: queue / total,
      lockWaitShare: lock / total,
      runQueueShare: runQueue / total,
      gcShare: gc / total,
    },
    runQueueUnmeasured: unmeasured,
    runQueueUnmeasuredFailed: unmeasuredFailed,
    runQueueEstimated: estimated,
    runQueueRead: read,
  };
}
