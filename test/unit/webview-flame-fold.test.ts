// Scalescope's own worker frames (minified, between onMessage and the user's task) fold into one
// "Scalescope worker" frame, or hide; the Flame summary names what the colours show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlameAnalysis, FlameFrame } from '../../common/runFile';
import { foldOwnFrames, ownFrameIds, OWN_FRAME_LABEL } from '../../webview/charts/flameFold';
import { inflatedFrames } from '../../webview/views/flameView';

const costs = (self1: number, total1: number, self2: number, total2: number): FlameFrame['byWorkers'] => [
  { workers: 1, selfMsPerTask: self1, totalMsPerTask: total1, inflation: 1, selfInflation: self1 > 0 ? 1 : null },
  { workers: 2, selfMsPerTask: self2, totalMsPerTask: total2, inflation: total1 > 0 ? total2 / total1 : null, selfInflation: self1 > 0 ? self2 / self1 : null },
];
const f = (id: number, parent: number, name: string, file: string | null, c: FlameFrame['byWorkers']): FlameFrame => ({ id, parent, name, file, line: file ? 1 : null, byWorkers: c });

// (root) → onMessage → Te → V → J → task(user) → compute(user); (root) → (garbage collector)
const flame: FlameAnalysis = {
  baseWorkers: 1, workers: [1, 2], frames: [
    f(0, -1, '(root)', null, costs(0, 10, 0, 17)),
    f(1, 0, 'onMessage', null, costs(0.1, 8, 0.1, 10)),
    f(2, 1, 'Te', null, costs(0.2, 7.9, 0.2, 9.9)),
    f(3, 2, 'V', null, costs(0.1, 7.7, 0.1, 9.7)),
    f(4, 3, 'J', null, costs(0.1, 7.6, 0.1, 9.6)),
    f(5, 4, 'task', '/w/a.ts', costs(0.5, 7.5, 0.5, 9.5)),
    f(6, 5, 'compute', '/w/a.ts', costs(7, 7, 9, 9)),
    f(7, 0, '(garbage collector)', null, costs(2, 2, 7, 7)),
  ],
};

test('own frames: no file, below onMessage, above user code (not GC, not onMessage)', () => {
  assert.deepEqual([...ownFrameIds(flame.frames)].sort(), [2, 3, 4]);
});

test('fold: one "Scalescope worker" frame with their self time, the task below it', () => {
  const folded = foldOwnFrames(flame, 'fold');
  assert.deepEqual(folded.frames.map((x) => x.name), ['(root)', 'onMessage', OWN_FRAME_LABEL, 'task', 'compute', '(garbage collector)']);
  const own = folded.frames.find((x) => x.name === OWN_FRAME_LABEL)!;
  assert.equal(folded.frames.find((x) => x.name === 'task')!.parent, own.id);
  assert.ok(Math.abs(own.byWorkers[0].selfMsPerTask - 0.4) < 1e-9);
  assert.equal(own.byWorkers[0].totalMsPerTask, 7.9);
});

test('hide: no own frame, their time in onMessage, the task right below it', () => {
  const hidden = foldOwnFrames(flame, 'hide');
  assert.deepEqual(hidden.frames.map((x) => x.name), ['(root)', 'onMessage', 'task', 'compute', '(garbage collector)']);
  assert.equal(hidden.frames.find((x) => x.name === 'task')!.parent, 1);
  assert.ok(Math.abs(hidden.frames[1].byWorkers[0].selfMsPerTask - 0.5) < 1e-9);
});

test('the summary names every frame drawn clearly red, GC included', () => {
  const names = inflatedFrames(flame, 2).map((x) => x.name);
  assert.equal(names[0], '(garbage collector)');
  assert.ok(!names.includes('(root)'));
});
