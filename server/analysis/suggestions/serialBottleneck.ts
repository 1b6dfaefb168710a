// `serial-bottleneck`: the worker count past which adding workers stops paying.
// Measured first: the fastest point (past it the sweep got slower), then the knee where each added
// worker adds less than half a worker of speedup. The Amdahl and USL fits explain why, and say how
// far the data can be trusted.
import type { Suggestion } from '../../../common/runFile';
import type { AnalysisContext } from '../context';
import { USL_MIN_TRUSTED_POINTS } from '../usl';
import { LOAD_BALANCE_THRESHOLD } from './imbalance';
import { RUN_QUEUE_SHARE_THRESHOLD } from './oversubscription';
import { MIN_GAIN_PCT, round, severityForGain, type SuggestionRule } from './rule';
import { fmtFixed, fmtMs, fmtPct, fmtX, plural } from '../../../common/format';
import { workerCpus } from '../fleet/fleetColumns';

/** Speedup gained per added worker below which adding workers "stops paying". */
export const MARGINAL_SPEEDUP_THRESHOLD = 0.5;
/** Efficiency at the largest count below which diminishing returns are a warning. */
export const LOW_EFFICIENCY = 0.5;

function fitText(ctx: AnalysisContext): string {
  const parts: string[] = [];
  if (ctx.amdahl) {
    const f = ctx.amdahl.serialFraction;
    parts.push(`Amdahl serial fraction f = ${fmtFixed(f, 3)}${f > 0 ? ` (speedup bound 1/f = ${fmtX(1 / f, 1)})` : ''}, R² ${fmtFixed(ctx.amdahl.r2, 2)}`);
  }
  if (ctx.usl) {
    const u = ctx.usl;
    parts.push(`USL σ = ${fmtFixed(u.sigma, 4)}, κ = ${fmtFixed(u.kappa, 5)}, ${u.peakWorkers === null ? 'no peak' : `peak at ≈${fmtFixed(u.peakWorkers, 1)} workers`}, R² ${fmtFixed(u.r2, 2)}`);
    if (!u.trusted) parts.push(`fitted on fewer than ${USL_MIN_TRUSTED_POINTS} worker counts: too few points to trust the fit`);
  }
  return parts.length ? ` ${parts.join('; ')}.` : '';
}

function fitEvidence(ctx: AnalysisContext): Record<string, unknown> {
  return {
    amdahl: ctx.amdahl ? { serialFraction: round(ctx.amdahl.serialFraction, 4), r2: round(ctx.amdahl.r2) } : null,
    usl: ctx.usl ? { sigma: round(ctx.usl.sigma, 5), kappa: round(ctx.usl.kappa, 6), peakWorkers: ctx.usl.peakWorkers === null ? null : round(ctx.usl.peakWorkers, 2), r2: round(ctx.usl.r2), trusted: ctx.usl.trusted } : null,
    speedup: Object.fromEntries(ctx.scaling.map((s) => [s.workers, round(s.speedup)])),
  };
}

/**
 * When the counts past `from` waited for CPUs (run-queue share ≥ threshold, or more workers than
 * CPUs), the flattening is the machine's, not the workload's: the oversubscription suggestion says
 * so, and this one only informs.
 */
function cpuContention(ctx: AnalysisContext, from: number): string | null {
  const cpus = workerCpus(ctx.run);
  const past = ctx.contention.filter((c) => c.workers > from);
  const rq = Math.max(0, ...past.map((c) => c.runQueueShare));
  const over = ctx.points.some((p) => p.workers > from && p.workers > cpus);
  if (rq < RUN_QUEUE_SHARE_THRESHOLD && !over) return null;
  return ` Past ${plural(from, 'worker')} threads waited for a CPU ${fmtPct(rq)} of the time${over ? ` and there are more workers than the ${cpus} CPUs` : ''}: CPU contention explains this at least in part.`;
}

/** What staying at the knee costs: more time, or none when the knee's makespan was shorter anyway. */
function stayText(knee: number, freed: number, costPct: number): string {
  const frees = `Staying at ${knee} frees ${plural(freed, 'worker')}`;
  return costPct > 0 ? `${frees} for ${fmtPct(costPct / 100)} more time.` : `${frees} at no cost in time (its makespan was ${fmtPct(-costPct / 100)} shorter).`;
}

export const serialBottleneckRule: SuggestionRule = (ctx) => {
  const rows = ctx.scaling;
  if (rows.length < 2 || !ctx.t1) return [];
  const pts = ctx.points;
  const max = pts[pts.length - 1];
  const fastest = pts.reduce((a, b) => (b.makespanMs < a.makespanMs ? b : a));
  const upTo = (w: number): number[] => ctx.run.config.workers.filter((x) => x <= w);

  if (fastest.workers < max.workers) {
    const gain = ((max.makespanMs - fastest.makespanMs) / max.makespanMs) * 100;
    if (gain >= MIN_GAIN_PCT) {
      const cpu = cpuContention(ctx, fastest.workers);
      const s: Suggestion = {
        kind: 'serial-bottleneck',
        severity: cpu ? 'info' : severityForGain(gain),
        title: `Past ${plural(fastest.workers, 'worker')} it gets slower: use at most ${fastest.workers}`,
        detail: `${plural(fastest.workers, 'worker')} took ${fmtMs(fastest.makespanMs)}, ${plural(max.workers, 'worker')} ${fmtMs(max.makespanMs)} (${fmtPct(gain / 100)} slower to go beyond).${cpu ?? ''}${fitText(ctx)}`,
        evidence: { ...fitEvidence(ctx), fastestWorkers: fastest.workers, gainBasis: 'best-vs-reference', referenceWorkers: max.workers },
        change: { workers: upTo(fastest.workers) },
        predictedGainPct: round(gain, 1),
        location: null,
      };
      return [s];
    }
  }

  // Knee: the first count from which every further step adds < threshold of a worker.
  let knee: number | null = null;
  for (let i = 0; i + 1 < rows.length; i++) {
    const marginal = (rows[i + 1].speedup - rows[i].speedup) / (rows[i + 1].workers - rows[i].workers);
    if (marginal < MARGINAL_SPEEDUP_THRESHOLD) {
      if (knee === null) knee = rows[i].workers;
    } else {
      knee = null;
    }
  }
  if (knee === null) return [];
  const kneeRow = rows.find((r) => r.workers === knee)!;
  const last = rows[rows.length - 1];
  const kneePoint = pts.find((p) => p.workers === knee)!;
  const costPct = ((kneePoint.makespanMs - max.makespanMs) / max.makespanMs) * 100;
  const lb = ctx.pop.find((r) => r.workers === last.workers)?.loadBalance;
  const imbalance = lb !== undefined && lb < LOAD_BALANCE_THRESHOLD ? ` Load balance at ${plural(last.workers, 'worker')} is only ${fmtFixed(lb, 2)}: uneven work explains part of this.` : '';
  const cpu = cpuContention(ctx, knee);
  const fewPoints = rows.length < 3 ? ` Only ${plural(rows.length, 'worker count')} ${rows.length === 1 ? 'was' : 'were'} measured: add counts between them to locate the knee.` : '';
  return [{
    kind: 'serial-bottleneck',
    severity: last.efficiency < LOW_EFFICIENCY && !cpu ? 'warning' : 'info',
    title: `Adding workers stops paying past ${knee}`,
    detail: `From ${knee} to ${last.workers} workers the speedup only went from ${fmtX(kneeRow.speedup)} to ${fmtX(last.speedup)} (efficiency ${fmtPct(last.efficiency, 0)} at ${last.workers}): each added worker contributes less than ${MARGINAL_SPEEDUP_THRESHOLD} of a worker. ${stayText(knee, last.workers - knee, costPct)}${imbalance}${cpu ?? ''}${fitText(ctx)}${fewPoints}`,
    evidence: { ...fitEvidence(ctx), kneeWorkers: knee, efficiencyAtMax: round(last.efficiency), timeCostPct: round(costPct, 1), gainBasis: 'best-vs-reference', referenceWorkers: max.workers },
    change: { workers: upTo(knee) },
    predictedGainPct: null,
    location: null,
  }];
};
