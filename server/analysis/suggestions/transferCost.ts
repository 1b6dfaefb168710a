// `transfer-cost`: inputs and results so large that structured-cloning them between the main
// thread and the workers costs a visible part of the run. Nothing names a source line for it
// (location null). The copies show in the pool's per-dispatch costs (overheads.ts): hand-out →
// start (main thread serialises, worker deserialises), end → next hand-out (result cloned back),
// and main-thread time per dispatch. With large messages, everything above what a small message
// costs is taken as transfer; the predicted gain replays each point with those costs cut to
// that of a small message (data shared through a SharedArrayBuffer from shared(), or transferred).
import type { Suggestion } from '../../../common/runFile';
import type { AnalysisContext } from '../context';
import { isFleetRun } from '../fleet/fleetColumns';
import type { PointSummary } from '../pointSummary';
import type { DispatchOverheads } from '../replay';
import { medianOfFinite, sum } from '../../../common/stats';
import { MIN_GAIN_PCT, round, severityForGain, type SuggestionRule } from './rule';
import { fmtBytes, fmtMs, fmtPct, plural } from '../../../common/format';

/** Below this many bytes per task (in + out) messages are small: no transfer suggestion. */
export const TRANSFER_MIN_BYTES = 64 * 1024;
/**
 * Per-dispatch cost of a small message (each of send, return and main-thread time), measured on
 * the examples with inputs under 100 bytes (0.1–0.6 ms on a loaded 2-core machine).
 */
export const SMALL_MESSAGE_MS = 0.3;

export interface TransferEstimate {
  workers: number;
  bytesInPerTask: number;
  bytesOutPerTask: number;
  /**
   * Per dispatch: the part of the send and return gaps above a small message's (main-thread time
   * overlaps the send gap, so it is not added; it is cut in the replay all the same). 0 when the
   * messages are under TRANSFER_MIN_BYTES per task: there the gaps are latency, not copying.
   */
  transferMsPerDispatch: number;
  /** Over a repeat: dispatches × transfer per dispatch / (p × makespan). */
  share: number;
  overheads: DispatchOverheads;
}

/** Median of a per-input column (NaN = not measured), 0 when nothing was measured. */
function medianOfColumn(col: Float64Array): number {
  const m = medianOfFinite(col);
  return m === m ? m : 0;
}

const estimates = new WeakMap<PointSummary, TransferEstimate>();

const excess = (ms: number): number => Math.max(0, ms - SMALL_MESSAGE_MS);

/** Memoised per point summary: the contention shares and the transfer rule both ask. */
export function transferEstimate(p: PointSummary): TransferEstimate {
  let e = estimates.get(p);
  if (!e) { e = estimateTransfer(p); estimates.set(p, e); }
  return e;
}

function estimateTransfer(p: PointSummary): TransferEstimate {
  const o = p.overheads;
  // Per-input medians over the repeats (pointSummary), then the median over inputs.
  const bytesInPerTask = medianOfColumn(p.inputs.bytesIn);
  const bytesOutPerTask = medianOfColumn(p.inputs.bytesOut);
  // Below TRANSFER_MIN_BYTES the gaps are message latency and host noise, not copying.
  const large = bytesInPerTask + bytesOutPerTask >= TRANSFER_MIN_BYTES;
  const transferMsPerDispatch = large ? excess(o.sendMs) + excess(o.returnMs) : 0;
  // Dispatches of the median repeat: the repeat the overheads and the replay come from.
  const dispatches = p.recorded.offsets.length - 1;
  const share = p.makespanMs > 0 ? Math.min(1, (dispatches * transferMsPerDispatch) / (p.workers * p.makespanMs)) : 0;
  return { workers: p.workers, bytesInPerTask, bytesOutPerTask, transferMsPerDispatch, share, overheads: o };
}

function smallMessageOverheads(o: DispatchOverheads): Partial<DispatchOverheads> {
  return { sendMs: Math.min(o.sendMs, SMALL_MESSAGE_MS), returnMs: Math.min(o.returnMs, SMALL_MESSAGE_MS), mainThreadMs: Math.min(o.mainThreadMs, SMALL_MESSAGE_MS) };
}

export const transferCostRule: SuggestionRule = (ctx: AnalysisContext) => {
  // On a fleet inputs and results cross the network through Redis, not a structured clone between
  // threads: their cost is in the round trip (batch-for-network) and analysis.fleet's bytes.
  if (isFleetRun(ctx.run)) return [];
  const heavy = ctx.points.map((p) => ({ p, e: transferEstimate(p) })).filter(({ e }) => e.transferMsPerDispatch > 0);
  if (heavy.length === 0) return [];
  const measured = sum(heavy.map(({ p }) => p.makespanMs));
  const predicted = sum(heavy.map(({ p }) => ctx.replay.predictMakespanMs(p, { overheads: smallMessageOverheads(p.overheads) })));
  const gain = measured > 0 ? ((measured - predicted) / measured) * 100 : 0;
  if (gain < MIN_GAIN_PCT) return [];
  const worst = heavy.reduce((a, b) => (b.e.share > a.e.share ? b : a));
  const taskMs = medianOfColumn(worst.p.inputs.durationMs);
  const sizes = `${fmtBytes(worst.e.bytesInPerTask)} in and ${fmtBytes(worst.e.bytesOutPerTask)} out per task`;
  const s: Suggestion = {
    kind: 'transfer-cost',
    severity: severityForGain(gain),
    title: `Copying ${sizes} costs ${fmtPct(worst.e.share, 0)} of worker time at ${plural(worst.p.workers, 'worker')}: ≈${fmtPct(gain / 100, 0)} faster without the copies`,
    detail: `Every input and result is structured-cloned between the main thread and the workers: ${sizes}, about ${fmtMs(worst.e.transferMsPerDispatch)} of copying per dispatch against ${fmtMs(taskMs)} of work per task at ${plural(worst.p.workers, 'worker')}. ` +
      'Put the data in a SharedArrayBuffer created once in shared() and pass indices or offsets as inputs, use typed arrays instead of plain arrays of numbers, or return a summary instead of the whole result. ' +
      `Replaying the runs with per-dispatch costs of a small message predicts the sweep ${fmtPct(gain / 100)} shorter over worker counts ${heavy.map(({ p }) => p.workers).join(', ')}.`,
    evidence: {
      bytesInPerTask: Math.round(worst.e.bytesInPerTask),
      bytesOutPerTask: Math.round(worst.e.bytesOutPerTask),
      taskMs: round(taskMs, 3),
      perWorkers: heavy.map(({ e }) => ({
        workers: e.workers, transferMsPerDispatch: round(e.transferMsPerDispatch, 3), share: round(e.share, 4),
        sendMs: round(e.overheads.sendMs, 3), returnMs: round(e.overheads.returnMs, 3), mainThreadMs: round(e.overheads.mainThreadMs, 3),
      })),
      smallMessageMs: SMALL_MESSAGE_MS,
      requiresCodeChange: true,
      gainBasis: 'sum-of-makespans',
      gainOverWorkers: heavy.map(({ p }) => p.workers),
    },
    change: {},
    predictedGainPct: round(gain, 1),
    location: null,
  };
  return [s];
};
