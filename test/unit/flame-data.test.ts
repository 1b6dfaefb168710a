// The Flame view's data layer (webview/charts/flameData.ts), without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFlame } from '../../common/flame';
import { ancestorAt, flameLayout, frameInflation, inflationColor, intervalAt, lanesOf, NEUTRAL_COLOR, pointNodesToFrames, searchFrames } from '../../webview/charts/flameData';
import { flameRun } from './flame-fixture';

const run = flameRun();
const flame = analyzeFlame(run)!;
const at4 = run.points.find((p) => p.workers === 4)!.flame!;

void test('the partition spans [0, 1] by time per task and nests children inside parents', () => {
  const root = flameLayout(flame, 4)!;
  assert.equal(root.x0, 0);
  assert.ok(Math.abs(root.x1 - 1) < 1e-9);
  for (const d of root.descendants()) {
    if (d.parent) assert.ok(d.x0 >= d.parent.x0 - 1e-12 && d.x1 <= d.parent.x1 + 1e-12 && d.depth === d.parent.depth + 1);
  }
  const tally = root.descendants().find((d) => d.data.frame.name === 'tally')!;
  const compute = root.descendants().find((d) => d.data.frame.name === 'compute')!;
  assert.ok(Math.abs((tally.x1 - tally.x0) / (compute.x1 - compute.x0) - 2.64 / 1.2) < 1e-6);
});

void test('colours: red above 1, blue below, neutral grey without a base', () => {
  const [r, , b] = inflationColor(2).match(/\d+/g)!.map(Number);
  assert.ok(r > b);
  const [r2, , b2] = inflationColor(0.5).match(/\d+/g)!.map(Number);
  assert.ok(b2 > r2);
  assert.equal(inflationColor(null), NEUTRAL_COLOR);
  assert.equal(inflationColor(3), inflationColor(30), 'saturates at ×3');
  const task = flame.frames.find((f) => f.name === 'task')!;
  // task has almost no self time: coloured by its total (which includes tally).
  assert.equal(frameInflation(task, 4), task.byWorkers.find((c) => c.workers === 4)!.inflation);
});

void test('search is case-insensitive over names and files', () => {
  assert.deepEqual([...searchFrames(flame, 'TALLY')].map((id) => flame.frames[id].name), ['tally']);
  assert.equal(searchFrames(flame, 'synthetic.workload').size, 3);
  assert.equal(searchFrames(flame, '  ').size, 0);
});

void test('lanes: point nodes map to merged frames by call path; intervals and ancestors are found', () => {
  const frames = pointNodesToFrames(at4, flame);
  for (const n of at4.nodes) {
    const f = frames.get(n.id);
    if (n.name === 'tiny') assert.equal(f?.name, 'task', 'a pruned node takes its kept ancestor');
    else assert.equal(f?.name, n.name);
  }
  const { lanes, depth, maxDepth, t1 } = lanesOf(at4, 0);
  assert.equal(lanes.length, 4);
  assert.equal(maxDepth, 3);
  assert.ok(Math.abs(t1 - 10 * (1.2 + 2.64)) < 1e-9);
  const lane = lanes[0];
  const i = intervalAt(lane, 2.5);
  assert.equal(at4.nodes[lane.node[i]].name, 'tally');
  assert.equal(intervalAt(lane, -1), -1);
  assert.equal(intervalAt(lane, t1 + 1), -1);
  assert.equal(at4.nodes[ancestorAt(at4, depth, lane.node[i], 1)].name, 'runTask');
  assert.equal(at4.nodes[ancestorAt(at4, depth, lane.node[i], 2)].name, 'task');
  assert.equal(ancestorAt(at4, depth, lane.node[i], 4), -1);
  assert.deepEqual(lanesOf(at4, 7).lanes, []);
});
