// `--batch auto` (docs/decisions/engine.md, "Batch auto"): what the engine measures in the point's
// first warm-up repeat (run at batch 1), and the batch the rest of the point then runs at. The rule itself is server/analysis/batchChoice.ts.
import type { PointBatch } from '../../common/runFile';
import { median } from '../../common/stats';
import { chooseBatch } from '../analysis/batchChoice';
import { F, FIELDS } from '../worker/taskTable';

/**
 * From a repeat's task table: the median gap between one task's end and the next task's start on
 * the same worker (at batch 1 every such gap is a hand-over: a claim, or a message round trip), and
 * the mean duration of the tasks that succeeded. NaN where nothing was measured.
 */
export function measureHandOver(table: Float64Array, rows: number): { handOverMs: number; taskMs: number } {
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
  const gaps: number[] = [];
  for (let k = 1; k < ended.length; k++) {
    const prev = ended[k - 1] * FIELDS;
    const cur = ended[k] * FIELDS;
    if (table[prev + F.worker] !== table[cur + F.worker]) continue;
    gaps.push(Math.max(0, table[cur + F.start] - table[prev + F.end]));
  }
  return { handOverMs: gaps.length ? median(gaps) : NaN, taskMs: ok ? work / ok : NaN };
}

// To the nanosecond: enough to recompute the choice from the file.
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** The point's batch once its probe repeat (at batch 1) ran: size, the figures and the rule's reason. */
export function autoBatchOf(table: Float64Array, rows: number, workers: number): PointBatch {
  const m = measureHandOver(table, rows);
  const c = chooseBatch({ ...m, tasks: rows, workers });
  return {
    mode: 'auto', size: c.size, maxSize: c.maxSize, reason: c.reason,
    ...(Number.isFinite(m.handOverMs) ? { handOverMs: round6(m.handOverMs) } : {}),
    ...(Number.isFinite(m.taskMs) ? { taskMs: round6(m.taskMs) } : {}),
  };
}
