// What each point would have measured on a quiet machine: an estimate, never shown as a measurement.
// Method (docs/decisions/noise.md): the workers' run-queue delay over a repeat — time their threads
// were runnable but not running, in tasks and between them — is the time other processes took from
// them, in the share that the point's measured external load explains (quality.ts
// externalShareOfWait: the rest is the run's own oversubscription, which a quiet machine keeps).
// Each repeat's makespan less its workers' mean attributed delay estimates the quiet makespan;
// efficiency follows from the estimated T(1) and T(p). Runs without a load record fall back to
// replaying the point without its tasks' run-queue delay.
import type { Quality } from '../../common/runFile';
import type { PointSummary } from './pointSummary';
import { median } from '../../common/stats';
import { runQueueOrEstimate, runQueueRate } from './runQueueSample';
import { externalShareOfWait, keptMachine, type PointLoad } from './quality';
import type { Baseline } from './scaling';
import type { Replayer } from './whatIf';

export function quietMakespanMs(p: PointSummary, load: PointLoad | undefined, cpus: number, replay: Replayer): number {
  const kept = keptMachine(p.point);
  if (load?.externalCores != null && kept.length && kept.every((m) => m.runQueueMs !== null)) {
    // Each repeat less its workers' share of the waiting that other processes caused (whole threads:
    // a busy machine delays every hand-over between tasks too, not only the tasks).
    const share = externalShareOfWait(p.workers + load.ownExtraCores, load.significantExternalCores, cpus);
    if (share === 0) return p.makespanMs;
    const estimates = kept.map((m) => Math.max(0, (p.point.makespansMs[m.repeat] ?? m.wallMs) - (share * m.runQueueMs!) / p.workers));
    return Math.min(p.makespanMs, median(estimates));
  }
  // Without a load record (older runs, other platforms): all run-queue delay of the tasks within the
  // CPU count is someone else's; replay the point without it.
  if (p.workers > cpus) return p.makespanMs;
  const rate = runQueueRate(p.point);
  const predicted = replay.predictMakespanMs(p, { duration: (x) => x.durationMs - runQueueOrEstimate(x.runQueueMs, x.durationMs, rate) });
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
