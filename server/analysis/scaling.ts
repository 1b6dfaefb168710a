// Speedup S(p) = T(1)/T(p) and efficiency E(p) = S(p)/p on the median makespan over repeats;
// the band speedupMin..speedupMax uses the slowest and fastest repeat at p.

export interface MakespanPoint {
  workers: number;
  /** Median over repeats. */
  makespanMs: number;
  /** One per repeat. */
  makespansMs: readonly number[];
}

export interface ScalingRow {
  workers: number;
  speedup: number;
  efficiency: number;
  speedupMin?: number;
  speedupMax?: number;
}

/** T(1): the 1-worker median makespan, or T(pmin)·pmin (perfect scaling below pmin assumed). */
export function baselineT1(points: readonly MakespanPoint[]): { ms: number; estimated: boolean } | null {
  const usable = points.filter((p) => p.makespanMs > 0).sort((a, b) => a.workers - b.workers);
  if (usable.length === 0) return null;
  const first = usable[0];
  return { ms: first.makespanMs * first.workers, estimated: first.workers !== 1 };
}

export function scalingTable(points: readonly MakespanPoint[], t1Ms: number): ScalingRow[] {
  return points
    .filter((p) => p.makespanMs > 0)
    .sort((a, b) => a.workers - b.workers)
    .map((p) => {
      const speedup = t1Ms / p.makespanMs;
      const row: ScalingRow = { workers: p.workers, speedup, efficiency: speedup / p.workers };
      const spans = p.makespansMs.filter((m) => m > 0);
      if (spans.length) {
        row.speedupMin = t1Ms / Math.max(...spans);
        row.speedupMax = t1Ms / Math.min(...spans);
      }
      return row;
    });
}
