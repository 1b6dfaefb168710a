// `memory-bandwidth`: functions whose CPU time per task grows with the worker count (scaling flame
// chart, common/flame.ts). Garbage collection that grows is left to the gc-pressure rule, which
// reads the measured GC pauses (the flame chart shows it as the "(garbage collector)" frame). Threads that do the same work slower
// when more of them run compete for something shared: memory bandwidth, a cache line written by all,
// the allocator or the garbage collector. The change is in the code (the location), so the re-run
// keeps the config; the gain is predicted by replaying each point with that extra time removed.
import { fmtFixed, fmtPct } from '../../../common/format';
import type { Suggestion } from '../../../common/runFile';
import type { AnalysisContext } from '../context';
import { pointAt } from '../context';
import { analyzeFlame, treeMsPerTask } from '../../../common/flame';
import { hotFunctions, hotFunctionMessage } from '../flame/hotFunctions';
import type { PointSummary } from '../pointSummary';
import { sum } from '../../../common/stats';
import { MIN_GAIN_PCT, round, severityForGain, type SuggestionRule } from './rule';

/** Computation scalability (POP CompE) below which inflated work is reported. */
export const COMP_E_THRESHOLD = 0.9;

/** Gain on the sum of makespans over `at` when each point's tasks lose `extraShare(p)` of their time. */
function replayWithout(ctx: AnalysisContext, at: PointSummary[], extraShare: (workers: number) => number): number {
  const measured = sum(at.map((p) => p.makespanMs));
  if (!(measured > 0)) return 0;
  const predicted = sum(at.map((p) => {
    const keep = 1 - Math.min(0.95, Math.max(0, extraShare(p.workers)));
    return ctx.replay.predictMakespanMs(p, { duration: (x) => x.durationMs * keep });
  }));
  return ((measured - predicted) / measured) * 100;
}

export const memoryBandwidthRule: SuggestionRule = (ctx) => {
  const flame = analyzeFlame(ctx.run);
  if (!flame || flame.workers.length < 2) return [];
  const top = flame.workers[flame.workers.length - 1];
  const compE = ctx.pop.find((r) => r.workers === top)?.computationScalability ?? null;
  if (compE !== null && compE >= COMP_E_THRESHOLD) return [];
  const parallel = ctx.points.filter((p) => p.workers > flame.baseWorkers && flame.workers.includes(p.workers));
  if (parallel.length === 0 || !pointAt(ctx, top)) return [];
  const gainOverWorkers = parallel.map((p) => p.workers);
  const out: Suggestion[] = [];

  const inflated = hotFunctions(flame).filter((h) => h.inflated);
  if (inflated.length) {
    const extraAt = (w: number) => {
      const tree = treeMsPerTask(flame, w);
      return tree > 0 ? sum(inflated.map((h) => Math.max(0, (h.byWorkers.find((c) => c.workers === w)?.selfMsPerTask ?? 0) - h.baseMs))) / tree : 0;
    };
    const gain = replayWithout(ctx, parallel, extraAt);
    if (gain >= MIN_GAIN_PCT) {
      const worst = inflated.reduce((a, b) => (b.extraShare > a.extraShare ? b : a));
      out.push({
        kind: 'memory-bandwidth',
        severity: severityForGain(gain),
        title: `${worst.name} slows down as workers are added (×${fmtFixed(worst.inflation ?? 1, 2)} at ${top} workers)`,
        detail: `${inflated.map((h) => `${h.name} (${h.file}:${h.line}): ${hotFunctionMessage(h)}`).join('; ')}. ` +
          `The same work takes more CPU time per task when more workers run it${compE !== null ? ` (computation scalability ${fmtFixed(compE, 2)} at ${top} workers)` : ''}: ` +
          'the workers compete for memory bandwidth, a cache line they all write, or the allocator. Keep data per worker ' +
          '(accumulate locally, publish once), shrink the working set, or write shared memory less often. ' +
          `Replaying the runs without that extra time predicts the sweep ${fmtPct(gain / 100)} shorter.`,
        evidence: {
          functions: inflated.map((h) => ({ name: h.name, file: h.file, line: h.line, baseMsPerTask: round(h.baseMs, 4), topMsPerTask: round(h.topMs, 4), inflation: h.inflation === null ? null : round(h.inflation, 3) })),
          baseWorkers: flame.baseWorkers,
          topWorkers: top,
          computationScalability: compE === null ? null : round(compE, 3),
          extraShareAtTop: round(extraAt(top)),
          gainBasis: 'sum-of-makespans',
          gainOverWorkers,
        },
        change: {},
        predictedGainPct: round(gain, 1),
        location: { file: worst.file, line: worst.line },
      });
    }
  }

  return out;
};
