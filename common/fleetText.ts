// The wording of a fleet's figures, shared by the CLI report and the page: a latency (median, 95th
// percentile, ± the clock uncertainty it spans) and an agent's clock offset with its uncertainty.
import type { FleetHost, FleetLatency } from './runFile';
import { fmtMs, NOT_MEASURED } from './format';

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
