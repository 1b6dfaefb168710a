// `gc-pressure` from the recorded GC pauses (gcMs per task: the worker's 'gc' PerformanceObserver,
// so it works without CPU profiles): workers spend a large share of their time collecting garbage.
// The fix is in the code (allocate less in the hot path), so the re-run keeps the config. Predicted
// gain: replay each point with every task's GC time halved (half the allocation, roughly half the
// collection work); the evidence also gives the bound with no GC at all. No line is named: the
// pauses are not attributed to an allocation site.
import type { Suggestion } from '../../../common/runFile';
import type { AnalysisContext } from '../context';
import type { PointSummary } from '../pointSummary';
import { sum } from '../../../common/stats';
import { MIN_GAIN_PCT, round, severityForGain, type SuggestionRule } from './rule';
import { fmtPct, fmtPctShort, plural } from '../../../common/format';
import { tasksOf } from '../taskColumns';

/** GC share of worker time (analysis.contention gcShare) from which GC pressure is reported. */
export const GC_SHARE_THRESHOLD = 0.1;

function gainWithGcScaled(ctx: AnalysisContext, at: readonly PointSummary[], keep: number): number {
  const measured = sum(at.map((p) => p.makespanMs));
  if (!(measured > 0)) return 0;
  const predicted = sum(at.map((p) => ctx.replay.predictMakespanMs(p, { duration: (x) => x.durationMs - (1 - keep) * x.gcMs })));
  return ((measured - predicted) / measured) * 100;
}

export const gcPressureRule: SuggestionRule = (ctx) => {
  const shares = ctx.contention.filter((c) => c.gcShare > 0);
  const heavy = shares.filter((c) => c.gcShare >= GC_SHARE_THRESHOLD);
  if (heavy.length === 0) return [];
  const at = ctx.points.filter((p) => heavy.some((c) => c.workers === p.workers));
  const gain = gainWithGcScaled(ctx, at, 0.5);
  if (gain < MIN_GAIN_PCT) return [];
  const none = gainWithGcScaled(ctx, at, 0);
  const worst = heavy.reduce((a, b) => (b.gcShare > a.gcShare ? b : a));
  const series = shares.map((c) => `${c.workers}: ${fmtPctShort(c.gcShare)}`).join(' · ');
  const s: Suggestion = {
    kind: 'gc-pressure',
    severity: severityForGain(gain),
    title: `Garbage collection takes ${fmtPctShort(worst.gcShare)} of worker time at ${plural(worst.workers, 'worker')}: ≈${fmtPct(gain / 100, 0)} faster with half the allocation`,
    detail: `The workers' GC pauses, by worker count: ${series} of worker time. ` +
      'Allocate less in the task: reuse buffers and objects across inputs, prefer typed arrays to arrays of objects, avoid building strings in loops; ' +
      'a larger young generation (--max-semi-space-size) makes each collection rarer. ' +
      `Replaying the runs with each task's GC time halved predicts the sweep ${fmtPct(gain / 100)} shorter over worker counts ${at.map((p) => p.workers).join(', ')} (${fmtPct(none / 100)} with no GC at all).`,
    evidence: {
      gcShareByWorkers: Object.fromEntries(shares.map((c) => [c.workers, round(c.gcShare, 4)])),
      gcMsPerTaskByWorkers: Object.fromEntries(ctx.points.map((p) => [p.workers, round(sum(tasksOf(p.point).gcMs) / Math.max(1, tasksOf(p.point).gcMs.length), 4)])),
      gainWithoutGcPct: round(none, 1),
      source: 'gc-observer',
      requiresCodeChange: true,
      gainBasis: 'sum-of-makespans',
      gainOverWorkers: at.map((p) => p.workers),
    },
    change: {},
    predictedGainPct: round(gain, 1),
    location: null,
  };
  return [s];
};
