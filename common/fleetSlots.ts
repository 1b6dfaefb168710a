// Which host each slot of a fleet run's point was on, and where the sweep first spanned several
// hosts: one definition for the analysis (server/analysis/fleet/), the CLI and the report page.
// Reads the columns in either form (plain arrays or packed typed arrays).
import type { FleetHost, Point } from './runFile';

type SlotPoint = Pick<Point, 'workers' | 'placement'> & { tasks: { worker: ArrayLike<number>; host?: ArrayLike<number> } };

/**
 * The host of each slot (worker 0..p−1) of a point: from the tasks that ran there (a slot keeps its
 * host for the whole point), else from the recorded placement in its filling order; −1 where neither says.
 */
export function hostOfSlot(point: SlotPoint): Int32Array {
  const out = new Int32Array(point.workers).fill(-1);
  let slot = 0;
  for (const p of point.placement ?? []) for (let k = 0; k < p.slots && slot < out.length; k++) out[slot++] = p.host;
  const host = point.tasks.host;
  if (host) {
    const worker = point.tasks.worker;
    for (let i = 0; i < host.length; i++) {
      const w = worker[i];
      if (w >= 0 && w < out.length && host[i] >= 0) out[w] = host[i];
    }
  }
  return out;
}

/** The hosts a point used, in the order of its placement, then any other host that ran its tasks. */
export function hostsOfPoint(point: SlotPoint): number[] {
  const order: number[] = [];
  for (const p of point.placement ?? []) if (!order.includes(p.host)) order.push(p.host);
  for (const h of hostOfSlot(point)) if (h >= 0 && !order.includes(h)) order.push(h);
  return order;
}

/** The fewest workers whose point ran on more than one host; null when none did (or not a fleet run). */
export function firstMultiHostWorkers(points: readonly SlotPoint[]): number | null {
  const multi = points.filter((p) => hostsOfPoint(p).length > 1).map((p) => p.workers);
  return multi.length ? Math.min(...multi) : null;
}

/**
 * The clock offset a point's rows of `host` were converted with, ± its uncertainty: the one estimated
 * as the point opened (its placement), else the run's latest for the host; null for an unknown host.
 */
export function pointClock(point: Pick<Point, 'placement'>, host: number, hosts: readonly FleetHost[] | undefined): { clockOffsetMs: number; clockUncertaintyMs: number } | null {
  const h = hosts?.[host];
  if (!h) return null;
  const p = point.placement?.find((x) => x.host === host);
  return {
    clockOffsetMs: p?.clockOffsetMs ?? h.clockOffsetMs,
    clockUncertaintyMs: p?.clockUncertaintyMs ?? h.clockUncertaintyMs,
  };
}
