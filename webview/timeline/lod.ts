// Pure: level-of-detail aggregation of a lane for drawing. When many tasks fall in one pixel the
// Timeline draws, per pixel column, the fraction of time the worker was running, waiting on a lock,
// in GC, failed, and had queued work. Those fractions come from a pyramid of pre-summed bins, so a
// frame costs O(pixels), not O(tasks), however many tasks the run has.
import { firstEndingAfter, lastStartingBefore, type Lane } from './lanes';

export const CHANNELS = ['run', 'lock', 'gc', 'failed', 'queue'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Per-bin fractions (0..1, queue may exceed 1 when waits overlap) of each channel. */
export type Coverage = Record<Channel, Float32Array>;

export function emptyCoverage(bins: number): Coverage {
  return { run: new Float32Array(bins), lock: new Float32Array(bins), gc: new Float32Array(bins), failed: new Float32Array(bins), queue: new Float32Array(bins) };
}

/** Add weight × (overlap of [a, b] with each bin, as a fraction of the bin) to `out` (bins over [t0, t1]). */
export function addInterval(out: Float32Array, t0: number, t1: number, a: number, b: number, weight: number): void {
  const bins = out.length;
  const w = (t1 - t0) / bins;
  let fa = (a - t0) / w, fb = (b - t0) / w;
  if (fb <= 0 || fa >= bins || weight === 0) return;
  if (fa < 0) fa = 0;
  if (fb > bins) fb = bins;
  const ia = Math.floor(fa), ib = Math.min(bins - 1, Math.floor(fb));
  if (ia === ib) { out[ia] += (fb - fa) * weight; return; }
  out[ia] += (ia + 1 - fa) * weight;
  for (let i = ia + 1; i < ib; i++) out[i] += weight;
  out[ib] += (fb - ib) * weight;
}

/** Exact coverage of a lane's tasks from index i0 to i1 (exclusive) over `bins` bins of [t0, t1]. */
export function coverageFromTasks(lane: Lane, i0: number, i1: number, t0: number, t1: number, out: Coverage): void {
  const { start, end, at } = lane;
  const { lockWaitMs: lock, gcMs: gc, ok, submitMs, queueMs } = lane.cols;
  const run = out.run, lk = out.lock, g = out.gc, fl = out.failed;
  const bins = run.length;
  const inv = bins / (t1 - t0);
  for (let k = i0; k < i1; k++) {
    const r = at === null ? k : at[k];
    const qs = submitMs[r], qe = qs + queueMs[r];
    if (qe > qs) addInterval(out.queue, t0, t1, qs, qe, 1);
    const s = start[k], e = end[k], d = e - s;
    if (d <= 0) continue;
    // One pass over the bins a task covers, all channels at once (this loop runs once per task
    // on a million-task run). Lock wait and GC are per-task totals: proportional shares of the bar.
    let wRun = 0, wLock = 0, wGc = 0, wFail = 0;
    if (!ok[r]) wFail = 1;
    else {
      wLock = lock[r] / d; if (wLock > 1) wLock = 1;
      wGc = gc[r] / d; if (wGc > 1 - wLock) wGc = 1 - wLock;
      wRun = 1 - wLock - wGc;
    }
    let fa = (s - t0) * inv, fb = (e - t0) * inv;
    if (fb <= 0 || fa >= bins) continue;
    if (fa < 0) fa = 0;
    if (fb > bins) fb = bins;
    const ia = fa | 0;
    let ib = fb | 0;
    if (ib >= bins) ib = bins - 1;
    for (let b = ia; b <= ib; b++) {
      const lo = b > fa ? b : fa, hi = b + 1 < fb ? b + 1 : fb;
      const o = hi - lo;
      if (o <= 0) continue;
      run[b] += o * wRun; lk[b] += o * wLock; g[b] += o * wGc; fl[b] += o * wFail;
    }
  }
}

/** Multi-resolution bins of one lane: levels[0] is the finest, each next level halves the bins. */
export interface LanePyramid {
  t0: number;
  t1: number;
  levels: Coverage[];
}

/** A pyramid for lanes with many tasks (null when exact coverage is always cheap enough). */
export function pyramidFor(lane: Lane, t0: number, t1: number, minTasks = 4096): LanePyramid | null {
  const m = lane.start.length;
  if (m < minTasks) return null;
  // About one task per base bin, between 2^10 and 2^16 bins.
  const bins = Math.min(1 << 16, Math.max(1 << 10, 2 ** Math.ceil(Math.log2(m))));
  return buildPyramid(lane, t0, t1, bins);
}

export function buildPyramid(lane: Lane, t0: number, t1: number, baseBins: number): LanePyramid {
  const base = emptyCoverage(baseBins);
  coverageFromTasks(lane, 0, lane.start.length, t0, t1, base);
  const levels = [base];
  let cur = base;
  while (cur.run.length > 1) {
    const n = cur.run.length >> 1;
    const next = emptyCoverage(n);
    for (const c of CHANNELS) {
      const src = cur[c], dst = next[c];
      for (let i = 0; i < n; i++) dst[i] = (src[2 * i] + src[2 * i + 1]) / 2;
    }
    levels.push(next);
    cur = next;
  }
  return { t0, t1, levels };
}

/**
 * Coverage over `bins` pixels of [v0, v1] from the pyramid: picks the coarsest level whose bins
 * are no wider than a pixel (so ≤ 2 bins per pixel are read), then spreads each bin over the
 * pixels it overlaps. Returns false when even the finest level is coarser than a pixel.
 */
export function coverageFromPyramid(p: LanePyramid, v0: number, v1: number, out: Coverage): boolean {
  const bins = out.run.length;
  const px = (v1 - v0) / bins;
  const span = p.t1 - p.t0;
  let level = -1;
  for (let l = 0; l < p.levels.length; l++) {
    if (span / p.levels[l].run.length <= px) level = l; else break;
  }
  if (level < 0) return false;
  const lv = p.levels[level];
  const n = lv.run.length;
  const bw = span / n;
  const j0 = Math.max(0, Math.floor((v0 - p.t0) / bw));
  const j1 = Math.min(n, Math.ceil((v1 - p.t0) / bw));
  for (let j = j0; j < j1; j++) {
    const a = p.t0 + j * bw;
    for (const c of CHANNELS) {
      const v = lv[c][j];
      // A bin holding fraction v of its width spreads v × (overlap/pixel) into each pixel.
      if (v !== 0) addInterval(out[c], v0, v1, a, a + bw, v);
    }
  }
  return true;
}

export type LaneMode = 'bars' | 'aggregated';

export interface LaneView {
  mode: LaneMode;
  /** Visible task range [i0, i1) in the lane. */
  i0: number;
  i1: number;
  coverage: Coverage | null;
}

/**
 * Decide how to draw a lane over [v0, v1] at `bins` pixels: individual bars when there are few
 * enough tasks for each to get about `minPxPerTask` pixels, aggregated coverage otherwise.
 */
export function laneView(lane: Lane, pyramid: LanePyramid | null, v0: number, v1: number, bins: number, minPxPerTask = 3): LaneView {
  const i0 = firstEndingAfter(lane, v0);
  const i1 = lastStartingBefore(lane, v1);
  const visible = Math.max(0, i1 - i0);
  if (visible * minPxPerTask <= bins) return { mode: 'bars', i0, i1, coverage: null };
  const cov = emptyCoverage(bins);
  // The pyramid pays off when there are many more tasks than pixels; near that ratio, exact is as cheap.
  if (!(visible > bins * 4 && pyramid && coverageFromPyramid(pyramid, v0, v1, cov))) coverageFromTasks(lane, i0, i1, v0, v1, cov);
  return { mode: 'aggregated', i0, i1, coverage: cov };
}
