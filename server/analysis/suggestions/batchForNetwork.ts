// `batch-for-network`: on a fleet, every job a slot takes costs a round trip through Redis (the agent
// reports the result and takes the next job); when that rivals the tasks' own time, more inputs per
// job amortise it. The round trip is measured on one clock (a slot's last task end → its next job's
// start, fleet/hostRows.ts), so no clock offset enters it. The batch is the one granularity would pick
// (the smallest within a point of the best replayed gain, bounded for load balance), replayed with
// the fleet's costs instead of the local pool's. On a fleet this rule speaks instead of `granularity`.
import type { Suggestion } from '../../../common/runFile';
import { batchUsed } from '../../../common/pointBatch';
import { fmtBytes, fmtMs, fmtPct, plural } from '../../../common/format';
import { median, medianOfFinite, sum } from '../../../common/stats';
import type { AnalysisContext } from '../context';
import { isFleetRun } from '../fleet/fleetColumns';
import { fleetOverheads } from '../fleet/hostRows';
import type { PointSummary } from '../pointSummary';
import { candidateBatches } from './granularity';
import { TRANSFER_MIN_BYTES } from './transferCost';
import { MIN_GAIN_PCT, round, severityForGain, type SuggestionRule } from './rule';

/** The round trip "rivals" the work when it is at least this share of a job's time. */
export const NETWORK_SHARE_THRESHOLD = 0.1;
const GAIN_TOLERANCE_PCT = 1;

type Costs = NonNullable<ReturnType<typeof fleetOverheads>>;

/** Replayed makespans of `at` with the fleet's costs, as recorded and at `batch`: calibrated by their ratio. */
function predictedMs(ctx: AnalysisContext, at: PointSummary, c: Costs, batch: number): number {
  const overheads = { sendMs: 0, mainThreadMs: 0, returnMs: c.handOverMs, taskGapMs: c.taskGapMs };
  const base = ctx.replay.simulateMs(at, { overheads });
  return base > 0 ? (at.makespanMs * ctx.replay.simulateMs(at, { overheads, batch })) / base : at.makespanMs;
}

export const batchForNetworkRule: SuggestionRule = (ctx) => {
  if (!isFleetRun(ctx.run) || ctx.points.length === 0) return [];
  const measured = ctx.points.flatMap((p) => {
    const c = fleetOverheads(p);
    return c ? [{ p, c }] : [];
  });
  if (measured.length === 0) return [];
  const shareOf = ({ p, c }: { p: PointSummary; c: Costs }): number => {
    const work = batchUsed(ctx.run.config, p.point) * median(p.inputs.durationMs);
    return c.handOverMs / (c.handOverMs + work);
  };
  const heavy = measured.filter((m) => shareOf(m) >= NETWORK_SHARE_THRESHOLD);
  if (heavy.length === 0) return [];
  const candidates = candidateBatches(ctx);
  if (candidates.length === 0) return [];
  const total = sum(heavy.map(({ p }) => p.makespanMs));
  const gains: { batch: number; gain: number }[] = [];
  let best = -Infinity;
  for (const batch of candidates) {
    const gain = ((total - sum(heavy.map(({ p, c }) => predictedMs(ctx, p, c, batch)))) / total) * 100;
    gains.push({ batch, gain });
    best = Math.max(best, gain);
    if (gain < best - 2 * GAIN_TOLERANCE_PCT) break;
  }
  if (best < MIN_GAIN_PCT) return [];
  const chosen = gains.find((g) => g.gain >= best - GAIN_TOLERANCE_PCT) ?? gains[0];
  const worst = heavy.reduce((a, b) => (shareOf(b) > shareOf(a) ? b : a));
  const taskMs = median(worst.p.inputs.durationMs);
  const current = batchUsed(ctx.run.config, worst.p.point);
  const unmeasuredGap = heavy.some(({ c }) => !c.taskGapMeasured);
  // What each task carries through Redis: large messages make the round trip longer per task too.
  const bytesIn = medianOfFinite(worst.p.inputs.bytesIn);
  const bytesOut = medianOfFinite(worst.p.inputs.bytesOut);
  const large = bytesIn + bytesOut >= TRANSFER_MIN_BYTES;
  const s: Suggestion = {
    kind: 'batch-for-network',
    severity: severityForGain(chosen.gain),
    title: `The Redis round trip rivals the tasks: batch ${chosen.batch} inputs per job (≈${fmtPct(chosen.gain / 100, 0)} faster)`,
    detail: `At ${plural(worst.p.workers, 'worker')} a slot waits ${fmtMs(worst.c.handOverMs)} between jobs (the result's way back through Redis and the next job's way out) for ${fmtMs(current * taskMs)} of work per job: ${fmtPct(shareOf(worst), 0)} of its time. ` +
      `Replaying the measured durations with ${chosen.batch} inputs per job and the same round trip predicts the sweep ${fmtPct(chosen.gain / 100)} shorter over worker counts ${heavy.map(({ p }) => p.workers).join(', ')}.` +
      (large ? ` Each task carries ${fmtBytes(bytesIn)} in and ${fmtBytes(bytesOut)} out through Redis: smaller inputs and results (ids of data the agents can read, a summary instead of the whole result) shorten the trip whatever the batch.` : '') +
      (unmeasuredGap ? ' At one input per job no gap inside a job was measured, so every task is taken to cost nothing beyond its own time there: the gain is an upper bound.' : ''),
    evidence: {
      workers: worst.p.workers,
      medianTaskMs: round(taskMs, 4),
      roundTripMs: round(worst.c.handOverMs, 4),
      roundTripShare: round(shareOf(worst)),
      perWorkers: heavy.map(({ p, c }) => ({ workers: p.workers, roundTripMs: round(c.handOverMs, 4), taskGapMs: round(c.taskGapMs, 4), gaps: c.gaps, share: round(shareOf({ p, c })) })),
      bytesInPerTask: bytesIn === bytesIn ? Math.round(bytesIn) : null,
      bytesOutPerTask: bytesOut === bytesOut ? Math.round(bytesOut) : null,
      currentBatch: current,
      gainByBatch: gains.map((g) => ({ batch: g.batch, predictedGainPct: round(g.gain, 1) })),
      upperBound: unmeasuredGap,
      gainBasis: 'sum-of-makespans',
      gainOverWorkers: heavy.map(({ p }) => p.workers),
    },
    change: { batch: chosen.batch },
    predictedGainPct: round(chosen.gain, 1),
    location: null,
  };
  return [s];
};
