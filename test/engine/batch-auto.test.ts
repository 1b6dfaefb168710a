// `--batch auto` on real pools (docs/decisions/engine.md, "Batch auto"): tiny tasks get a batch > 1,
// coarse ones 1 or a small one; the point records the choice and the figures behind it, the saved
// run validates, and no task is lost or run twice. No timing is asserted: the choice is checked
// against the figures the run recorded, and the bounds are wide enough for a loaded 2-core machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, savedRun, sweep } from './helpers';
import { DISPATCH_ENV } from '../../server/engine/sharedQueue';
import { chooseBatch, probeBatchFor } from '../../server/analysis/batchChoice';
import type { Point, RunFile } from '../../common/runFile';

async function withDispatch<T>(dispatch: 'message' | 'pull', fn: () => Promise<T>): Promise<T> {
  const before = process.env[DISPATCH_ENV];
  if (dispatch === 'message') process.env[DISPATCH_ENV] = 'message'; else delete process.env[DISPATCH_ENV];
  try { return await fn(); } finally { if (before === undefined) delete process.env[DISPATCH_ENV]; else process.env[DISPATCH_ENV] = before; }
}

/** Every input once per measured repeat, and the repeat cut into claims of the recorded size. */
function assertEveryTaskOnce(point: Point, inputs: number, repeats: number): void {
  const t = point.tasks;
  const size = point.batch!.size;
  for (let repeat = 0; repeat < repeats; repeat++) {
    const seen = new Uint32Array(inputs);
    const perDispatch = new Map<number, number>();
    for (let k = 0; k < t.index.length; k++) {
      if (t.repeat[k] !== repeat) continue;
      seen[t.index[k]]++;
      assert.ok(t.ok[k], `repeat ${repeat}, task ${t.index[k]} ok`);
      perDispatch.set(t.dispatch[k], (perDispatch.get(t.dispatch[k]) ?? 0) + 1);
    }
    assert.deepEqual([...seen.entries()].filter(([, c]) => c !== 1), [], `${point.workers} w, repeat ${repeat}: every index once`);
    assert.equal(perDispatch.size, Math.ceil(inputs / size), `${point.workers} w, repeat ${repeat}: claims of ${size}`);
    assert.ok([...perDispatch.values()].every((c) => c <= size));
  }
}

/** The recorded figures justify the recorded size (the rule, server/analysis/batchChoice.ts). */
function assertJustified(run: RunFile, point: Point, inputs: number): void {
  const b = point.batch!;
  assert.equal(b.mode, 'auto');
  assert.ok(b.handOverMs !== undefined && b.taskMs !== undefined && b.taskMs > 0, 'the figures are recorded');
  assert.equal(b.probeBatch, probeBatchFor(inputs, point.workers), 'measured at the probe batch');
  assert.equal(b.taskGapMs !== undefined, b.probeBatch! > 1, 'the gap inside a claim, where a claim holds more than one task');
  const again = chooseBatch({ handOverMs: b.handOverMs, taskMs: b.taskMs, tasks: inputs, workers: point.workers });
  assert.equal(b.size, again.size, `${point.workers} w: ${JSON.stringify(b)}`);
  assert.equal(b.maxSize, again.maxSize);
  assert.equal(run.config.batch, 'auto');
}

for (const dispatch of ['pull', 'message'] as const) {
  test(`${dispatch}: auto picks the batch of tiny tasks from what it measured (> 1 by message), records why, and runs every task once`, async () => {
    const { run, file } = await withDispatch(dispatch, () => sweep(fixture('tiny-tasks.workload.js'), { workers: [1, 2], repeat: 2, warmup: 1, batch: 'auto' }));
    const saved = savedRun(file);
    for (const point of saved.points) {
      console.log(`${dispatch}, tiny tasks, ${point.workers} w: ${JSON.stringify(point.batch)}`);
      assert.equal(point.dispatch?.kind, dispatch === 'pull' ? 'shared-queue' : 'message');
      assertJustified(saved, point, 3000);
      // A message round trip (tens of µs and more) is far past 2% of a task of a few µs. A pulled claim
      // (an Atomics.add and a record, ≈ 1–2 µs beyond the per-task gap) is too, on a quiet machine; a
      // busy one inflates the tasks and may make it ≤ 2%, which assertJustified then holds to batch 1.
      if (dispatch === 'message') assert.ok(point.batch!.size > 1, `${point.workers} w: ${JSON.stringify(point.batch)}`);
      assert.ok(point.batch!.size <= 3000 / (point.workers * 8), 'every worker keeps ≥ 8 claims');
      assertEveryTaskOnce(point, 3000, 2);
    }
    assert.deepEqual(run.points.map((p) => p.batch?.size), saved.points.map((p) => p.batch?.size));
  });
}

test('pull: auto leaves coarse (2 ms) tasks at batch 1 or a small batch', async () => {
  const { file } = await sweep(fixture('independent-2ms.workload.js'), { workers: [2], repeat: 1, warmup: 1, batch: 'auto' });
  const saved = savedRun(file);
  const point = saved.points[0];
  console.log(`pull, 2 ms tasks, 2 w: ${JSON.stringify(point.batch)}`);
  assertJustified(saved, point, 200);
  // A pulled hand-over is microseconds against milliseconds of work: batch 1 on a quiet machine;
  // a busy one may stretch the median gap, never to the size of a task.
  assert.ok(point.batch!.size <= 4, JSON.stringify(point.batch));
  assertEveryTaskOnce(point, 200, 1);
});

test('auto with no warm-up has nothing to measure before timing: batch 1, and the point says so', async () => {
  const { file } = await sweep(fixture('tiny-tasks.workload.js'), { workers: [2], repeat: 1, warmup: 0, batch: 'auto' });
  const point = savedRun(file).points[0];
  assert.deepEqual(point.batch, { mode: 'auto', size: 1, reason: 'no warm-up repeat to measure (warmup 0): batch 1' });
  assertEveryTaskOnce(point, 3000, 1);
});

test('a fixed batch is recorded as such', async () => {
  const { file } = await sweep(fixture('tiny-tasks.workload.js'), { workers: [2], repeat: 1, warmup: 0, batch: 64 });
  const point = savedRun(file).points[0];
  assert.deepEqual(point.batch, { mode: 'fixed', size: 64 });
  assertEveryTaskOnce(point, 3000, 1);
});
