// Pure: a fleet run's Timeline lanes grouped by host. Lanes are slots; each host's slots come
// together, hosts in the order the point's placement filled them, slots in order within a host.
// A run made on one machine gets no groups and keeps its lanes as they are.
import { hostOfSlot, hostsOfPoint, pointClock } from '../../common/fleetSlots';
import { clockOffsetText } from '../../common/fleetText';
import { fmtMs } from '../../common/format';
import type { FleetHost, Point } from '../../common/runFile';
import type { LaneSet } from './lanes';

export interface HostGroup {
  /** Index into the run's hosts; −1 for slots no task or placement tied to a host. */
  host: number;
  name: string;
  /** The group's first lane (into the reordered lanes) and how many lanes it has. */
  first: number;
  count: number;
  /** Heading and hover text: name, slots, clock offset ± uncertainty. */
  heading: string;
  detail: string[];
}

function describe(h: FleetHost | undefined, host: number, slots: number, point: Point, hosts: readonly FleetHost[]): { name: string; heading: string; detail: string[] } {
  if (!h) return { name: host < 0 ? 'unknown host' : `host #${host}`, heading: `${host < 0 ? 'unknown host' : `host #${host}`} · ${slots} slot${slots === 1 ? '' : 's'}`, detail: ['no host recorded for these slots'] };
  // The offset this point's rows were put on the coordinator's clock with.
  const at = pointClock(point, host, hosts) ?? h;
  const clock = clockOffsetText(at);
  return {
    name: h.name,
    heading: `${h.name} · ${slots} slot${slots === 1 ? '' : 's'} · ${clock}`,
    detail: [
      `host ${h.name}`,
      `${slots} of its ${h.slots} slot${h.slots === 1 ? '' : 's'} at this count · ${h.cpus} × ${h.cpuModel}`,
      `${clock}: its times are shown on the coordinator's clock, to within ± ${fmtMs(at.clockUncertaintyMs)}`,
      `${h.platform} · node ${h.node}${h.joinedAtMs ? ` · joined ${fmtMs(h.joinedAtMs)} into the run` : ''}`,
    ],
  };
}

/** Reorders `set.lanes` in place by host and returns the groups; [] for a run without hosts. */
export function groupLanesByHost(set: LaneSet, point: Point, hosts: readonly FleetHost[] | undefined): HostGroup[] {
  if (!hosts?.length) return [];
  const slotHost = hostOfSlot(point);
  const order = hostsOfPoint(point);
  const hostOfLane = (w: number): number => (w < slotHost.length ? slotHost[w] : -1);
  if (set.lanes.some((l) => hostOfLane(l.worker) < 0)) order.push(-1);
  const rank = new Map(order.map((h, k) => [h, k]));
  set.lanes.sort((a, b) => (rank.get(hostOfLane(a.worker)) ?? order.length) - (rank.get(hostOfLane(b.worker)) ?? order.length) || a.worker - b.worker);
  const groups: HostGroup[] = [];
  set.lanes.forEach((lane, li) => {
    const h = hostOfLane(lane.worker);
    const last = groups[groups.length - 1];
    if (last && last.host === h) last.count++;
    else groups.push({ host: h, name: '', first: li, count: 1, heading: '', detail: [] });
  });
  for (const g of groups) Object.assign(g, describe(g.host >= 0 ? hosts[g.host] : undefined, g.host, g.count, point, hosts));
  return groups;
}

/** The group a lane belongs to. */
export function groupOfLane(groups: readonly HostGroup[], li: number): HostGroup | undefined {
  return groups.find((g) => li >= g.first && li < g.first + g.count);
}
