// A fleet run's hosts per point (analysis.fleet), as the CLI prints them: slots, tasks, share of the
// work against share of the slots, how busy the slots were, the median task, and what the path
// through Redis cost, each latency with the clock uncertainty it spans (common/fleetText.ts).
import { latencyText } from '../../common/fleetText';
import { fmtFixed, fmtMs, fmtPct, NOT_MEASURED } from '../../common/format';
import type { FleetAnalysis, FleetHost } from '../../common/runFile';
import { table } from '../dom';

export function renderFleetTable(container: HTMLElement, fleet: FleetAnalysis, hosts: readonly FleetHost[]): void {
  const rows = fleet.points.flatMap((p) => p.hosts.map((h, k) => [
    k === 0 ? String(p.workers) : '',
    hosts[h.host]?.name ?? `#${h.host}`,
    String(h.slots),
    h.failed ? `${h.tasks} (${h.failed} failed)` : String(h.tasks),
    `${fmtPct(h.workShare, 0)} / ${fmtPct(h.slotShare, 0)}`,
    fmtPct(h.efficiency, 0),
    fmtFixed(h.loadBalance, 2),
    fmtMs(h.taskMs),
    latencyText(h.handOut),
    latencyText(h.roundTrip),
    h.returnLatency ? latencyText(h.returnLatency) : NOT_MEASURED,
  ]));
  container.appendChild(table(
    ['workers', 'host', 'slots', 'tasks', 'work / slots', 'busy', 'balance', 'task (median)', 'taken → start', 'round trip', 'result back'],
    rows, 'ss-table ss-fleet-hosts',
  ));
}
