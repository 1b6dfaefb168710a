// The shared-memory queue (server/worker/taskQueue.ts) under worker replacement: workers that die
// holding claimed rows lose no index and run none twice; every fault keeps its cause, on the pull
// path and on the message path it falls back to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, sweep } from './helpers';
import { DISPATCH_ENV } from '../../server/engine/sharedQueue';

const DEAD = { 3: 'exit', 20: 'exit', 21: 'exit', 77: 'oom', 99: 'error' } as Record<number, string>;

for (const dispatch of ['shared-queue', 'message'] as const) {
  for (const batch of [1, 8]) {
    test(`${dispatch}, batch ${batch}: workers dying mid-queue lose no index and run none twice`, async () => {
      const before = process.env[DISPATCH_ENV];
      if (dispatch === 'message') process.env[DISPATCH_ENV] = 'message'; else delete process.env[DISPATCH_ENV];
      try {
        const { run } = await sweep(fixture('dies-mid-queue.workload.js'), { batch });
        const point = run.points[0];
        assert.equal(point.dispatch?.kind, dispatch);
        const t = point.tasks;
        for (const repeat of [0, 1]) {
          const seen = new Map<number, number>();
          for (let k = 0; k < t.index.length; k++) if (t.repeat[k] === repeat) seen.set(t.index[k], (seen.get(t.index[k]) ?? 0) + 1);
          const counts = Array.from({ length: 160 }, (_, i) => seen.get(i) ?? 0);
          assert.deepEqual(counts.map((c, i) => [i, c]).filter(([, c]) => c !== 1), [], `repeat ${repeat}: every index once`);
          for (let k = 0; k < t.index.length; k++) {
            if (t.repeat[k] !== repeat) continue;
            assert.equal(Boolean(t.ok[k]), !(t.index[k] in DEAD), `repeat ${repeat}, task ${t.index[k]} ok`);
            assert.ok(t.worker[k] === 0 || t.worker[k] === 1, 'replacements take over the slots');
          }
          const failed = run.failures.filter((f) => f.repeat === repeat).map((f) => [f.taskIndex, f.cause]).sort((a, b) => Number(a[0]) - Number(b[0]));
          assert.deepEqual(failed, Object.entries(DEAD).map(([i, c]) => [Number(i), c]), `repeat ${repeat}: each fault once, with its cause`);
        }
        assert.equal(point.workerStats.filter((s) => s.repeat === 1).reduce((sum, s) => sum + s.replaced, 0), 8, '4 deaths per repeat, counted over both repeats');
      } finally {
        if (before === undefined) delete process.env[DISPATCH_ENV]; else process.env[DISPATCH_ENV] = before;
      }
    });
  }
}

test('setup() that throws: pulling falls back to message dispatch, which fails every task once with the error, and the point says so', async () => {
  const { run } = await sweep(fixture('setup-throws.workload.js'));
  const point = run.points[0];
  assert.equal(point.dispatch?.kind, 'message');
  assert.match(point.dispatch?.reason ?? '', /a worker failed outside any task \(setup refuses\)/);
  assert.deepEqual(run.failures.map((f) => f.taskIndex).sort(), [0, 1, 2, 3, 4, 5]);
  assert.ok(run.failures.every((f) => f.cause === 'error' && f.message === 'setup refuses'));
});
