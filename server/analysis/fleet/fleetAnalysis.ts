// analysis.fleet: per point, per host of a fleet run (hostRows.ts), and the fewest workers whose
// point ran on more than one host. Null for a run made on one machine.
import type { FleetAnalysis, RunFile } from '../../../common/runFile';
import type { PointSummary } from '../pointSummary';
import { firstMultiHostWorkers } from '../../../common/fleetSlots';
import { isFleetRun } from './fleetColumns';
import { fleetRowsOf } from './hostRows';

export function analyzeFleet(run: RunFile, points: readonly PointSummary[]): FleetAnalysis | null {
  if (!isFleetRun(run)) return null;
  const rows = points.flatMap((s) => fleetRowsOf(run, s) ?? []);
  // From the placement of every point, measured or not (a cancelled point still says where it ran).
  return { points: rows, firstMultiHostWorkers: firstMultiHostWorkers(run.points) };
}
