// The fleet's part of a run as the analysis reads it: which host ran each task, when its result
// reached the coordinator, and which slots of a point were on which host. Runs made on one machine
// have none of it (isFleetRun false): every fleet module returns nothing for them.
import type { FleetHost, Point, RunFile } from '../../../common/runFile';
import { tasksOf } from '../taskColumns';

/** A fleet run: one whose tasks ran on agents (`hosts`) and say which (`host` column). */
export function isFleetRun(run: RunFile): boolean {
  return (run.hosts?.length ?? 0) > 0;
}

/** The `host` column (index into `hosts`), packed; null when the point has none. */
export function hostColumn(point: Point): ArrayLike<number> | null {
  return tasksOf(point).host ?? null;
}

/** The `receivedMs` column (coordinator's clock), packed; null when the point has none. */
export function receivedColumn(point: Point): ArrayLike<number> | null {
  return tasksOf(point).receivedMs ?? null;
}

/** The point's recorded placement: the hosts its slots were on, in filling order. */
export function placementOf(point: Point): { host: number; slots: number }[] {
  return point.placement ?? [];
}

/**
 * The host of each slot (worker 0..p−1) of a point: from the tasks that ran there (a slot keeps its
 * host for the whole point), else from the recorded placement in its filling order; −1 where neither says.
 */
export function hostOfSlot(point: Point): Int32Array {
  const out = new Int32Array(point.workers).fill(-1);
  const placement = placementOf(point);
  let slot = 0;
  for (const p of placement) for (let k = 0; k < p.slots && slot < out.length; k++) out[slot++] = p.host;
  const host = hostColumn(point);
  if (host) {
    const worker = tasksOf(point).worker;
    for (let i = 0; i < host.length; i++) {
      const w = worker[i];
      if (w >= 0 && w < out.length && host[i] >= 0) out[w] = host[i];
    }
  }
  return out;
}

/** The hosts a point used, in the order of its placement, then any other host that ran its tasks. */
export function hostsOfPoint(point: Point): number[] {
  const order: number[] = [];
  for (const p of placementOf(point)) if (!order.includes(p.host)) order.push(p.host);
  for (const h of hostOfSlot(point)) if (h >= 0 && !order.includes(h)) order.push(h);
  return order;
}

/** The run's agent hosts, indexed by the `host` column; empty for a run made on one machine. */
export function fleetHosts(run: RunFile): FleetHost[] {
  return run.hosts ?? [];
}

/**
 * The CPUs the workers ran on: the agents' together on a fleet (each slot on its host), else the
 * run's machine. What "more workers than CPUs" is measured against.
 */
export function workerCpus(run: RunFile): number {
  return isFleetRun(run) ? fleetHosts(run).reduce((n, h) => n + h.cpus, 0) : run.host.cpus;
}
