// Per-point digest shared by every analysis module and suggestion rule: the median repeat,
// per-input durations (medians over repeats), useful time per worker, recorded dispatch order.
import type { Point } from '../../common/runFile';
import { estimateOverheads } from './overheads';
import { dispatchesOfRepeat, medianRepeat, rowsOfRepeat } from './repeatData';
import type { DispatchOverheads } from './replay';
import { median } from './stats';

/** One input's measurements at one worker count: medians over the repeats that ran it. */
export interface InputSample {
  /** Input index in tasks(). */
  index: number;
  /** Task function entered → settled (endMs − startMs). */
  durationMs: number;
  lockWaitMs: number;
  gcMs: number;
  /** null where it could not be measured (no /proc). */
  runQueueMs: number | null;
  cpuMs: number | null;
  bytesIn: number | null;
  bytesOut: number | null;
  /** False when the input failed in any repeat. */
  ok: boolean;
}

export interface PointSummary {
  workers: number;
  point: Point;
  /** Median makespan over repeats (the point's makespanMs). */
  makespanMs: number;
  /** The repeat whose makespan is the median one: POP, imbalance and the replay baseline use it. */
  medianRepeat: number;
  medianRepeatMakespanMs: number;
  /** Every input seen at this point, by index. */
  inputs: InputSample[];
  /** Input indices of each dispatch of the median repeat, in dispatch order (the policy that ran). */
  recordedDispatches: number[][];
  overheads: DispatchOverheads;
  /** Useful time (task time − lock wait, successful tasks) per worker 0..p-1 in the median repeat. */
  usefulMsByWorker: number[];
  /** Task executions at this point (all repeats) and how many failed. */
  taskCount: number;
  failedCount: number;
}

function medianOrNull(xs: (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? median(v) : null;
}

export function summarisePoint(point: Point): PointSummary | null {
  const r = medianRepeat(point);
  const t = point.tasks;
  if (r === null || t.index.length === 0 || !(point.makespanMs > 0)) return null;

  const rowsByInput = new Map<number, number[]>();
  for (let i = 0; i < t.index.length; i++) {
    const list = rowsByInput.get(t.index[i]);
    if (list) list.push(i);
    else rowsByInput.set(t.index[i], [i]);
  }
  const inputs: InputSample[] = [...rowsByInput.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([index, rows]) => ({
      index,
      durationMs: median(rows.map((i) => t.endMs[i] - t.startMs[i])),
      lockWaitMs: median(rows.map((i) => t.lockWaitMs[i])),
      gcMs: median(rows.map((i) => t.gcMs[i])),
      runQueueMs: medianOrNull(rows.map((i) => t.runQueueMs[i])),
      cpuMs: medianOrNull(rows.map((i) => t.cpuMs[i])),
      bytesIn: medianOrNull(rows.map((i) => t.bytesIn[i])),
      bytesOut: medianOrNull(rows.map((i) => t.bytesOut[i])),
      ok: rows.every((i) => t.ok[i]),
    }));

  const useful = new Array<number>(point.workers).fill(0);
  for (const i of rowsOfRepeat(point, r)) {
    if (!t.ok[i]) continue;
    const w = t.worker[i];
    if (w >= 0 && w < point.workers) useful[w] += Math.max(0, t.endMs[i] - t.startMs[i] - t.lockWaitMs[i]);
  }

  return {
    workers: point.workers,
    point,
    makespanMs: point.makespanMs,
    medianRepeat: r,
    medianRepeatMakespanMs: point.makespansMs[r],
    inputs,
    recordedDispatches: dispatchesOfRepeat(point, r).map((d) => d.rows.map((i) => t.index[i])),
    overheads: estimateOverheads(point, r),
    usefulMsByWorker: useful,
    taskCount: t.index.length,
    failedCount: t.ok.filter((ok) => !ok).length,
  };
}
