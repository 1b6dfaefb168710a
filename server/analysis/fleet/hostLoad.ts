// The noise verdict of a fleet point, host by host: no task ran on the coordinator, so its load
// record says nothing; each agent probed its own machine around every measured repeat
// (`point.hostMachine`, server/fleet/hostRecorder.ts), and each host's slots are judged against that
// host's CPUs and the load other processes put on it, by the rules a local point is judged by
// (quality.ts pointLoad). The spread of the point's repeats is judged once, for the whole point.
// Points without host records (runs made before agents probed their machines) keep the old rule:
// spread and the tasks' run-queue delay against the fleet's CPUs.
import type { FleetHost, Point, Verdict } from '../../../common/runFile';
import { plural } from '../../../common/format';
import { pointLoad, type PointLoad } from '../quality';
import { tasksOf } from '../taskColumns';
import { hostsOfPoint, hostOfSlot } from './fleetColumns';

const LEVEL: Record<Verdict, number> = { ok: 0, noisy: 1, unreliable: 2 };

/** Whether every host the point used has its own machine record. */
export function hasHostRecords(point: Point): boolean {
  const recorded = new Set((point.hostMachine ?? []).map((m) => m.host));
  const hosts = hostsOfPoint(point);
  return hosts.length > 0 && hosts.every((h) => recorded.has(h));
}

/** One host's slots of a point, judged alone: its slots as the workers, its CPUs, its own load record. */
export function hostPointLoad(point: Point, host: number, hosts: readonly FleetHost[]): PointLoad {
  const slotHost = hostOfSlot(point);
  const slots = slotHost.filter((h) => h === host).length;
  const h = hosts[host];
  const t = tasksOf(point);
  const hostCol = t.host;
  const mine = (i: number): boolean => (hostCol ? hostCol[i] === host : slotHost[t.worker[i]] === host);
  const own: Point = { ...point, workers: Math.max(1, slots), makespansMs: [], machine: (point.hostMachine ?? []).filter((m) => m.host === host) };
  return pointLoad(own, h?.cpus ?? 1, 0, { at: `At ${plural(point.workers, 'worker')}, on ${h?.name ?? `host ${host}`} (${plural(slots, 'slot')}),`, row: mine });
}

/**
 * A fleet point's load: the worst of its hosts' verdicts and its repeats' spread; other processes'
 * cores, the cores they took from the workers and the run's own extra cores added over its hosts.
 * `cpus`: the fleet's (what the spread-only rule compares against without host records).
 */
export function fleetPointLoad(point: Point, hosts: readonly FleetHost[], cpus: number, runQueueShare: number): PointLoad {
  if (!hasHostRecords(point)) return pointLoad({ ...point, machine: undefined }, cpus, runQueueShare);
  // The spread of the repeats (no load record: its run-queue rule is the hosts' own, below).
  const whole = pointLoad({ ...point, machine: undefined }, cpus, 0);
  const per = hostsOfPoint(point).map((h) => hostPointLoad(point, h, hosts));
  let verdict = whole.verdict;
  for (const l of per) if (LEVEL[l.verdict] > LEVEL[verdict]) verdict = l.verdict;
  const measured = per.filter((l) => l.externalCores !== null);
  const sum = (f: (l: PointLoad) => number): number => per.reduce((s, l) => s + f(l), 0);
  return {
    workers: point.workers,
    externalCores: measured.length ? measured.reduce((s, l) => s + l.externalCores!, 0) : null,
    significantExternalCores: sum((l) => l.significantExternalCores),
    ownExtraCores: sum((l) => l.ownExtraCores),
    stolenCores: sum((l) => l.stolenCores),
    // Host by host the wait is over that host's slots: the point's is their slot-weighted mean.
    waitShare: sum((l) => l.waitShare * l.workers) / Math.max(1, sum((l) => l.workers)),
    tickNoiseCores: Math.sqrt(sum((l) => l.tickNoiseCores ** 2)),
    spreadPct: whole.spreadPct,
    verdict,
    reasons: [...per.flatMap((l) => l.reasons), ...whole.reasons],
  };
}
