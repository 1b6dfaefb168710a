// What each point would have measured on a quiet machine: an estimate, never shown as a measurement.
// Method (docs/decisions/noise.md): the run-queue delay of each task — time its thread was runnable
// but not running — is the CPU other processes took from it, in the share that the point's measured
// external load explains (quality.ts externalShareOfWait: the rest is the run's own
// oversubscription, which a quiet machine keeps).
// The point is replayed with each input's duration less that delay (the same calibrated replay that
// predicts every suggestion's gain), and efficiency follows from the estimated T(1) and T(p).
import type { Quality } from '../../common/runFile';
import type { PointSummary } from './pointSummary';
import { externalShareOfWait, type PointLoad } from './quality';
import type { Baseline } from './scaling';
import type { Replayer } from './whatIf';

export function quietMakespanMs(p: PointSummary, load: PointLoad | undefined, cpus: number, replay: Replayer): number {
  // Without a load measurement (older runs, other platforms) all run-queue delay within the CPU
  // count is someone else's.
  const share = load?.externalCores != null
    ? externalShareOfWait(p.workers, load.significantExternalCores, cpus)
    : p.workers <= cpus ? 1 : 0;
  if (share === 0) return p.makespanMs;
  const predicted = replay.predictMakespanMs(p, { duration: (x) => x.durationMs - share * (x.runQueueMs ?? 0) });
  return Math.min(p.makespanMs, predicted);
}

export function quietEstimate(points: readonly PointSummary[], loads: readonly PointLoad[], t1: Baseline | null, cpus: number, replay: Replayer): NonNullable<Quality['quietEstimate']> {
  const ms = new Map(points.map((p) => [p.workers, quietMakespanMs(p, loads.find((l) => l.workers === p.workers), cpus, replay)]));
  const base = t1 ? (ms.get(t1.workers) ?? NaN) * t1.workers : NaN;
  const out: NonNullable<Quality['quietEstimate']> = {};
  for (const [workers, m] of ms) {
    out[String(workers)] = { makespanMs: Math.round(m * 1000) / 1000, efficiency: Math.round((base / m / workers) * 1e4) / 1e4 };
  }
  return out;
}
