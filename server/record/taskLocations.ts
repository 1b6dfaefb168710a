// The distinct task-function locations of a recorded run (the run file's `taskLocations`), each
// given an index once, for the per-task `location` column (common/runFile.ts). One table per run:
// a point recomputed after each repeat finds the same indices again.
import type { Location } from '../../common/runFile';

export class TaskLocations {
  readonly list: Location[] = [];
  private readonly byKey = new Map<string, number>();

  indexOf(location: Location): number {
    const key = `${location.file}:${location.line}:${location.column ?? ''}`;
    let i = this.byKey.get(key);
    if (i === undefined) {
      i = this.list.push(location) - 1;
      this.byKey.set(key, i);
    }
    return i;
  }
}
