// `slow-host`: one host of the fleet runs the same work markedly slower than the others
// (fleet/hostSpeed.ts: the same inputs where they ran on several hosts, else comparable tasks).
// Only beyond noise: the ratio's 95% interval lies wholly above 1 and the ratio itself is at least
// SLOW_HOST_RATIO. The gain is a throughput estimate, not a replay (the replay has one speed for
// every worker): with slots taking the next job as they free up, the fleet's rate is the sum of its
// slots' rates, so the slow host's slots at the others' speed would cut the makespan by
// 1 − Σrate / Σrate'. Its cause is on the host (fewer slots than cores? a slower CPU? other load?),
// not in a setting: `change` is empty.
import type { Suggestion } from '../../../common/runFile';
import { fmtFixed, fmtPct, fmtX, plural } from '../../../common/format';
import { sum } from '../../../common/stats';
import type { AnalysisContext } from '../context';
import { fleetHosts, isFleetRun } from '../fleet/fleetColumns';
import { fleetRowsOf } from '../fleet/hostRows';
import { hostSpeeds } from '../fleet/hostSpeed';
import { MIN_GAIN_PCT, round, severityForGain, type SuggestionRule } from './rule';

/** A host is "slow" from this ratio of its task times to the others' (and beyond noise). */
export const SLOW_HOST_RATIO = 1.15;

export const slowHostRule: SuggestionRule = (ctx: AnalysisContext) => {
  if (!isFleetRun(ctx.run)) return [];
  const hosts = fleetHosts(ctx.run);
  const slow = hostSpeeds(ctx.points).filter((s) => s.ratio >= SLOW_HOST_RATIO && s.ci !== null && s.ci[0] > 1);
  const out: Suggestion[] = [];
  for (const s of slow) {
    const info = hosts[s.host];
    if (!info) continue;
    // Throughput gain at each point that used the host, weighted by the points' makespans.
    let measured = 0;
    let predicted = 0;
    for (const p of ctx.points) {
      const rows = fleetRowsOf(ctx.run, p);
      const row = rows?.hosts.find((r) => r.host === s.host);
      if (!rows || !row || row.slots === 0 || rows.hosts.length < 2) continue;
      const rate = sum(rows.hosts.map((r) => (r.host === s.host ? r.slots / s.ratio : r.slots)));
      const rateAfter = sum(rows.hosts.map((r) => r.slots));
      measured += p.makespanMs;
      predicted += (p.makespanMs * rate) / rateAfter;
    }
    const gain = measured > 0 ? ((measured - predicted) / measured) * 100 : 0;
    const causes: string[] = [];
    if (info.slots > info.cpus) causes.push(`it offers ${plural(info.slots, 'slot')} on ${plural(info.cpus, 'CPU')} (start its agent with --slots ${info.cpus})`);
    if (hosts.some((o, k) => k !== s.host && o.cpuModel !== info.cpuModel)) causes.push(`its CPU (${info.cpuModel}) differs from the others'`);
    const basis = s.basis === 'same-inputs' ? `the same ${plural(s.compared, 'input')}, run on it and on other hosts` : `${plural(s.compared, 'task')} against the other hosts' tasks at the same points (no input ran on several hosts often enough to compare them one by one)`;
    out.push({
      kind: 'slow-host',
      severity: gain >= MIN_GAIN_PCT ? severityForGain(gain) : 'info',
      title: `Host ${info.name} runs tasks ${fmtX(s.ratio, 2)} slower than the rest of the fleet`,
      detail: `Compared on ${basis}: its task times are ${fmtX(s.ratio, 2)} the others' (95% interval ${fmtFixed(s.ci![0], 2)}–${fmtFixed(s.ci![1], 2)}). ` +
        (causes.length ? `Likely: ${causes.join('; ')}. ` : 'Look for other load on it, a slower CPU or thermal limits. ') +
        (gain >= MIN_GAIN_PCT ? `Were its slots as fast as the others', the points that used it would take about ${fmtPct(gain / 100)} less time (a throughput estimate).` : 'Its slots are few enough that the sweep would gain little were it as fast as the others.'),
      evidence: {
        host: s.host,
        hostName: info.name,
        basis: s.basis,
        compared: s.compared,
        ratio: round(s.ratio),
        ratioCi: [round(s.ci![0]), round(s.ci![1])],
        slots: info.slots,
        cpus: info.cpus,
        overWorkers: s.workers,
        requiresHostChange: true,
        gainBasis: 'sum-of-makespans',
        gainOverWorkers: s.workers,
      },
      change: {},
      predictedGainPct: gain >= MIN_GAIN_PCT ? round(gain, 1) : null,
      location: null,
    });
  }
  return out;
};
