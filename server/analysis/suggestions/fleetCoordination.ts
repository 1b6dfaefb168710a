// `fleet-coordination`: the USL fit's coherency term κ (each added slot pays for talking to the
// others: here, through one Redis and one coordinator) puts the fleet's throughput peak below the
// slots it has. Said only from a trusted fit (enough trusted worker counts, USL_MIN_TRUSTED_POINTS)
// with κ > 0, and only where the peak lies below the fleet's slots: beyond them it caps nothing. The
// count is the fit's (predictedGainPct null: no re-run was replayed); `serial-bottleneck` says what
// the measured points show.
import type { Suggestion } from '../../../common/runFile';
import { fmtFixed, fmtX, plural } from '../../../common/format';
import type { AnalysisContext } from '../context';
import { fleetHosts, hostsOfPoint, isFleetRun } from '../fleet/fleetColumns';
import { uslCapacity } from '../usl';
import { round, type SuggestionRule } from './rule';

export const fleetCoordinationRule: SuggestionRule = (ctx: AnalysisContext) => {
  const u = ctx.usl;
  if (!isFleetRun(ctx.run) || !u || !u.trusted || !(u.kappa > 0) || u.peakWorkers === null) return [];
  const hosts = fleetHosts(ctx.run);
  const fleetSlots = hosts.reduce((a, h) => a + h.slots, 0);
  const peak = u.peakWorkers;
  if (!(peak < fleetSlots)) return [];
  const atPeak = Math.max(1, Math.round(peak));
  const measured = ctx.points.map((p) => p.workers);
  const maxMeasured = Math.max(...measured);
  const crossing = ctx.points.find((p) => hostsOfPoint(p.point).length > 1)?.workers ?? null;
  const keep = ctx.run.config.workers.filter((w) => w <= atPeak);
  const s: Suggestion = {
    kind: 'fleet-coordination',
    severity: peak < maxMeasured ? 'warning' : 'info',
    title: `Coordination caps the fleet: throughput peaks near ${plural(atPeak, 'slot')} of ${fleetSlots}`,
    detail: `The USL fit (σ = ${fmtFixed(u.sigma, 4)}, κ = ${fmtFixed(u.kappa, 5)}, R² ${fmtFixed(u.r2, 2)}, on ${plural(ctx.scaling.length, 'worker count')}) puts the peak at ≈${fmtFixed(peak, 1)} slots, a speedup of about ${fmtX(uslCapacity(u.sigma, u.kappa, peak), 1)}: past it each added slot costs more in coordination (Redis, the coordinator) than it adds. ` +
      (crossing !== null ? `The sweep first spanned several hosts at ${plural(crossing, 'worker')}. ` : '') +
      `Fewer, larger jobs (--batch) cut the coordination per task; more slots past ${atPeak} will not help.`,
    evidence: {
      usl: { sigma: round(u.sigma, 5), kappa: round(u.kappa, 6), peakWorkers: round(peak, 2), r2: round(u.r2) },
      fleetSlots,
      maxMeasuredWorkers: maxMeasured,
      firstMultiHostWorkers: crossing,
      gainBasis: 'best-vs-reference',
      referenceWorkers: maxMeasured,
    },
    change: keep.length ? { workers: keep } : {},
    predictedGainPct: null,
    location: null,
  };
  return [s];
};
