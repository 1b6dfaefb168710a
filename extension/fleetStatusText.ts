// What the fleet's status bar item says (no vscode here): hosts and slots when Redis answered,
// that it did not (and why) when it did not, nothing when the fleet is off.
import type { FleetStatus } from '../common/lsp';
import { plural } from '../common/format';

export function fleetStatusText(s: FleetStatus): { text: string; tooltip: string } | null {
  if (!s.enabled) return null;
  if (!s.connected) {
    return {
      text: '$(debug-disconnect) Fleet: no Redis',
      tooltip: `Scalescope fleet: ${s.error ?? `cannot reach ${s.redisUrl}`}\nRuns from the editor need it (scalescope.fleet is on). Click to show the log.`,
    };
  }
  if (s.hosts.length === 0) {
    return {
      text: '$(server) Fleet: no agents',
      tooltip: `Scalescope fleet at ${s.redisUrl}: no agent is registered. Start one with \`scalescope agent --redis ${s.redisUrl}\` on each host.`,
    };
  }
  const lines = s.hosts.map((h) => `${h.name}: ${plural(h.slots, 'slot')} (${h.cpus} × ${h.cpuModel})`);
  return {
    text: `$(server) Fleet: ${plural(s.hosts.length, 'host')} · ${plural(s.slots, 'slot')}`,
    tooltip: `Scalescope fleet at ${s.redisUrl}: runs from the editor go here (worker counts up to ${s.slots}).\n${lines.join('\n')}`,
  };
}
