// Hints at a recorded run's task functions (analysis.hints): where a task function's tasks lose
// time, measured per task and now attributable to a line through the per-task `location` column
// (recorded runs: docs/decisions/record.md "Locations").
//
// Share of a kind of lost time at a location at p workers:
//   share(location, kind, p) = Σ that time over the point's tasks at the location
//                              / (p × Σ_r makespan_r over the point's finished repeats)
// the denominator of hints.ts (waitLines) and analysis.contention, so the shares of one point's
// locations add up to at most its share of that kind. Kinds: time blocked in Atomics.wait and the
// sync helpers (lock-contention; only where the run has no wait sites, which hints.ts places more
// precisely), GC pauses (gc-pressure) and run-queue delay (oversubscription). Lock waits and GC
// pauses are the program's own doing at any point; run-queue delay is also other processes' on a
// busy machine, so it is hinted from the points the noise verdict trusts only.
import type { Hint, RunFile } from '../../common/runFile';
import { fmtMs, fmtPctShort, plural } from '../../common/format';
import { HINT_MIN_SHARE, HINT_WARNING_SHARE, shareSeries, workerTimeMs, type WaitLineAt } from './hints';
import type { PointSummary } from './pointSummary';
import { tasksOf } from './taskColumns';

type Column = 'lockWaitMs' | 'gcMs' | 'runQueueMs';

const KINDS: readonly { column: Column; kind: Hint['kind']; what: string; trustedOnly: boolean }[] = [
  { column: 'lockWaitMs', kind: 'lock-contention', what: 'blocked in Atomics.wait or a lock', trustedOnly: false },
  { column: 'gcMs', kind: 'gc-pressure', what: 'paused for GC', trustedOnly: false },
  { column: 'runQueueMs', kind: 'oversubscription', what: 'waiting for a CPU (run-queue delay)', trustedOnly: true },
];

/** `trusted`: the worker counts the noise verdict trusts (analysis.quality.trustedWorkers). */
export function locationHints(run: Pick<RunFile, 'taskLocations'>, points: readonly PointSummary[], trusted: ReadonlySet<number>): Hint[] {
  const table = run.taskLocations ?? [];
  if (!table.length) return [];
  const withWaitSites = points.some((p) => (p.point.waitSites?.length ?? 0) > 0);
  const hints: Hint[] = [];
  for (const { column, kind, what, trustedOnly } of KINDS) {
    if (column === 'lockWaitMs' && withWaitSites) continue;
    const measured = points.filter((p) => workerTimeMs(p) > 0 && (!trustedOnly || trusted.has(p.workers)));
    if (!measured.length) continue;
    // byLocation[l][k]: the time and task count at location l in measured point k.
    const byLocation = table.map(() => measured.map((p) => ({ workers: p.workers, share: 0, waitMs: 0, count: 0, holdMs: null } as WaitLineAt)));
    measured.forEach((p, k) => {
      const t = tasksOf(p.point);
      const loc = t.location;
      if (!loc) return;
      const values = t[column];
      for (let i = 0; i < loc.length; i++) {
        const l = loc[i];
        if (l !== l || !byLocation[l]) continue;
        const at = byLocation[l][k];
        at.count++;
        const v = values[i];
        if (v === v) at.waitMs += v;
      }
      const total = workerTimeMs(p);
      for (const at of byLocation) at[k].share = at[k].waitMs / total;
    });
    byLocation.forEach((byWorkers, l) => {
      const peak = byWorkers.reduce((a, b) => (b.share > a.share ? b : a));
      if (peak.share < HINT_MIN_SHARE) return;
      hints.push({
        file: table[l].file,
        line: table[l].line,
        kind,
        severity: peak.share >= HINT_WARNING_SHARE ? 'warning' : 'info',
        message: locationHintMessage(what, peak, byWorkers),
        shareByWorkers: byWorkers.map((b) => ({ workers: b.workers, share: b.share })),
      });
    });
  }
  return hints.sort((a, b) => Math.max(...(b.shareByWorkers ?? []).map((s) => s.share)) - Math.max(...(a.shareByWorkers ?? []).map((s) => s.share)));
}

function locationHintMessage(what: string, peak: WaitLineAt, byWorkers: readonly WaitLineAt[]): string {
  const series = byWorkers.length > 1 ? ` (${shareSeries(byWorkers)})` : '';
  return `The tasks of this function were ${what} ${fmtPctShort(peak.share)} of the workers' time at ${plural(peak.workers, 'worker')}${series}: ` +
    `${plural(peak.count, 'task')}, ${fmtMs(peak.waitMs / Math.max(1, peak.count))} each on average.`;
}
