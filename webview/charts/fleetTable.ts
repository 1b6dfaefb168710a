// A fleet run's hosts per point (analysis.fleet), as the CLI prints them: slots, tasks, share of the
// work against share of the slots, how busy the slots were, the median task, and what the path
// through Redis cost, each latency with the clock uncertainty it spans (common/fleetText.ts).
import { fleetHostRows } from '../../common/fleetText';
import type { FleetAnalysis, FleetHost } from '../../common/runFile';
import { table } from '../dom';

export function renderFleetTable(container: HTMLElement, fleet: FleetAnalysis, hosts: readonly FleetHost[]): void {
  const rows = fleetHostRows(fleet, hosts, (tasks, failed) => (failed ? `${tasks} (${failed} failed)` : String(tasks)));
  container.appendChild(table(
    ['workers', 'host', 'slots', 'tasks', 'work / slots', 'busy', 'balance', 'task (median)', 'taken → start', 'round trip', 'result back', 'enqueue → start', 'behind jobs', 'through Redis'],
    rows, 'ss-table ss-fleet-hosts',
  ));
}
