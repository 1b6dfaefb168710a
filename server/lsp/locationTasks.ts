// A recorded run's task functions (the run file's `taskLocations` and per-task `location` column):
// how many tasks each ran, for the code lens over it. Computed from the task columns when the server
// reads a run, before it drops them (workspaceRuns.ts slim). Pure.
import type { Location, RunFile } from '../../common/runFile';
import { tasksOf } from '../analysis/taskColumns';

export interface LocationTasks {
  location: Location;
  /** The largest worker count whose point ran tasks here, and what they were there (all its repeats). */
  workers: number;
  tasks: number;
  failed: number;
  repeats: number;
}

export function locationTasks(run: RunFile): LocationTasks[] {
  const table = run.taskLocations ?? [];
  const out = new Map<number, LocationTasks>();
  for (const point of [...run.points].sort((a, b) => b.workers - a.workers)) {
    const t = tasksOf(point);
    if (!t.location) continue;
    const here = new Map<number, { tasks: number; failed: number; repeats: Set<number> }>();
    for (let i = 0; i < t.location.length; i++) {
      const l = t.location[i];
      if (l !== l || !table[l] || out.has(l)) continue;
      let c = here.get(l);
      if (!c) here.set(l, (c = { tasks: 0, failed: 0, repeats: new Set() }));
      c.tasks++;
      if (t.ok[i] !== 1) c.failed++;
      c.repeats.add(t.repeat[i]);
    }
    for (const [l, c] of here) out.set(l, { location: table[l], workers: point.workers, tasks: c.tasks, failed: c.failed, repeats: c.repeats.size });
  }
  return [...out.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}
