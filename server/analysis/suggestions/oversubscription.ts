// `oversubscription`: more workers than CPUs, seen as run-queue delay (runnable, not running)
// at worker counts above host.cpus. Change: worker counts ≤ cpus. Predicted by replaying the
// point with its run-queue delay removed on min(p, cpus) workers, or by the best measured point
// with p ≤ cpus when that is faster.
import { fmtMs, fmtPct } from '../../../common/format';
import type { Suggestion } from '../../../common/runFile';
import type { AnalysisContext } from '../context';
import type { PointSummary } from '../pointSummary';
import { MIN_GAIN_PCT, round, severityForGain, type SuggestionRule } from './rule';
import { workerCpus } from '../fleet/fleetColumns';
import { runQueueOrEstimate, runQueueRate } from '../runQueueSample';

/** Run-queue share of worker time from which CPU contention is reported. */
export const RUN_QUEUE_SHARE_THRESHOLD = 0.1;

/** The point's tasks without their run-queue delay (a task left out of a sample: at the point's rate). */
function withoutRunQueue(p: PointSummary): { duration: (x: { durationMs: number; runQueueMs: number | null }) => number } {
  const rate = runQueueRate(p.point);
  return { duration: (x) => x.durationMs - runQueueOrEstimate(x.runQueueMs, x.durationMs, rate) };
}

function runQueueShare(ctx: AnalysisContext, workers: number): number {
  return ctx.contention.find((c) => c.workers === workers)?.runQueueShare ?? 0;
}

function overCpus(ctx: AnalysisContext, cpus: number, ref: PointSummary): Suggestion | null {
  const fitting = ctx.points.filter((p) => p.workers <= cpus);
  const bestFitting = fitting.length ? fitting.reduce((a, b) => (b.makespanMs < a.makespanMs ? b : a)) : null;
  const replayed = ctx.replay.predictMakespanMs(ref, { ...withoutRunQueue(ref), workers: Math.min(ref.workers, cpus) });
  const predicted = Math.min(replayed, bestFitting?.makespanMs ?? Infinity);
  const gain = ((ref.makespanMs - predicted) / ref.makespanMs) * 100;
  const rq = runQueueShare(ctx, ref.workers);
  if (gain < MIN_GAIN_PCT && rq < RUN_QUEUE_SHARE_THRESHOLD) return null;
  const workers = [...new Set([...ctx.run.config.workers.filter((w) => w <= cpus), cpus])].sort((a, b) => a - b);
  const shownGain = Math.max(0, gain);
  return {
    kind: 'oversubscription',
    severity: severityForGain(shownGain),
    title: `More workers than CPUs: stay at ≤ ${cpus} workers`,
    detail: `${ref.workers} workers on ${cpus} CPUs: threads spent ${fmtPct(rq)} of worker time runnable but waiting for a CPU. ` +
      (bestFitting ? `The best point within ${cpus} CPUs (${bestFitting.workers} workers) took ${fmtMs(bestFitting.makespanMs)} vs ${fmtMs(ref.makespanMs)}. ` : '') +
      `Replaying without the run-queue delay on ${Math.min(ref.workers, cpus)} workers predicts ${fmtMs(replayed)}.`,
    evidence: {
      cpus,
      workers: ref.workers,
      runQueueShare: round(rq),
      makespanMs: round(ref.makespanMs, 3),
      replayedMakespanMs: round(replayed, 3),
      bestWithinCpus: bestFitting ? { workers: bestFitting.workers, makespanMs: round(bestFitting.makespanMs, 3) } : null,
      gainBasis: 'best-vs-reference',
      referenceWorkers: ref.workers,
    },
    change: { workers },
    predictedGainPct: round(shownGain, 1),
    location: null,
  };
}

export const oversubscriptionRule: SuggestionRule = (ctx) => {
  const cpus = workerCpus(ctx.run);
  if (!(cpus >= 1) || ctx.points.length === 0) return [];
  const over = ctx.points.filter((p) => p.workers > cpus);
  if (over.length) {
    const s = overCpus(ctx, cpus, over[over.length - 1]);
    return s ? [s] : [];
  }
  // Within the CPU count, waiting for a CPU means other processes competed: that is the noise
  // verdict's machine-level notice (quality.ts), not a change to the workload.
  return [];
};
