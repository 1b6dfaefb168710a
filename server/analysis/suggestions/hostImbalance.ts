// `host-imbalance`: the fleet's hosts did not share the work by their slots: one host's slots sat
// idle while another's were busy (host efficiency = its useful time / (its slots × makespan);
// fleet/hostRows.ts). Said only where it holds in every measured repeat of the point and every host
// compared ran at least FLEET_MIN_TASKS tasks. The gain is what the idle slots could give back were
// every host as busy as the busiest: 1 − (fleet efficiency / best host's efficiency), an estimate.
// Where the idle host's round trip through Redis is longer, or it joined late, or it has more slots than
// CPUs, the detail says so; the remedy is on the hosts, not a setting (`change` empty).
import type { FleetHostRow } from '../../../common/runFile';
import { fmtFixed, fmtMs, fmtPct, plural } from '../../../common/format';
import type { AnalysisContext } from '../context';
import { fleetHosts, hostOfSlot, isFleetRun } from '../fleet/fleetColumns';
import { fleetRowsOf } from '../fleet/hostRows';
import { FLEET_MIN_TASKS } from '../fleet/latency';
import type { PointSummary } from '../pointSummary';
import { rowsOfRepeat } from '../repeatData';
import { tasksOf } from '../taskColumns';
import { MIN_GAIN_PCT, round, severityForGain, type SuggestionRule } from './rule';

/** Hosts are balanced while the least busy one's efficiency is at least this share of the busiest's. */
export const HOST_BALANCE_THRESHOLD = 0.9;

/** min / max host efficiency in each measured repeat of the point. */
function balanceByRepeat(p: PointSummary): number[] {
  const hostOf = hostOfSlot(p.point);
  const t = tasksOf(p.point);
  const out: number[] = [];
  for (let r = 0; r < p.point.makespansMs.length; r++) {
    const useful = new Map<number, number>();
    const slots = new Map<number, number>();
    for (const h of hostOf) if (h >= 0) slots.set(h, (slots.get(h) ?? 0) + 1);
    for (const i of rowsOfRepeat(p.point, r)) {
      const h = hostOf[t.worker[i]] ?? -1;
      if (h < 0 || !t.ok[i]) continue;
      useful.set(h, (useful.get(h) ?? 0) + Math.max(0, t.endMs[i] - t.startMs[i] - t.lockWaitMs[i]));
    }
    const ms = p.point.makespansMs[r];
    const effs = [...slots].map(([h, n]) => (useful.get(h) ?? 0) / (n * ms));
    const max = Math.max(...effs);
    if (effs.length > 1 && max > 0) out.push(Math.min(...effs) / max);
  }
  return out;
}

export const hostImbalanceRule: SuggestionRule = (ctx: AnalysisContext) => {
  if (!isFleetRun(ctx.run)) return [];
  const info = fleetHosts(ctx.run);
  const uneven: { p: PointSummary; hosts: FleetHostRow[]; balance: number; repeats: number[] }[] = [];
  for (const p of ctx.points) {
    const rows = fleetRowsOf(ctx.run, p);
    const hosts = rows?.hosts.filter((h) => h.slots > 0) ?? [];
    if (!rows || hosts.length < 2 || hosts.some((h) => h.tasks < FLEET_MIN_TASKS)) continue;
    const repeats = balanceByRepeat(p);
    if (rows.hostBalance < HOST_BALANCE_THRESHOLD && repeats.length > 0 && repeats.every((b) => b < HOST_BALANCE_THRESHOLD)) uneven.push({ p, hosts, balance: rows.hostBalance, repeats });
  }
  if (uneven.length === 0) return [];
  let measured = 0;
  let predicted = 0;
  for (const { p, hosts } of uneven) {
    const slots = hosts.reduce((a, h) => a + h.slots, 0);
    const useful = hosts.reduce((a, h) => a + h.usefulMs, 0);
    const best = Math.max(...hosts.map((h) => h.efficiency));
    const fleetEff = useful / (slots * p.medianRepeatMakespanMs);
    measured += p.makespanMs;
    predicted += best > 0 ? p.makespanMs * (fleetEff / best) : p.makespanMs;
  }
  const gain = measured > 0 ? ((measured - predicted) / measured) * 100 : 0;
  if (gain < MIN_GAIN_PCT) return [];
  const worst = uneven.reduce((a, b) => (b.balance < a.balance ? b : a));
  const idle = worst.hosts.reduce((a, b) => (b.efficiency < a.efficiency ? b : a));
  const busy = worst.hosts.reduce((a, b) => (b.efficiency > a.efficiency ? b : a));
  const name = (h: number): string => info[h]?.name ?? `#${h}`;
  const causes: string[] = [];
  const rt = idle.roundTrip.medianMs;
  const rtOthers = worst.hosts.filter((h) => h !== idle).map((h) => h.roundTrip.medianMs).filter((x): x is number => x !== null);
  if (rt !== null && rtOthers.length && rt > 2 * Math.max(...rtOthers)) {
    causes.push(`its slots waited ${fmtMs(rt)} between jobs (the round trip through Redis) against ${fmtMs(Math.max(...rtOthers))} on the others: the network or Redis is slower from there`);
  }
  const joined = info[idle.host]?.joinedAtMs;
  if (joined !== undefined && joined > 0) causes.push(`it joined ${fmtMs(joined)} into the run`);
  const cpus = info[idle.host]?.cpus;
  if (cpus !== undefined && idle.slots > cpus) causes.push(`it ran ${plural(idle.slots, 'slot')} on ${plural(cpus, 'CPU')}`);
  const share = (h: FleetHostRow): string => `${fmtPct(h.workShare, 0)} of the work on ${fmtPct(h.slotShare, 0)} of the slots`;
  return [{
    kind: 'host-imbalance',
    severity: severityForGain(gain),
    title: `Hosts share the work unevenly: ${name(idle.host)}'s slots were busy ${fmtPct(idle.efficiency, 0)} of the time, ${name(busy.host)}'s ${fmtPct(busy.efficiency, 0)}`,
    detail: `At ${plural(worst.p.workers, 'worker')} ${name(idle.host)} did ${share(idle)}, ${name(busy.host)} ${share(busy)} (host balance ${fmtFixed(worst.balance, 2)}, below ${HOST_BALANCE_THRESHOLD} in ${plural(worst.repeats.length, 'repeat')} of ${worst.p.point.makespansMs.length}). ` +
      (causes.length ? `Likely: ${causes.join('; ')}. ` : '') +
      `Were every host's slots as busy as the busiest's, the points affected would take about ${fmtPct(gain / 100)} less time (an estimate from the idle time, not a replay).`,
    evidence: {
      workers: worst.p.workers,
      hostBalance: Object.fromEntries(uneven.map((u) => [u.p.workers, round(u.balance)])),
      balanceByRepeat: worst.repeats.map((b) => round(b)),
      hosts: worst.hosts.map((h) => ({ host: h.host, name: name(h.host), slots: h.slots, tasks: h.tasks, efficiency: round(h.efficiency), workShare: round(h.workShare), slotShare: round(h.slotShare), roundTripMedianMs: h.roundTrip.medianMs === null ? null : round(h.roundTrip.medianMs, 3) })),
      requiresHostChange: true,
      gainBasis: 'sum-of-makespans',
      gainOverWorkers: uneven.map((u) => u.p.workers),
    },
    change: {},
    predictedGainPct: round(gain, 1),
    location: null,
  }];
};
