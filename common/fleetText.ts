// The wording of a fleet's figures, shared by the CLI report and the page: a latency (median, 95th
// percentile, ± the clock uncertainty it spans) and an agent's clock offset with its uncertainty.
import type { FleetAnalysis, FleetHost, FleetLatency } from './runFile';
import { fmtFixed, fmtMs, fmtPct, NOT_MEASURED } from './format';

/** "0.52 ms / p95 0.90 ms ± 0.10 ms"; "— (6 measured)" where too few were measured for a median. */
export function latencyText(l: FleetLatency): string {
  if (l.medianMs === null) return l.count ? `${NOT_MEASURED} (${l.count} measured)` : NOT_MEASURED;
  const p95 = l.p95Ms === null ? '' : ` / p95 ${fmtMs(l.p95Ms)}`;
  return `${fmtMs(l.medianMs)}${p95}${l.clockUncertaintyMs > 0 ? ` ± ${fmtMs(l.clockUncertaintyMs)}` : ''}`;
}

/** "clock +41.5 ms ± 0.30 ms": how far the agent's clock was from the coordinator's, and how sure. */
export function clockOffsetText(h: Pick<FleetHost, 'clockOffsetMs' | 'clockUncertaintyMs'>): string {
  const sign = h.clockOffsetMs > 0 ? '+' : '';
  return `clock ${sign}${fmtMs(h.clockOffsetMs)} ± ${fmtMs(h.clockUncertaintyMs)}`;
}

/** "alpha: 2 slots on 8 × Xeon": a host in one line. */
export function hostText(h: Pick<FleetHost, 'name' | 'slots' | 'cpus' | 'cpuModel'>): string {
  return `${h.name}: ${h.slots} slot${h.slots === 1 ? '' : 's'} on ${h.cpus} × ${h.cpuModel}`;
}

/**
 * One row of cells per point and host of analysis.fleet, as the CLI report and the page's Hosts
 * table show them: workers (on a point's first host only), host, slots, tasks, work / slots share,
 * busy, balance, median task, taken → start, round trip, result back, enqueue → start and its two
 * parts (behind earlier jobs, through Redis; "—" for runs without enqueuedMs). `tasksText` words the task
 * count with its failures (the CLI colours them).
 */
export function fleetHostRows(fleet: FleetAnalysis, hosts: readonly Pick<FleetHost, 'name'>[], tasksText: (tasks: number, failed: number) => string): string[][] {
  return fleet.points.flatMap((p) => p.hosts.map((h, k) => [
    k === 0 ? String(p.workers) : '',
    hosts[h.host]?.name ?? `#${h.host}`,
    String(h.slots),
    tasksText(h.tasks, h.failed),
    `${fmtPct(h.workShare, 0)} / ${fmtPct(h.slotShare, 0)}`,
    fmtPct(h.efficiency, 0),
    fmtFixed(h.loadBalance, 2),
    fmtMs(h.taskMs),
    latencyText(h.handOut),
    latencyText(h.roundTrip),
    h.returnLatency ? latencyText(h.returnLatency) : NOT_MEASURED,
    h.enqueue ? latencyText(h.enqueue.toStart) : NOT_MEASURED,
    h.enqueue ? latencyText(h.enqueue.behindJobs) : NOT_MEASURED,
    h.enqueue ? latencyText(h.enqueue.throughRedis) : NOT_MEASURED,
  ]));
}
