// Views over a point's columnar task records: the median repeat and the dispatches of one repeat.
// Typed arrays and counting sorts throughout: a point may hold a million task executions.
import type { Point } from '../../common/runFile';
import { median } from '../../common/stats';
import { tasksOf } from './taskColumns';

/** Row numbers (into the columnar arrays) of the tasks of repeat `r`, in record order. */
export function rowsOfRepeat(point: Point, r: number): Int32Array {
  const rep = tasksOf(point).repeat;
  let n = 0;
  for (let i = 0; i < rep.length; i++) if (rep[i] === r) n++;
  const rows = new Int32Array(n);
  for (let i = 0, k = 0; i < rep.length; i++) if (rep[i] === r) rows[k++] = i;
  return rows;
}

/**
 * The repeat whose makespan is the median one (closest to the median; the lower repeat on ties),
 * or null when no repeat has finished.
 */
export function medianRepeat(point: Point): number | null {
  const ms = point.makespansMs;
  if (ms.length === 0) return null;
  const m = median(ms);
  let best = 0;
  for (let r = 1; r < ms.length; r++) if (Math.abs(ms[r] - m) < Math.abs(ms[best] - m)) best = r;
  return best;
}

/**
 * Groups `rows` by an integer key ≥ 0 (counting sort, stable): returns the rows reordered and the
 * offsets of each non-empty group, in increasing key order.
 */
export function groupRowsByKey(rows: Int32Array, key: ArrayLike<number>): { rows: Int32Array; offsets: Int32Array; keys: Int32Array } {
  let max = -1;
  for (let k = 0; k < rows.length; k++) max = Math.max(max, key[rows[k]]);
  const counts = new Int32Array(max + 2);
  for (let k = 0; k < rows.length; k++) counts[Math.max(0, key[rows[k]]) + 1]++;
  let groups = 0;
  for (let v = 1; v < counts.length; v++) if (counts[v] > 0) groups++;
  for (let v = 1; v < counts.length; v++) counts[v] += counts[v - 1];
  const sorted = new Int32Array(rows.length);
  const next = counts.slice(0, max + 1);
  for (let k = 0; k < rows.length; k++) sorted[next[Math.max(0, key[rows[k]])]++] = rows[k];
  const offsets = new Int32Array(groups + 1);
  const keys = new Int32Array(groups);
  for (let v = 0, g = 0; v <= max; v++) {
    if (counts[v + 1] > counts[v]) {
      keys[g] = v;
      offsets[g] = counts[v];
      offsets[++g] = counts[v + 1];
    }
  }
  return { rows: sorted, offsets, keys };
}

/** The dispatches of one repeat as recorded, columnar, in dispatch order; rows within one by start. */
export interface RecordedDispatches {
  count: number;
  /** Task rows, dispatch after dispatch; dispatch d owns rows[offsets[d] .. offsets[d+1]). */
  rows: Int32Array;
  offsets: Int32Array;
  worker: Int32Array;
  submitMs: Float64Array;
  firstStartMs: Float64Array;
  lastEndMs: Float64Array;
}

export function dispatchesOfRepeat(point: Point, r: number): RecordedDispatches {
  const t = tasksOf(point);
  const { rows, offsets, keys } = groupRowsByKey(rowsOfRepeat(point, r), t.dispatch);
  const count = keys.length;
  const worker = new Int32Array(count);
  const submitMs = new Float64Array(count);
  const firstStartMs = new Float64Array(count);
  const lastEndMs = new Float64Array(count);
  for (let d = 0; d < count; d++) {
    const a = offsets[d];
    const b = offsets[d + 1];
    // Insertion sort by start: rows arrive in dispatch order already, so this is linear in practice.
    for (let i = a + 1; i < b; i++) {
      const row = rows[i];
      let j = i - 1;
      while (j >= a && t.startMs[rows[j]] > t.startMs[row]) { rows[j + 1] = rows[j]; j--; }
      rows[j + 1] = row;
    }
    let submit = Infinity;
    let end = -Infinity;
    for (let i = a; i < b; i++) {
      submit = Math.min(submit, t.submitMs[rows[i]]);
      end = Math.max(end, t.endMs[rows[i]]);
    }
    worker[d] = t.worker[rows[a]];
    submitMs[d] = submit;
    firstStartMs[d] = t.startMs[rows[a]];
    lastEndMs[d] = end;
  }
  return { count, rows, offsets, worker, submitMs, firstStartMs, lastEndMs };
}
