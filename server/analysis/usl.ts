// Universal Scalability Law C(p) = p/(1 + σ(p−1) + κp(p−1)), fitted to the speedups with σ, κ ≥ 0.
// Start from the linearised fit (p/C − 1 = σ(p−1) + κp(p−1), non-negative least squares), then
// refine by projected Levenberg–Marquardt (damped Gauss–Newton) on the squared error of C itself, which is what R² reports.
import type { SpeedupPoint } from './amdahl';
import { nnls2, rSquared } from '../../common/stats';

/** Fewer distinct worker counts than this and the fit is reported but not trusted. */
export const USL_MIN_TRUSTED_POINTS = 4;

/** σ or κ below this is taken as 0 (κ·p(p−1) < 0.001 up to p = 1000). */
const NEGLIGIBLE = 1e-9;

export interface UslFit {
  sigma: number;
  kappa: number;
  /** p* = √((1−σ)/κ); null when κ = 0 (no retrograde region: the curve never peaks). */
  peakWorkers: number | null;
  r2: number;
  trusted: boolean;
}

export function uslCapacity(sigma: number, kappa: number, p: number): number {
  return p / (1 + sigma * (p - 1) + kappa * p * (p - 1));
}

export function uslPeak(sigma: number, kappa: number): number | null {
  if (kappa <= 0) return null;
  if (sigma >= 1) return 1;
  return Math.sqrt((1 - sigma) / kappa);
}

function sse(pts: readonly SpeedupPoint[], s: number, k: number): number {
  return pts.reduce((acc, p) => acc + (p.speedup - uslCapacity(s, k, p.workers)) ** 2, 0);
}

function refine(pts: readonly SpeedupPoint[], s0: number, k0: number): [number, number] {
  let s = s0;
  let k = k0;
  let err = sse(pts, s, k);
  let lambda = 1e-3;
  for (let it = 0; it < 200; it++) {
    // J^T J and J^T r for r = C_measured − C(σ,κ); ∂C/∂σ = −p(p−1)/D², ∂C/∂κ = −p²(p−1)/D².
    let a11 = 0, a12 = 0, a22 = 0, g1 = 0, g2 = 0;
    for (const { workers: p, speedup } of pts) {
      const d = 1 + s * (p - 1) + k * p * (p - 1);
      const r = speedup - p / d;
      const js = (-p * (p - 1)) / (d * d);
      const jk = (-p * p * (p - 1)) / (d * d);
      a11 += js * js; a12 += js * jk; a22 += jk * jk;
      g1 += js * r; g2 += jk * r;
    }
    let improved = false;
    for (let tries = 0; tries < 20 && !improved; tries++) {
      const b11 = a11 * (1 + lambda), b22 = a22 * (1 + lambda);
      const det = b11 * b22 - a12 * a12;
      if (!(Math.abs(det) > 0)) break;
      const ns = Math.max(0, s + (g1 * b22 - g2 * a12) / det);
      const nk = Math.max(0, k + (g2 * b11 - g1 * a12) / det);
      const nerr = sse(pts, ns, nk);
      if (nerr < err) {
        const done = err - nerr < 1e-15 * Math.max(1, err);
        s = ns; k = nk; err = nerr; lambda = Math.max(1e-9, lambda / 10); improved = true;
        if (done) return [s, k];
      } else {
        lambda *= 10;
      }
    }
    if (!improved) break;
  }
  return [s, k];
}

/** Null when fewer than two distinct worker counts (nothing to fit). */
export function fitUsl(points: readonly SpeedupPoint[]): UslFit | null {
  const pts = points.filter((p) => p.speedup > 0 && Number.isFinite(p.speedup));
  const distinct = new Set(pts.map((p) => p.workers)).size;
  if (distinct < 2 || !pts.some((p) => p.workers > 1)) return null;
  const lin = pts.filter((p) => p.workers > 1);
  const [s0, k0] = nnls2(
    lin.map((p) => p.workers - 1),
    lin.map((p) => p.workers * (p.workers - 1)),
    lin.map((p) => p.workers / p.speedup - 1),
  );
  const [s, k] = refine(pts, s0, k0);
  // Round-off leaves κ ≈ 1e-15 on linear data, which would put the "peak" at millions of workers.
  const sigma = s < NEGLIGIBLE ? 0 : s;
  const kappa = k < NEGLIGIBLE ? 0 : k;
  return {
    sigma,
    kappa,
    peakWorkers: uslPeak(sigma, kappa),
    r2: rSquared(pts.map((p) => p.speedup), pts.map((p) => uslCapacity(sigma, kappa, p.workers))),
    trusted: distinct >= USL_MIN_TRUSTED_POINTS,
  };
}
