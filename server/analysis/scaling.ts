// Speedup S(p) = T(1)/T(p) and efficiency E(p) = S(p)/p on the median makespan over repeats;
// the band speedupMin..speedupMax uses the slowest and fastest repeat at p, and the intervals
// (bootstrap.ts) resample the repeats of both T(1) and T(p).
import type { ScalingRow } from '../../common/runFile';
import { groupsCi, medianCi } from '../../common/bootstrap';

export type { ScalingRow };

export interface MakespanPoint {
  workers: number;
  /** Median over repeats. */
  makespanMs: number;
  /** One per repeat. */
  makespansMs: readonly number[];
}

export interface Baseline {
  ms: number;
  /** True when there is no 1-worker point: T(1) = T(pmin)·pmin assumes perfect scaling below pmin. */
  estimated: boolean;
  /** The point T(1) comes from. */
  workers: number;
  /** T(1) per repeat of that point (×pmin when estimated). */
  repeatsMs: readonly number[];
}

/** T(1): the 1-worker median makespan, or T(pmin)·pmin (perfect scaling below pmin assumed). */
export function baselineT1(points: readonly MakespanPoint[]): Baseline | null {
  const usable = points.filter((p) => p.makespanMs > 0).sort((a, b) => a.workers - b.workers);
  if (usable.length === 0) return null;
  const first = usable[0];
  return {
    ms: first.makespanMs * first.workers,
    estimated: first.workers !== 1,
    workers: first.workers,
    repeatsMs: first.makespansMs.filter((m) => m > 0).map((m) => m * first.workers),
  };
}

const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
const ci4 = (c: [number, number]): [number, number] => [r4(c[0]), r4(c[1])];

export function scalingTable(points: readonly MakespanPoint[], base: Baseline): ScalingRow[] {
  return points
    .filter((p) => p.makespanMs > 0)
    .sort((a, b) => a.workers - b.workers)
    .map((p) => {
      const speedup = base.ms / p.makespanMs;
      const row: ScalingRow = { workers: p.workers, speedup, efficiency: speedup / p.workers, makespanMs: p.makespanMs };
      row.baseline = base.estimated ? 'estimated' : 'measured';
      const spans = p.makespansMs.filter((m) => m > 0);
      if (spans.length) {
        row.speedupMin = base.ms / Math.max(...spans);
        row.speedupMax = base.ms / Math.min(...spans);
      }
      const mci = medianCi(spans);
      if (mci) row.makespanCi = ci4(mci);
      // The baseline's own row is 1× by definition; elsewhere both medians vary.
      const sci = p.workers === base.workers
        ? (spans.length > 1 ? [speedup, speedup] as [number, number] : null)
        : groupsCi([base.repeatsMs, spans], ([a, b]) => a / b);
      if (sci) {
        row.speedupCi = ci4(sci);
        row.efficiencyCi = ci4([sci[0] / p.workers, sci[1] / p.workers]);
      }
      return row;
    });
}
