// The report decodes the task columns the Timeline draws from first and the rest (its tooltip's)
// after the first frame (webview/deferredTasks.ts): LANE_COLUMNS must name every column that lanes,
// repeats and host groups read, or the first frame would read a column that is not there yet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LANE_COLUMNS, buildLanes, gatherLaneColumns, repeatsOf } from '../../webview/timeline/lanes';
import { groupLanesByHost } from '../../webview/timeline/hostGroups';
import { columnGroups } from '../../webview/deferredTasks';
import { TASK_COLUMN_KIND, type Point } from '../../common/runFile';
import { fleetRun } from '../fixtures/fleetRun';
import { syntheticRun } from '../fixtures/syntheticRun';

/** The point with its columns behind a guard that throws on any column outside LANE_COLUMNS. */
function laneColumnsOnly(point: Point): Point {
  const read = new Set<string>();
  const tasks = new Proxy(point.tasks, {
    get(target, key, receiver) {
      if (typeof key === 'string' && key in TASK_COLUMN_KIND && !(LANE_COLUMNS as readonly string[]).includes(key)) throw new Error(`the first frame read ${key}, which is not in LANE_COLUMNS`);
      if (typeof key === 'string') read.add(key);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { ...point, tasks };
}

test('the Timeline draws from LANE_COLUMNS alone: lanes, repeats, host groups, gathered lane columns (a fleet run)', () => {
  const fleet = fleetRun({
    hosts: [{ name: 'alpha', slots: 2 }, { name: 'beta', slots: 1 }],
    workers: [1, 3], durations: () => Array.from({ length: 30 }, (_, i) => 2 + (i % 3)), repeat: 2, policy: 'spread',
  });
  for (const run of [fleet, syntheticRun({ workers: [1, 4], tasks: 50, repeat: 2 })]) {
    for (const plain of run.points) {
      const point = laneColumnsOnly(plain as unknown as Point);
      for (const repeat of repeatsOf(point)) {
        const set = buildLanes(point, repeat);
        assert.ok(set.tasks > 0);
        groupLanesByHost(set, point, run.hosts);
        for (const lane of set.lanes) gatherLaneColumns(lane); // after the first frame, from the same columns
      }
    }
  }
});

test('columnGroups: the lane columns first, every other column after, none twice', () => {
  const [first, rest] = columnGroups(TASK_COLUMN_KIND);
  assert.deepEqual(Object.keys(first).sort(), [...LANE_COLUMNS].sort());
  assert.deepEqual([...Object.keys(first), ...Object.keys(rest)].sort(), Object.keys(TASK_COLUMN_KIND).sort());
  assert.ok(Object.keys(rest).includes('cpuMs') && Object.keys(rest).includes('coreStart'), 'the tooltip\'s columns come after');
});
