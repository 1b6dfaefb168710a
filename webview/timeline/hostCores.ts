// The core rows beneath the Timeline's lanes for one repeat: the machine's cores on one machine;
// on a fleet each host's cores in the order of the point's placement (every agent samples its own,
// server/fleet/hostRecorder.ts), stacked as one series on the first host's sample times (the
// others' samples taken at the sample covering each time: all sample at the same interval, so a
// row is off by less than one interval), each row named with its host.
import type { CoreSeries, FleetHost, Point } from '../../common/runFile';
import { hostsOfPoint } from '../../common/fleetSlots';
import { firstSampleAfter } from './drawHeatmap';

export interface TimelineCores { series: CoreSeries; labels: string[] }

export function timelineCores(point: Point, repeat: number, hosts: readonly FleetHost[] | undefined): TimelineCores | null {
  const own = point.cores.find((c) => c.repeat === repeat && c.host === undefined && c.busy.length > 0);
  const perHost = point.cores.filter((c) => c.repeat === repeat && c.host !== undefined && c.busy.length > 0);
  if (!perHost.length) return own ? { series: own, labels: own.busy.map((_, i) => `cpu ${i}`) } : null;
  const order = hostsOfPoint(point);
  perHost.sort((a, b) => order.indexOf(a.host!) - order.indexOf(b.host!));
  const times = perHost[0].timesMs;
  const busy: number[][] = [];
  const labels: string[] = [];
  for (const s of perHost) {
    const name = hosts?.[s.host!]?.name ?? `host ${s.host}`;
    const at = times.map((t) => Math.min(s.timesMs.length - 1, firstSampleAfter(s.timesMs, t - 1e-9)));
    s.busy.forEach((row, core) => {
      busy.push(s === perHost[0] ? row : at.map((i) => row[i] ?? 0));
      labels.push(`${name} cpu ${core}`);
    });
  }
  return { series: { repeat, timesMs: times, busy, source: perHost[0].source }, labels };
}
