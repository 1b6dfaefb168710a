// Level-of-detail aggregation and lane building of the Timeline, without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addInterval, buildPyramid, coverageFromPyramid, coverageFromTasks, emptyCoverage, laneView, pyramidFor } from '../../webview/timeline/lod';
import { buildLanes, gatherLaneColumns, repeatsOf, taskAt, firstEndingAfter, lastStartingBefore, type Lane } from '../../webview/timeline/lanes';
import { syntheticRun } from '../fixtures/syntheticRun';
import { firstSampleAfter, heatRow } from '../../webview/timeline/drawHeatmap';

const sum = (a: Float32Array): number => a.reduce((s, v) => s + v, 0);

function lane(tasks: [number, number, number?, number?, boolean?][]): Lane {
  return {
    worker: 0, row: Uint32Array.from(tasks.map((_, i) => i)), start: Float64Array.from(tasks, (t) => t[0]), end: Float64Array.from(tasks, (t) => t[1]),
    cols: {
      submitMs: tasks.map((t) => t[0]), queueMs: tasks.map(() => 0), lockWaitMs: tasks.map((t) => t[2] ?? 0), gcMs: tasks.map((t) => t[3] ?? 0),
      ok: tasks.map((t) => (t[4] ? 0 : 1)),
    },
    at: null, // cols in lane order
  };
}

/** A lane of n back-to-back tasks of varying length with 10% lock wait and 5% GC. */
function denseLane(n: number): Lane {
  const spans: [number, number, number, number][] = [];
  let t = 0;
  for (let i = 0; i < n; i++) { const d = 0.5 + (i % 7) * 0.25; spans.push([t, t + d, d * 0.1, d * 0.05]); t += d + (i % 5 === 0 ? 0.3 : 0); }
  return lane(spans);
}

test('addInterval spreads an interval over bins by overlap', () => {
  const out = new Float32Array(4); // bins of 10 ms over [0, 40]
  addInterval(out, 0, 40, 5, 25, 1);
  assert.deepEqual(Array.from(out), [0.5, 1, 0.5, 0]);
  addInterval(out, 0, 40, 31, 33, 0.5); // inside one bin
  assert.ok(Math.abs(out[3] - 0.1) < 1e-6);
  addInterval(out, 0, 40, -10, -5, 1); // outside: nothing
  addInterval(out, 0, 40, 45, 50, 1);
  assert.ok(Math.abs(sum(out) - 2.1) < 1e-6);
});

test('coverage splits a task into running, lock-wait and GC shares', () => {
  const cov = emptyCoverage(1);
  coverageFromTasks(lane([[0, 10, 2, 1]]), 0, 1, 0, 10, cov);
  assert.ok(Math.abs(cov.run[0] - 0.7) < 1e-6);
  assert.ok(Math.abs(cov.lock[0] - 0.2) < 1e-6);
  assert.ok(Math.abs(cov.gc[0] - 0.1) < 1e-6);
  const failed = emptyCoverage(2);
  coverageFromTasks(lane([[0, 5, 0, 0, true]]), 0, 1, 0, 10, failed);
  assert.deepEqual(Array.from(failed.failed), [1, 0]);
  assert.equal(sum(failed.run), 0);
});

test('coverage conserves busy time: Σ coverage × bin width = busy time in range', () => {
  const l = denseLane(5000);
  const t1 = l.end[l.end.length - 1];
  const bins = 777;
  const cov = emptyCoverage(bins);
  coverageFromTasks(l, 0, l.start.length, 0, t1, cov);
  let busy = 0;
  for (let i = 0; i < l.start.length; i++) busy += l.end[i] - l.start[i];
  const measured = (sum(cov.run) + sum(cov.lock) + sum(cov.gc)) * (t1 / bins);
  assert.ok(Math.abs(measured - busy) / busy < 1e-4, `${measured} vs ${busy}`);
});

test('the pyramid gives the same coverage as the tasks, at any zoom coarser than its bins', () => {
  const l = denseLane(20_000);
  const t1 = l.end[l.end.length - 1];
  const p = buildPyramid(l, 0, t1, 1 << 14);
  for (const [v0, v1, bins] of [[0, t1, 800], [t1 * 0.2, t1 * 0.7, 1000], [t1 * 0.4, t1 * 0.41, 100]] as const) {
    const exact = emptyCoverage(bins), fast = emptyCoverage(bins);
    const i0 = firstEndingAfter(l, v0), i1 = lastStartingBefore(l, v1);
    coverageFromTasks(l, i0, i1, v0, v1, exact);
    assert.equal(coverageFromPyramid(p, v0, v1, fast), true);
    // Totals agree closely; per pixel within the resampling error of one bin.
    const te = sum(exact.run) + sum(exact.lock), tf = sum(fast.run) + sum(fast.lock);
    assert.ok(Math.abs(te - tf) / te < 0.01, `total ${tf} vs ${te} over [${v0}, ${v1}]`);
    let worst = 0;
    for (let i = 0; i < bins; i++) worst = Math.max(worst, Math.abs(exact.run[i] - fast.run[i]));
    assert.ok(worst < 0.6, `per-pixel error ${worst}`);
  }
  // Finer than the base bins: the pyramid declines and exact coverage is used instead.
  assert.equal(coverageFromPyramid(p, 0, t1 / 1e5, emptyCoverage(1000)), false);
});

test('laneView draws bars when tasks are few, aggregates when they are many', () => {
  const l = denseLane(50_000);
  const t1 = l.end[l.end.length - 1];
  const p = pyramidFor(l, 0, t1);
  assert.ok(p, 'a dense lane gets a pyramid');
  const all = laneView(l, p, 0, t1, 1000);
  assert.equal(all.mode, 'aggregated');
  assert.equal(all.i1 - all.i0, 50_000);
  const zoomed = laneView(l, p, 100, 130, 1000);
  assert.equal(zoomed.mode, 'bars');
  assert.ok(zoomed.i1 - zoomed.i0 < 60 && zoomed.i1 - zoomed.i0 > 10);
  assert.ok(l.end[zoomed.i0] >= 100 && l.start[zoomed.i1 - 1] <= 130);
  assert.equal(pyramidFor(denseLane(100), 0, 100), null);
});

test('buildLanes: one lane per worker slot, tasks of the chosen repeat in start order', () => {
  const run = syntheticRun({ workers: [4], tasks: 300, repeat: 2 });
  const point = run.points[0];
  assert.deepEqual(repeatsOf(point), [0, 1]);
  const set = buildLanes(point, 1);
  assert.equal(set.lanes.length, 4);
  assert.equal(set.tasks, 300);
  for (const l of set.lanes) {
    for (let k = 0; k < l.row.length; k++) {
      assert.equal(point.tasks.repeat[l.row[k]], 1);
      assert.equal(point.tasks.worker[l.row[k]], l.worker);
      if (k) assert.ok(l.start[k] >= l.start[k - 1]);
    }
  }
  assert.ok(set.t1 >= Math.max(...point.tasks.endMs.filter((_, i) => point.tasks.repeat[i] === 1)));
});

test('gatherLaneColumns: a lane reads the same queue, lock wait, GC and ok in lane order, and draws the same coverage', () => {
  const run = syntheticRun({ workers: [3], tasks: 400, repeat: 2, failures: 7 });
  const point = run.points[0];
  const set = buildLanes(point, 1);
  for (const l of set.lanes) {
    assert.equal(l.at, l.row, 'built reading the point\'s columns through its rows');
    const before = emptyCoverage(97), after = emptyCoverage(97);
    coverageFromTasks(l, 0, l.start.length, set.t0, set.t1, before);
    const view = laneView(l, null, set.t0, set.t1, 50);
    gatherLaneColumns(l);
    assert.equal(l.at, null);
    for (let k = 0; k < l.row.length; k++) {
      const r = l.row[k];
      assert.equal(l.cols.submitMs[k], point.tasks.submitMs[r]);
      assert.equal(l.cols.queueMs[k], point.tasks.queueMs[r]);
      assert.equal(l.cols.lockWaitMs[k], point.tasks.lockWaitMs[r]);
      assert.equal(l.cols.gcMs[k], point.tasks.gcMs[r]);
      assert.equal(Boolean(l.cols.ok[k]), Boolean(point.tasks.ok[r]));
    }
    coverageFromTasks(l, 0, l.start.length, set.t0, set.t1, after);
    assert.deepEqual(after, before);
    assert.deepEqual(laneView(l, null, set.t0, set.t1, 50), view);
    const cols = l.cols;
    gatherLaneColumns(l); // once
    assert.equal(l.cols, cols);
  }
  assert.ok(point.tasks.ok.some((v) => !v), 'the run has failed tasks');
});

test('buildLanes sorts records that arrive out of order and keeps idle slots', () => {
  const run = syntheticRun({ workers: [2], tasks: 10, repeat: 1, failures: 0 });
  const point = structuredClone(run.points[0]);
  point.workers = 3; // slot 2 never ran a task
  for (const key of Object.keys(point.tasks) as (keyof typeof point.tasks)[]) (point.tasks[key] as unknown[]).reverse();
  const set = buildLanes(point, 0);
  assert.equal(set.lanes.length, 3);
  assert.equal(set.lanes[2].row.length, 0);
  for (const l of set.lanes) for (let k = 1; k < l.start.length; k++) assert.ok(l.start[k] >= l.start[k - 1]);
});

test('taskAt finds the task under a time, within tolerance, and nothing in a gap', () => {
  const l = lane([[0, 10], [20, 30], [30, 35]]);
  assert.equal(taskAt(l, 5, 0.1), 0);
  assert.equal(taskAt(l, 25, 0.1), 1);
  assert.equal(taskAt(l, 32, 0.1), 2);
  assert.equal(taskAt(l, 15, 1), -1);
  assert.equal(taskAt(l, 10.5, 1), 0);
  assert.equal(taskAt(l, 50, 1), -1);
});

test('heat-map rows: mean utilisation of the samples under each pixel column, gaps stay empty', () => {
  const series = { repeat: 0, timesMs: [10, 20, 30, 40], busy: [[0.2, 0.4, 1, 0]], source: 'proc-stat' as const };
  assert.equal(firstSampleAfter(series.timesMs, 15), 1);
  assert.equal(firstSampleAfter(series.timesMs, 40), 4);
  // Two columns over [0, 40]: samples (0,10] and (10,20] in the first, (20,30] and (30,40] in the second.
  const two = heatRow(series, 0, 0, 40, 2, 10);
  assert.ok(Math.abs(two[0] - 0.3) < 1e-6 && Math.abs(two[1] - 0.5) < 1e-6, `${Array.from(two)}`);
  // Zoomed into (20, 30]: every column is that sample; beyond the last sample, nothing.
  assert.deepEqual(Array.from(heatRow(series, 0, 21, 29, 4, 10)), [1, 1, 1, 1]);
  assert.ok(heatRow(series, 0, 50, 60, 3, 10).every(Number.isNaN));
});
