// `--batch auto` (docs/decisions/engine.md, "Batch auto"): what the engine measures in the point's
// first warm-up repeat (run at the probe batch, server/analysis/batchChoice.ts), and the batch the
// rest of the point then runs at.
import type { PointBatch } from '../../common/runFile';
import { median } from '../../common/stats';
import { chooseBatch } from '../analysis/batchChoice';
import { F, FIELDS } from '../worker/taskTable';

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
 * and the mean task time. Medians, so a gap preempted on a busy machine stays out. NaN where nothing was measured.
 */
export function measureHandOver(table: Float64Array, rows: number): HandOver {
  const ended: number[] = [];
  let work = 0;
  let ok = 0;
  for (let row = 0; row < rows; row++) {
    const b = row * FIELDS;
    if (Number.isNaN(table[b + F.start]) || Number.isNaN(table[b + F.end]) || Number.isNaN(table[b + F.worker])) continue;
    ended.push(row);
    if (table[b + F.ok] === 1) { work += table[b + F.end] - table[b + F.start]; ok++; }
  }
  ended.sort((a, b) => table[a * FIELDS + F.worker] - table[b * FIELDS + F.worker] || table[a * FIELDS + F.start] - table[b * FIELDS + F.start]);
  const boundary: number[] = [];
  const within: number[] = [];
  for (let k = 1; k < ended.length; k++) {
    const prev = ended[k - 1] * FIELDS;
    const cur = ended[k] * FIELDS;
    if (table[prev + F.worker] !== table[cur + F.worker]) continue;
    const gap = Math.max(0, table[cur + F.start] - table[prev + F.end]);
    (Number.isNaN(table[cur + F.recvAt]) ? within : boundary).push(gap);
  }
  return { boundaryMs: boundary.length ? median(boundary) : NaN, withinMs: within.length ? median(within) : NaN, taskMs: ok ? work / ok : NaN };
}

// To the nanosecond: enough to recompute the choice from the file.
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * The point's batch once its measuring warm-up ran at `probeBatch`: the hand-over a claim costs
 * beyond a task's own gap (the whole boundary gap when the probe ran at batch 1: an upper bound),
 * the choice, and the figures behind it.
 */
export function autoBatchOf(table: Float64Array, rows: number, workers: number, probeBatch: number): PointBatch {
  const m = measureHandOver(table, rows);
  const handOverMs = Math.max(0, m.boundaryMs - (Number.isFinite(m.withinMs) ? m.withinMs : 0));
  const c = chooseBatch({ handOverMs, taskMs: m.taskMs, tasks: rows, workers });
  return {
    mode: 'auto', size: c.size, probeBatch, maxSize: c.maxSize, reason: c.reason,
    ...(Number.isFinite(handOverMs) ? { handOverMs: round6(handOverMs) } : {}),
    ...(Number.isFinite(m.withinMs) ? { taskGapMs: round6(m.withinMs) } : {}),
    ...(Number.isFinite(m.taskMs) ? { taskMs: round6(m.taskMs) } : {}),
  };
}
