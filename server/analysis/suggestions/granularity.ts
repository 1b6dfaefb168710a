// `granularity`: tasks so short that handing each one to a worker costs a large part of its time.
// Change: the smallest batch (inputs per dispatch) whose replayed makespan is within a point of the
// best batch tried, so dispatch costs are amortised without lumping work at the end. Gains are
// replayed against what ran: a point that `--batch auto` already batched is the baseline, so the
// suggestion only promises what lies beyond auto's choice, and says what auto chose and why.
import type { AnalysisContext } from '../context';
import { mean } from '../../../common/stats';
import { MIN_GAIN_PCT, round, severityForGain, type SuggestionRule } from './rule';
import { fmtMs, fmtPct, plural } from '../../../common/format';
import { autoBatchReason, batchUsed } from '../../../common/pointBatch';
import { isFleetRun } from '../fleet/fleetColumns';
// Batches are only tried while every worker still gets MIN_DISPATCHES_PER_WORKER dispatches (load
// balance), up to MAX_BATCH: the bounds `--batch auto` keeps too.
import { MAX_BATCH, MIN_DISPATCHES_PER_WORKER } from '../batchChoice';
/** A batch within this many points of the best gain counts as amortised. */
const GAIN_TOLERANCE_PCT = 1;

export function candidateBatches(ctx: AnalysisContext): number[] {
  const current = Math.min(...ctx.points.map((p) => batchUsed(ctx.run.config, p.point)));
  const inputs = Math.min(...ctx.points.map((p) => p.inputs.length));
  const maxWorkers = Math.max(...ctx.points.map((p) => p.workers));
  const limit = Math.floor(inputs / (maxWorkers * MIN_DISPATCHES_PER_WORKER));
  const out: number[] = [];
  for (let b = current * 2; b <= Math.min(limit, MAX_BATCH); b *= 2) out.push(b);
  return out;
}

export const granularityRule: SuggestionRule = (ctx) => {
  // On a fleet a job's cost is the Redis round trip, not the local pool's: batch-for-network.ts.
  if (ctx.points.length === 0 || isFleetRun(ctx.run)) return [];
  const candidates = candidateBatches(ctx);
  if (candidates.length === 0) return [];
  // Gains rise while dispatch costs are amortised, then fall as big batches lump work at the end:
  // stop once past the peak.
  const gains: { batch: number; gain: number }[] = [];
  let best = -Infinity;
  for (const batch of candidates) {
    const gain = ctx.replay.predictSweepGainPct(ctx.points, { batch });
    gains.push({ batch, gain });
    best = Math.max(best, gain);
    if (gain < best - 2 * GAIN_TOLERANCE_PCT) break;
  }
  if (best < MIN_GAIN_PCT) return [];
  const chosen = gains.find((g) => g.gain >= best - GAIN_TOLERANCE_PCT) ?? gains[0];

  const at = ctx.points[ctx.points.length - 1];
  const o = at.overheads;
  const perDispatchMs = o.sendMs + o.returnMs;
  const taskMs = mean(Array.from(at.inputs.durationMs));
  const batch = batchUsed(ctx.run.config, at.point);
  const auto = at.point.batch ? autoBatchReason(at.point.batch) : null;
  const overheadShare = perDispatchMs / (perDispatchMs + batch * taskMs);
  const gainOverWorkers = ctx.points.map((p) => p.workers);
  return [{
    kind: 'granularity',
    severity: severityForGain(chosen.gain),
    title: `Tasks too fine: batch ${chosen.batch} inputs per dispatch (≈${fmtPct(chosen.gain / 100, 0)} faster)`,
    detail: `At ${plural(at.workers, 'worker')} a dispatch costs ${fmtMs(perDispatchMs)} of hand-over (plus ${fmtMs(o.mainThreadMs)} of main-thread time) for ${fmtMs(batch * taskMs)} of work: ${fmtPct(overheadShare, 0)} overhead. Replaying the measured durations with ${chosen.batch} inputs per dispatch predicts the sweep ${fmtPct(chosen.gain / 100)} shorter${best - chosen.gain >= 0.1 ? `; larger batches gain at most ${plural(round(best - chosen.gain, 1), 'point')} more` : ''}.${auto ? ` \`--batch auto\` chose ${auto}; the gain is beyond that choice.` : ''}`,
    evidence: {
      workers: at.workers,
      meanTaskMs: round(taskMs, 4),
      dispatchOverheadMs: round(perDispatchMs, 4),
      mainThreadMsPerDispatch: round(o.mainThreadMs, 4),
      taskGapMs: round(o.taskGapMs, 4),
      overheadShare: round(overheadShare),
      currentBatch: batch,
      batchMode: at.point.batch?.mode ?? 'fixed',
      gainByBatch: gains.map((g) => ({ batch: g.batch, predictedGainPct: round(g.gain, 1) })),
      gainBasis: 'sum-of-makespans',
      gainOverWorkers,
    },
    change: { batch: chosen.batch },
    predictedGainPct: round(chosen.gain, 1),
    location: null,
  }];
};
