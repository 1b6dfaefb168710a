// Amdahl's law S(p) = 1/(f + (1−f)/p): least-squares serial fraction f ∈ [0,1] on the speedups.
import { minimize1d, rSquared } from '../../common/stats';

export interface SpeedupPoint {
  workers: number;
  speedup: number;
}

export function amdahlSpeedup(f: number, p: number): number {
  return 1 / (f + (1 - f) / p);
}

/**
 * Null with fewer than two worker counts or none above 1: f is then undetermined (a lone point's
 * speedup rests on T(1) alone, which may itself be estimated from that point).
 */
export function fitAmdahl(points: readonly SpeedupPoint[]): { serialFraction: number; r2: number } | null {
  if (!points.some((p) => p.workers > 1) || new Set(points.map((p) => p.workers)).size < 2) return null;
  const sse = (f: number): number => points.reduce((s, p) => s + (p.speedup - amdahlSpeedup(f, p.workers)) ** 2, 0);
  const f = minimize1d(sse, 0, 1);
  const r2 = rSquared(points.map((p) => p.speedup), points.map((p) => amdahlSpeedup(f, p.workers)));
  return { serialFraction: f, r2 };
}
