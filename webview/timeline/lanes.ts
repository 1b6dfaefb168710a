// Pure: the tasks of one point and repeat, split into one lane per worker, sorted by start time,
// in typed arrays (a million tasks must not become a million objects).
import type { Point, TaskColumns } from '../../common/runFile';

/**
 * The columns a lane reads the rest of a task from: at first the point's own, through `at`
 * (cols.lockWaitMs[at[k]]), not copied per lane, which at a million tasks would be ≈ 33 MB more of
 * fresh arrays to write before the first frame (page faults, docs/decisions/webview.md); after the
 * first frame, gathered into lane order (gatherLaneColumns), so that a zoomed frame reads them in
 * sequence instead of one scattered row at a time.
 */
export interface LaneColumns {
  submitMs: ArrayLike<number>;
  queueMs: ArrayLike<number>;
  lockWaitMs: ArrayLike<number>;
  gcMs: ArrayLike<number>;
  ok: ArrayLike<number | boolean>;
}

export interface Lane {
  worker: number;
  /** Row of each task in the point's columns, in start order. */
  row: Uint32Array;
  /** Start and end (≥ start) of each task, in start order: copied, as every frame searches them. */
  start: Float64Array;
  end: Float64Array;
  /**
   * Queue wait [submit, submit + queue], lock wait, GC and ok of task k: cols.…[at[k]] while `at`
   * is set (the point's columns, `at` = `row`), cols.…[k] once gathered (`at` null).
   */
  cols: LaneColumns;
  at: Uint32Array | null;
}

/**
 * Copy a lane's queue, lock-wait, GC and ok columns into lane order (once; after the first frame:
 * webview/views/timelineView.ts). The frames that follow read them in sequence.
 */
export function gatherLaneColumns(lane: Lane): void {
  const at = lane.at;
  if (!at) return;
  const { submitMs, queueMs, lockWaitMs, gcMs, ok } = lane.cols;
  const m = at.length;
  const g: LaneColumns = { submitMs: new Float64Array(m), queueMs: new Float64Array(m), lockWaitMs: new Float64Array(m), gcMs: new Float64Array(m), ok: new Uint8Array(m) };
  const [s, q, l, c, o] = [g.submitMs, g.queueMs, g.lockWaitMs, g.gcMs, g.ok] as [Float64Array, Float64Array, Float64Array, Float64Array, Uint8Array];
  for (let k = 0; k < m; k++) {
    const r = at[k];
    s[k] = submitMs[r]; q[k] = queueMs[r]; l[k] = lockWaitMs[r]; c[k] = gcMs[r]; o[k] = ok[r] ? 1 : 0;
  }
  lane.cols = g;
  lane.at = null;
}

export interface LaneSet {
  lanes: Lane[];
  /** Time range covered by the tasks and queue waits (ms from the repeat start). */
  t0: number;
  t1: number;
  tasks: number;
}

/**
 * The task columns the Timeline reads to draw (lanes, repeats, host groups: common/fleetSlots.ts);
 * the others only its tooltip reads. The report decodes these first (webview/deferredTasks.ts).
 */
export const LANE_COLUMNS: readonly (keyof TaskColumns)[] = ['index', 'repeat', 'worker', 'host', 'submitMs', 'startMs', 'endMs', 'queueMs', 'lockWaitMs', 'gcMs', 'ok'];

/** Repeats present in a point (sorted). */
export function repeatsOf(point: Point): number[] {
  const seen = new Set<number>();
  const r = point.tasks.repeat;
  for (let i = 0; i < r.length; i++) seen.add(r[i]);
  return [...seen].sort((a, b) => a - b);
}

export function buildLanes(point: Point, repeat: number): LaneSet {
  const t = point.tasks;
  const n = t.index.length;
  // Worker slots are small integers: plain arrays indexed by slot, no maps in the per-task loops.
  // Few passes over the rows: the first frame runs this once, cold (docs/decisions/webview.md).
  let counts = new Int32Array(point.workers);
  for (let i = 0; i < n; i++) {
    const w = t.worker[i];
    if (w >= counts.length) { const grown = new Int32Array(w + 1); grown.set(counts); counts = grown; }
    if (t.repeat[i] === repeat) counts[w]++;
  }
  const slots = counts.length;
  const rows = Array.from(counts, (c) => new Uint32Array(c));
  const fill = new Int32Array(slots);
  for (let i = 0; i < n; i++) {
    if (t.repeat[i] !== repeat) continue;
    const w = t.worker[i];
    rows[w][fill[w]++] = i;
  }
  /** The time range covered by the tasks and their queue waits. */
  const range = { t0: Infinity, t1: -Infinity };
  let total = 0;
  const lanes: Lane[] = [];
  // Every slot 0..p-1 gets a lane, even an idle one: an empty lane is a finding.
  for (let w = 0; w < slots; w++) {
    if (w >= point.workers && counts[w] === 0) continue;
    let row = rows[w];
    const m = row.length;
    const start = new Float64Array(m), end = new Float64Array(m);
    // Records usually arrive in start order per worker: copied as they are, sorted only when they are not.
    if (!copyTimes(t, row, start, end, range)) {
      row = row.slice().sort((a, b) => t.startMs[a] - t.startMs[b]);
      copyTimes(t, row, start, end, range);
    }
    total += m;
    lanes.push({ worker: w, row, start, end, cols: t, at: row });
  }
  let { t0, t1 } = range;
  if (!Number.isFinite(t0)) { t0 = 0; t1 = 1; }
  if (t1 <= t0) t1 = t0 + 1;
  return { lanes, t0: Math.min(0, t0), t1, tasks: total };
}

/** Start and end (≥ start) of the rows, in their order, widening `range` to them and their submits; whether the starts are in order. */
function copyTimes(t: Point['tasks'], row: Uint32Array, start: Float64Array, end: Float64Array, range: { t0: number; t1: number }): boolean {
  let sorted = true, prev = -Infinity, t0 = range.t0, t1 = range.t1;
  for (let k = 0; k < row.length; k++) {
    const i = row[k];
    const s = t.startMs[i], e = t.endMs[i], q = t.submitMs[i];
    if (s < prev) sorted = false;
    prev = s;
    start[k] = s;
    end[k] = e > s ? e : s;
    if (q < t0) t0 = q;
    if (s < t0) t0 = s;
    if (e > t1) t1 = e;
  }
  range.t0 = t0; range.t1 = t1;
  return sorted;
}

/** Index of the first task in a lane whose end is ≥ t (tasks in a lane do not overlap). */
export function firstEndingAfter(lane: Lane, t: number): number {
  // Ends are non-decreasing when tasks do not overlap; binary search over start then step back.
  let lo = 0, hi = lane.start.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (lane.start[mid] < t) lo = mid + 1; else hi = mid; }
  while (lo > 0 && lane.end[lo - 1] >= t) lo--;
  return lo;
}

/** Index one past the last task that starts at or before t. */
export function lastStartingBefore(lane: Lane, t: number): number {
  let lo = 0, hi = lane.start.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (lane.start[mid] <= t) lo = mid + 1; else hi = mid; }
  return lo;
}

/** The task under time t (within ± tolerance ms), nearest first; -1 when none. */
export function taskAt(lane: Lane, t: number, tolerance: number): number {
  const hi = lastStartingBefore(lane, t + tolerance);
  let best = -1, bestDist = Infinity;
  for (let k = hi - 1; k >= 0 && k >= hi - 64; k--) {
    const d = t < lane.start[k] ? lane.start[k] - t : t > lane.end[k] ? t - lane.end[k] : 0;
    if (d <= tolerance && d < bestDist) { best = k; bestDist = d; if (d === 0) break; }
    if (lane.end[k] < t - tolerance && k < hi - 1) break;
  }
  return best;
}
