// The fleet's part of a run as the analysis reads it: which host ran each task, when its result
// reached the coordinator, and which slots of a point were on which host. Runs made on one machine
// have none of it (isFleetRun false): every fleet module returns nothing for them.
import type { FleetHost, Point, RunFile } from '../../../common/runFile';
import { tasksOf } from '../taskColumns';

// Slots → hosts: one definition, shared with the page.
export { hostOfSlot, hostsOfPoint } from '../../../common/fleetSlots';

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
