// Small numeric helpers used by the analysis and by the fronts (intervals, significance). Pure;
// inputs are never mutated.
export function sum(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s;
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : sum(xs) / xs.length;
}

/** Quantile q in [0,1] with linear interpolation between order statistics (R type 7). NaN if empty. */
export function quantile(xs: ArrayLike<number>, q: number): number {
  if (xs.length === 0) return NaN;
  // A typed copy sorts numerically in native code: fast on the per-task arrays of large runs.
  const s = Float64Array.from(xs).sort();
  const pos = (s.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** Median; the mean of the two middle values when the count is even. */
export function median(xs: ArrayLike<number>): number {
  // Quickselect on a copy (linear) gives the same value as the sort; NaN, which has no order, takes the sort.
  const v = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) { const x = xs[i]; if (x !== x) return quantile(xs, 0.5); v[i] = x; }
  return middleOf(v);
}

/**
 * Median of the finite values (NaN, a value not measured, is skipped); NaN when there are none.
 * Quickselect on a typed copy: linear, where a sort of a million per-task values is not.
 */
export function medianOfFinite(xs: ArrayLike<number>): number {
  const v = new Float64Array(xs.length);
  let n = 0;
  for (let i = 0; i < xs.length; i++) { const x = xs[i]; if (x - x === 0) v[n++] = x; }
  return middleOf(v.subarray(0, n));
}

/** The median of `v` (no NaN), reordering it (no copy: for a caller's own scratch array); NaN when empty. */
export function middleOf(v: Float64Array): number {
  const n = v.length;
  if (n === 0) return NaN;
  const m = n >> 1;
  return n % 2 ? kth(v, m) : (kth(v, m - 1) + kth(v, m)) / 2;
}

/** The k-th smallest entry (0-based), reordering `v` in place (Hoare's selection). */
function kth(v: Float64Array, k: number): number {
  let lo = 0;
  let hi = v.length - 1;
  while (lo < hi) {
    const pivot = v[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) { const x = v[i]; v[i] = v[j]; v[j] = x; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return v[k];
  }
  return v[k];
}

/**
 * Coefficient of determination of `predicted` against `observed`: 1 − SSres/SStot.
 * When the observations do not vary (SStot = 0) it is 1 for an exact fit, else 0.
 */
export function rSquared(observed: readonly number[], predicted: readonly number[]): number {
  const m = mean(observed);
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < observed.length; i++) {
    ssRes += (observed[i] - predicted[i]) ** 2;
    ssTot += (observed[i] - m) ** 2;
  }
  if (ssTot === 0) return ssRes < 1e-18 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

/** Least-squares slope of y = b·x through the origin. NaN when Σx² = 0. */
export function slopeThroughOrigin(x: readonly number[], y: readonly number[]): number {
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += x[i] * y[i];
    sxx += x[i] * x[i];
  }
  return sxx === 0 ? NaN : sxy / sxx;
}

/**
 * Non-negative least squares for y = a·x1 + b·x2 (no intercept), a, b ≥ 0.
 * Two unknowns: try the unconstrained solution, else the best of the one-variable fits.
 */
export function nnls2(x1: readonly number[], x2: readonly number[], y: readonly number[]): [number, number] {
  let s11 = 0, s12 = 0, s22 = 0, s1y = 0, s2y = 0;
  for (let i = 0; i < y.length; i++) {
    s11 += x1[i] * x1[i];
    s12 += x1[i] * x2[i];
    s22 += x2[i] * x2[i];
    s1y += x1[i] * y[i];
    s2y += x2[i] * y[i];
  }
  const det = s11 * s22 - s12 * s12;
  if (Math.abs(det) > 1e-12 * Math.max(1, s11 * s22)) {
    const a = (s1y * s22 - s2y * s12) / det;
    const b = (s2y * s11 - s1y * s12) / det;
    if (a >= 0 && b >= 0) return [a, b];
  }
  const sse = (a: number, b: number): number => {
    let s = 0;
    for (let i = 0; i < y.length; i++) s += (y[i] - a * x1[i] - b * x2[i]) ** 2;
    return s;
  };
  const candidates: [number, number][] = [[0, 0]];
  if (s11 > 0) candidates.push([Math.max(0, s1y / s11), 0]);
  if (s22 > 0) candidates.push([0, Math.max(0, s2y / s22)]);
  return candidates.reduce((best, c) => (sse(c[0], c[1]) < sse(best[0], best[1]) ? c : best));
}

/**
 * Minimum of a function on [lo, hi]: a coarse grid (so a non-unimodal function still lands in the
 * right basin) then golden-section refinement around the best grid point.
 */
export function minimize1d(f: (x: number) => number, lo: number, hi: number, grid = 200): number {
  let best = lo;
  let bestV = f(lo);
  for (let i = 1; i <= grid; i++) {
    const x = lo + ((hi - lo) * i) / grid;
    const v = f(x);
    if (v < bestV) {
      bestV = v;
      best = x;
    }
  }
  const step = (hi - lo) / grid;
  let a = Math.max(lo, best - step);
  let b = Math.min(hi, best + step);
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < 100 && b - a > 1e-12; i++) {
    if (fc < fd) {
      b = d; d = c; fd = fc; c = b - g * (b - a); fc = f(c);
    } else {
      a = c; c = d; fc = fd; d = a + g * (b - a); fd = f(d);
    }
  }
  const x = (a + b) / 2;
  return f(x) <= bestV ? x : best;
}

/** Deterministic PRNG (mulberry32): the same seed gives the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
