// Karp–Flatt experimentally determined serial fraction e(p) = (1/S − 1/p)/(1 − 1/p), p > 1.
// A constant e points at a serial fraction; an e that rises with p points at parallel overhead.
import type { SpeedupPoint } from './amdahl';

export function karpFlatt(points: readonly SpeedupPoint[]): { workers: number; e: number }[] {
  return points
    .filter((p) => p.workers > 1 && p.speedup > 0)
    .map((p) => ({ workers: p.workers, e: (1 / p.speedup - 1 / p.workers) / (1 - 1 / p.workers) }));
}
