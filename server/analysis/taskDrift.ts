// JIT drift: the same task code changing speed part-way through a point, e.g. V8 deoptimising a hot
// function after a few hundred calls so that every later call takes 2.0 ms instead of 0.5 ms. That is
// a finding about the workload (and a reason its points are not comparable), not noise to average
// away (docs/numbers.md "Task drift"). Pure; typed arrays throughout (a point may hold a million tasks).
import type { Point } from '../../common/runFile';
import { tasksOf } from './taskColumns';
import { median } from '../../common/stats';

/** A speed change smaller than this factor (either way) is not called drift. */
export const DRIFT_MIN_RATIO = 1.5;
/** Calls needed on each side of the change before it counts (a few slow first calls are warm-up). */
export const DRIFT_MIN_CALLS = 20;
/** Share of each side's calls that must sit on its own side of the midpoint: a step, not a mixture. */
export const DRIFT_MIN_SEPARATION = 0.8;
/** Tasks shorter than this (median) are timer noise at µs resolution: not examined. */
export const DRIFT_MIN_TASK_MS = 0.05;

export interface WorkerDrift {
  worker: number;
  /** 1-based call number on this worker (measured calls of this point, in time order) of the first call at the new speed. */
  call: number;
  /** The repeat and input of that call. */
  repeat: number;
  index: number;
  /** Median per-call time before and after the change, ms (relative to each input's own median when inputs repeat). */
  beforeMs: number;
  afterMs: number;
}

export interface PointDrift {
  workers: number;
  /** Workers whose tasks changed speed, with where; workers without a change are left out. */
  perWorker: WorkerDrift[];
}

/**
 * The per-call speed of each finished task, comparable across inputs: its duration over its
 * input's median duration at this point when inputs ran more than once (across repeats), else its
 * duration (one run per input: a change of speed shows only as a step in the raw durations).
 */
function callSpeeds(point: Point): { x: Float64Array; scale: Float64Array } {
  const t = tasksOf(point);
  const n = t.index.length;
  let maxIndex = -1;
  for (let i = 0; i < n; i++) maxIndex = Math.max(maxIndex, t.index[i]);
  const runs = new Int32Array(maxIndex + 1);
  for (let i = 0; i < n; i++) if (t.ok[i]) runs[t.index[i]]++;
  let repeated = false;
  for (let k = 0; k <= maxIndex && !repeated; k++) if (runs[k] > 1) repeated = true;
  const x = new Float64Array(n).fill(NaN);
  const scale = new Float64Array(n).fill(1);
  for (let i = 0; i < n; i++) if (t.ok[i]) x[i] = t.endMs[i] - t.startMs[i];
  if (!repeated) return { x, scale };
  // Per-input medians: group the rows by input (counting sort), then the median of each group.
  const offsets = new Int32Array(maxIndex + 2);
  for (let k = 0; k <= maxIndex; k++) offsets[k + 1] = offsets[k] + runs[k];
  const next = offsets.slice(0, maxIndex + 1);
  const byInput = new Float64Array(offsets[maxIndex + 1]);
  for (let i = 0; i < n; i++) if (t.ok[i]) byInput[next[t.index[i]]++] = x[i];
  const ref = new Float64Array(maxIndex + 1);
  for (let k = 0; k <= maxIndex; k++) ref[k] = median(byInput.subarray(offsets[k], offsets[k + 1]));
  for (let i = 0; i < n; i++) {
    const r = ref[t.index[i]];
    if (t.ok[i] && r > 0) { x[i] /= r; scale[i] = r; } else x[i] = NaN;
  }
  return { x, scale };
}

/**
 * The one change of speed in a worker's calls (in time order), or null: the split that best
 * separates the log speeds into two flat levels, kept only when the levels differ by
 * DRIFT_MIN_RATIO, each side is a level (DRIFT_MIN_SEPARATION of it on its side of the midpoint),
 * and neither side trends (a ramp, e.g. inputs that grow, is not a step).
 */
export function changePoint(x: Float64Array): { at: number; before: number; after: number } | null {
  const n = x.length;
  if (n < 2 * DRIFT_MIN_CALLS) return null;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = Math.log(Math.max(x[i], 1e-9));
  const s = new Float64Array(n + 1);
  const s2 = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) { s[i + 1] = s[i] + y[i]; s2[i + 1] = s2[i] + y[i] * y[i]; }
  const sse = (a: number, b: number): number => { const m = b - a; const sum = s[b] - s[a]; return s2[b] - s2[a] - (sum * sum) / m; };
  let best = -1;
  let bestCost = Infinity;
  for (let k = DRIFT_MIN_CALLS; k <= n - DRIFT_MIN_CALLS; k++) {
    const c = sse(0, k) + sse(k, n);
    if (c < bestCost) { bestCost = c; best = k; }
  }
  if (best < 0) return null;
  const before = median(x.subarray(0, best));
  const after = median(x.subarray(best));
  if (!(before > 0 && after > 0)) return null;
  const jump = Math.log(after / before);
  if (Math.abs(jump) < Math.log(DRIFT_MIN_RATIO)) return null;
  const mid = Math.sqrt(before * after);
  const up = after > before;
  let onSide = 0;
  for (let i = 0; i < best; i++) if (up ? x[i] < mid : x[i] > mid) onSide++;
  if (onSide < DRIFT_MIN_SEPARATION * best) return null;
  onSide = 0;
  for (let i = best; i < n; i++) if (up ? x[i] > mid : x[i] < mid) onSide++;
  if (onSide < DRIFT_MIN_SEPARATION * (n - best)) return null;
  const trend = (a: number, b: number): number => {
    const h = a + ((b - a) >> 1);
    return Math.abs(Math.log(median(x.subarray(h, b)) / median(x.subarray(a, h))));
  };
  if (trend(0, best) > Math.abs(jump) / 3 || trend(best, n) > Math.abs(jump) / 3) return null;
  return { at: best, before, after };
}

const memo = new WeakMap<object, PointDrift | null>();

/** Where the point's task speed changed, per worker; null when it did not (or cannot be told). */
export function pointDrift(point: Point): PointDrift | null {
  if (memo.has(point.tasks)) return memo.get(point.tasks)!;
  const result = findDrift(point);
  memo.set(point.tasks, result);
  return result;
}

function findDrift(point: Point): PointDrift | null {
  const t = tasksOf(point);
  // Raw durations this short are µs timer steps, not speeds. Checked before the speeds are
  // computed: at a million trivial tasks their arrays were the analysis' peak (+30 MB).
  const raw = new Float64Array(t.index.length);
  for (let i = 0; i < raw.length; i++) raw[i] = t.endMs[i] - t.startMs[i];
  if (!(median(raw) >= DRIFT_MIN_TASK_MS)) return null;
  const { x, scale } = callSpeeds(point);
  const perWorker: WorkerDrift[] = [];
  for (let w = 0; w < point.workers; w++) {
    // A worker's rows in record order are its calls in time order: repeats are appended in the
    // order they ran, and a worker runs its dispatches one after another.
    let count = 0;
    for (let i = 0; i < t.index.length; i++) if (t.worker[i] === w && x[i] === x[i]) count++;
    const rows = new Int32Array(count);
    const xs = new Float64Array(count);
    for (let i = 0, k = 0; i < t.index.length; i++) if (t.worker[i] === w && x[i] === x[i]) { rows[k] = i; xs[k++] = x[i]; }
    const c = changePoint(xs);
    if (!c) continue;
    const row = rows[c.at];
    // Back to ms: the speeds are relative to each input's median when inputs repeat.
    let sBefore = 0; let sAfter = 0;
    for (let k = 0; k < c.at; k++) sBefore += scale[rows[k]];
    for (let k = c.at; k < count; k++) sAfter += scale[rows[k]];
    perWorker.push({
      worker: w, call: c.at + 1, repeat: t.repeat[row], index: t.index[row],
      beforeMs: c.before * (sBefore / c.at), afterMs: c.after * (sAfter / (count - c.at)),
    });
  }
  return perWorker.length ? { workers: point.workers, perWorker } : null;
}
