// Views over a point's columnar task records: the rows of one repeat, the median repeat.
import type { Point } from '../../common/runFile';
import { median } from './stats';

/** Row numbers (into the columnar arrays) of the tasks of repeat `r`. */
export function rowsOfRepeat(point: Point, r: number): number[] {
  const rows: number[] = [];
  const rep = point.tasks.repeat;
  for (let i = 0; i < rep.length; i++) if (rep[i] === r) rows.push(i);
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

/** One dispatch of a repeat as it was recorded: its worker, when it was handed out, its tasks' rows by start. */
export interface RecordedDispatch {
  dispatch: number;
  worker: number;
  submitMs: number;
  rows: number[];
  firstStartMs: number;
  lastEndMs: number;
}

export function dispatchesOfRepeat(point: Point, r: number): RecordedDispatch[] {
  const t = point.tasks;
  const byDispatch = new Map<number, number[]>();
  for (const i of rowsOfRepeat(point, r)) {
    const list = byDispatch.get(t.dispatch[i]);
    if (list) list.push(i);
    else byDispatch.set(t.dispatch[i], [i]);
  }
  return [...byDispatch.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([dispatch, rows]) => {
      rows.sort((a, b) => t.startMs[a] - t.startMs[b]);
      return {
        dispatch,
        worker: t.worker[rows[0]],
        submitMs: Math.min(...rows.map((i) => t.submitMs[i])),
        rows,
        firstStartMs: t.startMs[rows[0]],
        lastEndMs: Math.max(...rows.map((i) => t.endMs[i])),
      };
    });
}
