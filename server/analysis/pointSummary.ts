// Per-point digest shared by every analysis module and suggestion rule: the median repeat,
// per-input measurements (medians over repeats), useful time per worker, the recorded dispatches.
import type { Point } from '../../common/runFile';
import { allocInputColumns, type InputColumns } from './inputColumns';
import { estimateOverheads } from './overheads';
import { tasksOf } from './taskColumns';
import { dispatchesOfRepeat, groupRowsByKey, medianRepeat, rowsOfRepeat } from './repeatData';
import type { DispatchOverheads } from './replay';
import { medianOfFinite } from '../../common/stats';

export type { InputColumns, InputSample } from './inputColumns';

export interface PointSummary {
  workers: number;
  point: Point;
  /** Median makespan over repeats (the point's makespanMs). */
  makespanMs: number;
  /** The repeat whose makespan is the median one: POP, imbalance and the replay baseline use it. */
  medianRepeat: number;
  medianRepeatMakespanMs: number;
  /** Every input seen at this point, sorted by input index (see inputColumns.ts). */
  inputs: InputColumns;
  /**
   * The dispatches of the median repeat as they ran: positions into `inputs`, dispatch after
   * dispatch; dispatch d holds order[offsets[d] .. offsets[d+1]).
   */
  recorded: { order: Int32Array; offsets: Int32Array };
  overheads: DispatchOverheads;
  /** Useful time (task time − lock wait, successful tasks) per worker 0..p-1 in the median repeat. */
  usefulMsByWorker: number[];
  /** Task executions at this point (all repeats) and how many failed. */
  taskCount: number;
  failedCount: number;
}

/** True when row i ran input i, for every row: each input ran once (one repeat), in given order. */
function ranOnceInOrder(index: Float64Array): boolean {
  for (let i = 0; i < index.length; i++) if (index[i] !== i) return false;
  return true;
}

function fillInputs(point: Point): InputColumns {
  const t = tasksOf(point);
  if (ranOnceInOrder(t.index)) {
    // Each input's medians are its one row: the per-input columns are the task columns themselves
    // (read-only here, as everywhere in the analysis), and only the durations are new. At a million
    // tasks this is 57 MB and the grouping's arrays not allocated (docs/decisions/run-file.md).
    const duration = new Float64Array(t.index.length);
    for (let i = 0; i < duration.length; i++) duration[i] = t.endMs[i] - t.startMs[i];
    return {
      length: t.index.length, index: t.index, durationMs: duration, lockWaitMs: t.lockWaitMs, gcMs: t.gcMs,
      runQueueMs: t.runQueueMs, cpuMs: t.cpuMs, bytesIn: t.bytesIn, bytesOut: t.bytesOut, ok: t.ok,
    };
  }
  const all = new Int32Array(t.index.length);
  for (let i = 0; i < all.length; i++) all[i] = i;
  const { rows, offsets, keys } = groupRowsByKey(all, t.index);
  const c = allocInputColumns(keys.length);
  const duration = new Float64Array(t.index.length);
  for (let i = 0; i < duration.length; i++) duration[i] = t.endMs[i] - t.startMs[i];
  const cols: [Float64Array, ArrayLike<number>][] = [
    [c.durationMs, duration],
    [c.lockWaitMs, t.lockWaitMs],
    [c.gcMs, t.gcMs],
    [c.runQueueMs, t.runQueueMs],
    [c.cpuMs, t.cpuMs],
    [c.bytesIn, t.bytesIn],
    [c.bytesOut, t.bytesOut],
  ];
  for (let k = 0; k < keys.length; k++) {
    c.index[k] = keys[k];
    let ok = 1;
    for (let j = offsets[k]; j < offsets[k + 1]; j++) if (!t.ok[rows[j]]) ok = 0;
    c.ok[k] = ok;
  }
  // Column by column, one tight loop each: a million inputs went through 7 million iterator steps.
  const buf: number[] = [];
  for (const [col, src] of cols) {
    for (let k = 0; k < keys.length; k++) {
      const a = offsets[k];
      const b = offsets[k + 1];
      if (b - a === 1) {
        col[k] = src[rows[a]];
      } else {
        buf.length = 0;
        for (let j = a; j < b; j++) buf.push(src[rows[j]]);
        col[k] = medianOfFinite(buf);
      }
    }
  }
  return c;
}

export function summarisePoint(point: Point): PointSummary | null {
  const r = medianRepeat(point);
  const t = tasksOf(point);
  if (r === null || t.index.length === 0 || !(point.makespanMs > 0)) return null;

  const inputs = fillInputs(point);
  // Input indices are small non-negative integers (tasks() positions): a dense lookup table.
  const positionOf = new Int32Array(inputs.length ? inputs.index[inputs.length - 1] + 1 : 0);
  for (let i = 0; i < inputs.length; i++) positionOf[inputs.index[i]] = i;

  const useful = new Array<number>(point.workers).fill(0);
  for (const i of rowsOfRepeat(point, r)) {
    if (!t.ok[i]) continue;
    const w = t.worker[i];
    if (w >= 0 && w < point.workers) useful[w] += Math.max(0, t.endMs[i] - t.startMs[i] - t.lockWaitMs[i]);
  }

  const dispatches = dispatchesOfRepeat(point, r);
  const order = new Int32Array(dispatches.rows.length);
  for (let k = 0; k < order.length; k++) order[k] = positionOf[t.index[dispatches.rows[k]]];

  let failed = 0;
  for (const ok of t.ok) if (!ok) failed++;
  return {
    workers: point.workers,
    point,
    makespanMs: point.makespanMs,
    medianRepeat: r,
    medianRepeatMakespanMs: point.makespansMs[r],
    inputs,
    recorded: { order, offsets: dispatches.offsets },
    overheads: estimateOverheads(point, r, dispatches),
    usefulMsByWorker: useful,
    taskCount: t.index.length,
    failedCount: failed,
  };
}
