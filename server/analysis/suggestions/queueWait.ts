// `queue-wait`: workers wait for work — a dispatch handed to the pool starts late — for a large
// share of their time, and none of the usual causes is reported by its own rule (tasks too short
// for their dispatch cost: granularity; large messages: transfer-cost; more threads than CPUs:
// oversubscription; on a fleet the Redis round trip: batch-for-network, and a host whose jobs
// reach it late: host-imbalance). What is left is the main thread handing out work too slowly (a slow tasks()
// generator, main-thread GC, or a host too busy to run it). Predicted gain: the replay with the
// per-dispatch hand-out costs (send and main-thread time) at zero, an upper bound, said as such.
import type { Suggestion } from '../../../common/runFile';
import type { AnalysisContext } from '../context';
import { sum } from '../../../common/stats';
import { batchForNetworkRule } from './batchForNetwork';
import { granularityRule } from './granularity';
import { hostImbalanceRule } from './hostImbalance';
import { oversubscriptionRule } from './oversubscription';
import { MIN_GAIN_PCT, round, type SuggestionRule } from './rule';
import { transferCostRule } from './transferCost';
import { fmtMs, fmtPct, fmtPctShort, plural } from '../../../common/format';

/** Queue-wait share of worker time (analysis.contention queueWaitShare) from which it is reported. */
export const QUEUE_WAIT_SHARE_THRESHOLD = 0.15;

export const queueWaitRule: SuggestionRule = (ctx: AnalysisContext) => {
  const heavy = ctx.contention.filter((c) => c.workers > 1 && c.queueWaitShare >= QUEUE_WAIT_SHARE_THRESHOLD);
  if (heavy.length === 0) return [];
  // On a fleet, the Redis round trip and hosts whose jobs arrive late are causes of their own.
  if ([granularityRule, transferCostRule, oversubscriptionRule, batchForNetworkRule, hostImbalanceRule].some((rule) => rule(ctx).length > 0)) return [];
  const at = ctx.points.filter((p) => heavy.some((c) => c.workers === p.workers));
  const measured = sum(at.map((p) => p.makespanMs));
  const predicted = sum(at.map((p) => ctx.replay.predictMakespanMs(p, { overheads: { sendMs: 0, mainThreadMs: 0 } })));
  const gain = measured > 0 ? ((measured - predicted) / measured) * 100 : 0;
  if (gain < MIN_GAIN_PCT) return [];
  const worst = heavy.reduce((a, b) => (b.queueWaitShare > a.queueWaitShare ? b : a));
  const o = at.find((p) => p.workers === worst.workers)?.overheads;
  const s: Suggestion = {
    kind: 'queue-wait',
    severity: 'info',
    title: `Workers wait for work ${fmtPctShort(worst.queueWaitShare)} of their time at ${plural(worst.workers, 'worker')}`,
    detail: `A dispatch handed to the pool starts late: ${ctx.contention.map((c) => `${c.workers}: ${fmtPctShort(c.queueWaitShare)}`).join(' · ')} of worker time is queue wait` +
      `${o ? ` (about ${fmtMs(o.sendMs)} from hand-out to start and ${fmtMs(o.mainThreadMs)} of main-thread time per dispatch)` : ''}. ` +
      'The tasks are not too short for batching to help, their messages are small and the CPUs are not oversubscribed, so the main thread itself hands out work too slowly: ' +
      'make tasks() cheap (yield plain, small inputs; build data in the worker or share it through shared()), and keep other work off the main thread during a run. ' +
      `If handing out work cost nothing, the replay predicts the sweep at most ${fmtPct(gain / 100)} shorter.`,
    evidence: {
      queueWaitShareByWorkers: Object.fromEntries(ctx.contention.map((c) => [c.workers, round(c.queueWaitShare, 4)])),
      sendMs: o ? round(o.sendMs, 3) : null,
      mainThreadMs: o ? round(o.mainThreadMs, 3) : null,
      upperBound: true,
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
