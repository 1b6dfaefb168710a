// POP efficiencies per worker count, on the median repeat (by makespan) of each point.
// useful(w) = Σ over worker w's successful tasks of (endMs − startMs − lockWaitMs).
//   LB    = mean(useful) / max(useful)        (workers without a task count as 0)
//   CommE = max(useful) / makespan
//   PE    = LB × CommE  (= Σuseful / (p × makespan))
//   CompE = Σuseful(ref) / Σuseful(p)         (ref = the 1-worker point, else the smallest p)
import { mean, sum } from '../../common/stats';

export interface UsefulPoint {
  workers: number;
  /** Makespan of the repeat the useful times come from. */
  makespanMs: number;
  usefulMsByWorker: readonly number[];
}

export interface PopRow {
  workers: number;
  loadBalance: number;
  communicationEfficiency: number;
  parallelEfficiency: number;
  computationScalability: number;
}

/** Points whose useful time or makespan is zero are left out (nothing ran successfully). */
export function popEfficiencies(points: readonly UsefulPoint[]): PopRow[] {
  const usable = points
    .filter((p) => p.makespanMs > 0 && sum(p.usefulMsByWorker) > 0)
    .sort((a, b) => a.workers - b.workers);
  if (usable.length === 0) return [];
  const refTotal = sum(usable[0].usefulMsByWorker);
  return usable.map((p) => {
    const useful = Array.from({ length: p.workers }, (_, w) => p.usefulMsByWorker[w] ?? 0);
    const max = Math.max(...useful);
    const loadBalance = mean(useful) / max;
    const communicationEfficiency = max / p.makespanMs;
    return {
      workers: p.workers,
      loadBalance,
      communicationEfficiency,
      parallelEfficiency: loadBalance * communicationEfficiency,
      computationScalability: refTotal / sum(useful),
    };
  });
}
