// `--batch auto` (docs/decisions/engine.md, "Batch auto"): what the engine measures in the point's
// first warm-up repeat (run at the probe batch, server/analysis/batchChoice.ts), and the batch the
// rest of the point then runs at.
import type { PointBatch } from '../../common/runFile';
import { median } from '../../common/stats';
import { chooseBatch } from '../analysis/batchChoice';
import type { TaskTable } from '../worker/taskTable';
import { YIELD_MS, YIELD_TASKS } from '../worker/pullLoop';

export interface HandOver {
  /** Median gap, end of a task → start of the next on the same worker, where the next begins a claim (dispatch). */
  boundaryMs: number;
  /** The same inside a claim: what every task costs whatever the batch (its recording); NaN at batch 1. */
  withinMs: number;
  /** Mean duration of the tasks that succeeded (the share of the work is what matters). */
  taskMs: number;
}

/**
 * From a repeat's task table: the gaps between consecutive tasks on each worker, split by whether
 * the later task begins a claim (the worker records a receipt time for a claim's first task only),
 * and the mean task time. Medians, so a gap preempted on a busy machine stays out. NaN where nothing
 * was measured. `pulled`: a pulling worker also returns to its event loop at a claim boundary every
 * YIELD_TASKS tasks or YIELD_MS (server/worker/pullLoop.ts), a cost per time, not per claim, which
 * coarse tasks would otherwise show at every boundary: those boundaries are left out (with none
 * left, the boundary gap is taken as the gap inside a claim: no hand-over to amortise).
 */
export function measureHandOver(table: TaskTable, rows: number, pulled = false): HandOver {
  const { worker, start, end, recvAt, ok: okOf } = table;
  const ended: number[] = [];
  let work = 0;
  let ok = 0;
  for (let row = 0; row < rows; row++) {
    if (Number.isNaN(start[row]) || Number.isNaN(end[row]) || Number.isNaN(worker[row])) continue;
    ended.push(row);
    if (okOf[row] === 1) { work += end[row] - start[row]; ok++; }
  }
  ended.sort((a, b) => worker[a] - worker[b] || start[a] - start[b]);
  const boundary: number[] = [];
  const within: number[] = [];
  let yieldBoundaries = 0;
  // Per worker, as the pull loop counts: tasks and time since it last resumed from its event loop.
  let sinceYield = 0;
  let lastYield = NaN;
  for (let k = 0; k < ended.length; k++) {
    const cur = ended[k];
    const prev = k > 0 ? ended[k - 1] : -1;
    if (prev < 0 || worker[prev] !== worker[cur]) {
      sinceYield = 1;
      lastYield = start[cur];
      continue;
    }
    const gap = Math.max(0, start[cur] - end[prev]);
    if (!Number.isNaN(recvAt[cur])) {
      if (pulled && (sinceYield >= YIELD_TASKS || end[prev] - lastYield >= YIELD_MS)) {
        yieldBoundaries++;
        sinceYield = 0;
        lastYield = start[cur];
      } else boundary.push(gap);
    } else within.push(gap);
    sinceYield++;
  }
  const withinMs = within.length ? median(within) : NaN;
  const boundaryMs = boundary.length ? median(boundary) : yieldBoundaries > 0 ? withinMs : NaN;
  return { boundaryMs, withinMs, taskMs: ok ? work / ok : NaN };
}

// To the nanosecond: enough to recompute the choice from the file.
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * The point's batch once its measuring warm-up ran at `probeBatch`: the hand-over a claim costs
 * beyond a task's own gap (the whole boundary gap when the probe ran at batch 1: an upper bound),
 * the choice, and the figures behind it.
 */
export function autoBatchOf(table: TaskTable, rows: number, workers: number, probeBatch: number, pulled: boolean): PointBatch {
  const m = measureHandOver(table, rows, pulled);
  const handOverMs = Math.max(0, m.boundaryMs - (Number.isFinite(m.withinMs) ? m.withinMs : 0));
  const c = chooseBatch({ handOverMs, taskMs: m.taskMs, tasks: rows, workers });
  return {
    mode: 'auto', size: c.size, probeBatch, maxSize: c.maxSize, reason: c.reason,
    ...(Number.isFinite(handOverMs) ? { handOverMs: round6(handOverMs) } : {}),
    ...(Number.isFinite(m.withinMs) ? { taskGapMs: round6(m.withinMs) } : {}),
    ...(Number.isFinite(m.taskMs) ? { taskMs: round6(m.taskMs) } : {}),
  };
}
