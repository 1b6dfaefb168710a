// Load imbalance per worker (Scalasca): deviation |x − x̄| of each worker's useful time from the
// mean, and the overload max − mean: the time the slowest worker could give back if work were even.
import type { UsefulPoint } from './pop';
import { mean } from '../../common/stats';

export interface ImbalanceRow {
  workers: number;
  maxUsefulMs: number;
  meanUsefulMs: number;
  overloadMs: number;
  perWorker: { worker: number; usefulMs: number; deviationMs: number }[];
}

export function imbalanceByWorker(point: UsefulPoint): ImbalanceRow {
  const useful = Array.from({ length: point.workers }, (_, w) => point.usefulMsByWorker[w] ?? 0);
  const m = mean(useful);
  const max = Math.max(...useful);
  return {
    workers: point.workers,
    maxUsefulMs: max,
    meanUsefulMs: m,
    overloadMs: max - m,
    perWorker: useful.map((x, worker) => ({ worker, usefulMs: x, deviationMs: Math.abs(x - m) })),
  };
}
