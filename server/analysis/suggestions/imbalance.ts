// `imbalance`: some workers finish early while others still run (POP load balance < 0.9).
// Change: longest-first order (the engine sorts inputs by known duration); predicted by replay.
// When the longest input alone bounds the makespan, reordering cannot help: say so and predict
// what splitting it would give instead.
import { batchUsed } from '../../../common/pointBatch';
import { fmtFixed, fmtMs, fmtPct } from '../../../common/format';
import type { Suggestion } from '../../../common/runFile';
import { parallelPoints, type AnalysisContext } from '../context';
import { inputSample, longestInput } from '../inputColumns';
import type { PointSummary } from '../pointSummary';
import { orderPositions, simulateSchedule } from '../replay';
import { sum } from '../../../common/stats';
import { MIN_GAIN_PCT, round, severityForGain, type SuggestionRule } from './rule';

export const LOAD_BALANCE_THRESHOLD = 0.9;

/**
 * Replay with every input longer than a quarter of the ideal share Σd/p cut into equal pieces no
 * longer than that (small enough for the pool to even the load out), longest first.
 */
function splitGainPct(ctx: AnalysisContext, at: PointSummary): number {
  const durations = at.inputs.durationMs;
  const share = sum(durations) / at.workers;
  if (!(share > 0)) return 0;
  const piece = share / 4;
  const piecesOf = (d: number): number => (d > piece ? Math.ceil(d / piece) : 1);
  let count = 0;
  for (let i = 0; i < durations.length; i++) count += piecesOf(durations[i]);
  // Typed throughout: a point may hold a million inputs.
  const sorted = new Float64Array(count);
  for (let i = 0, at = 0; i < durations.length; i++) {
    const k = piecesOf(durations[i]);
    sorted.fill(durations[i] / k, at, at + k);
    at += k;
  }
  sorted.sort().reverse();
  const split = simulateSchedule({ durationMs: sorted, order: orderPositions(sorted, 'given'), batch: batchUsed(ctx.run.config, at.point) }, at.workers, at.overheads).makespanMs;
  const base = ctx.replay.simulateMs(at, {});
  return base > 0 ? (1 - split / base) * 100 : 0;
}

export const imbalanceRule: SuggestionRule = (ctx) => {
  const lbByWorkers = new Map(ctx.pop.map((r) => [r.workers, r.loadBalance]));
  const imbalanced = parallelPoints(ctx).filter((p) => (lbByWorkers.get(p.workers) ?? 1) < LOAD_BALANCE_THRESHOLD);
  if (imbalanced.length === 0) return [];
  const worst = imbalanced.reduce((a, b) => ((lbByWorkers.get(b.workers) ?? 1) < (lbByWorkers.get(a.workers) ?? 1) ? b : a));
  const overload = ctx.imbalance.find((r) => r.workers === worst.workers);
  const longest = inputSample(worst.inputs, longestInput(worst.inputs));
  const gainOverWorkers = imbalanced.map((p) => p.workers);
  const evidenceBase = {
    loadBalance: Object.fromEntries(imbalanced.map((p) => [p.workers, round(lbByWorkers.get(p.workers) ?? 1)])),
    worstWorkers: worst.workers,
    overloadMs: round(overload?.overloadMs ?? 0),
    longestInput: { index: longest.index, durationMs: round(longest.durationMs) },
    idealShareMs: round(sum(worst.inputs.durationMs) / worst.workers),
  };
  const lbText = `load balance ${fmtFixed(lbByWorkers.get(worst.workers) ?? 1, 2)} at ${worst.workers} workers: the busiest worker has ${fmtMs(overload?.overloadMs ?? 0)} more useful work than the average`;

  const out: Suggestion[] = [];
  if (ctx.run.config.order !== 'longest-first') {
    const change = { order: 'longest-first' as const };
    const gain = ctx.replay.predictSweepGainPct(imbalanced, change);
    if (gain >= MIN_GAIN_PCT) {
      out.push({
        kind: 'imbalance',
        severity: severityForGain(gain),
        title: `Uneven load: run the longest inputs first (≈${fmtPct(gain / 100, 0)} faster)`,
        detail: `${lbText}. Replaying the measured task durations with the longest inputs dispatched first predicts the makespan ${fmtPct(gain / 100)} shorter over worker counts ${gainOverWorkers.join(', ')}.`,
        evidence: {
          ...evidenceBase,
          perWorkers: imbalanced.map((p) => ({ workers: p.workers, predictedGainPct: round(ctx.replay.predictGainPct(p, change), 1) })),
          gainBasis: 'sum-of-makespans',
          gainOverWorkers,
        },
        change,
        predictedGainPct: round(gain, 1),
        location: null,
      });
      return out;
    }
  }
  const split = splitGainPct(ctx, worst);
  if (split >= MIN_GAIN_PCT && longest.durationMs > evidenceBase.idealShareMs / 2) {
    out.push({
      kind: 'imbalance',
      severity: severityForGain(split),
      title: `Uneven load: split the longest inputs (≈${fmtPct(split / 100, 0)} faster at ${worst.workers} workers)`,
      detail: `${lbText}. The longest input (#${longest.index}, ${fmtMs(longest.durationMs)}) is large next to the ideal share per worker (${fmtMs(evidenceBase.idealShareMs)}), so reordering cannot even the load out. Replaying with inputs longer than a quarter of that share split into equal pieces predicts ${fmtPct(split / 100)} shorter. This needs a change in tasks(), not a setting.`,
      evidence: { ...evidenceBase, gainBasis: 'sum-of-makespans', gainOverWorkers: [worst.workers], requiresCodeChange: true },
      change: {},
      predictedGainPct: round(split, 1),
      location: null,
    });
  }
  return out;
};
