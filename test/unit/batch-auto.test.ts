// `--batch auto` (docs/decisions/engine.md, "Batch auto"): the option takes a whole number or `auto`
// on every surface, a bad value gets one message naming `batch`, and the rule that picks the batch
// (server/analysis/batchChoice.ts) keeps hand-over small without creating a tail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOptionText, RunOverrides, WorkloadOptions } from '../../common/runOptions';
import { StartRunParams } from '../../common/lsp';
import { Point, PointBatch } from '../../common/runFile';
import { autoBatchReason, batchText, batchUsed } from '../../common/pointBatch';
import { resolveConfig } from '../../server/engine/config';
import { ConfigError } from '../../server/engine/errors';
import { effectiveOverrides, parseSettings } from '../../server/lsp/settings';
import { AUTO_HANDOVER_SHARE, chooseBatch, MAX_BATCH, MIN_DISPATCHES_PER_WORKER } from '../../server/analysis/batchChoice';
import { autoBatchOf, measureHandOver } from '../../server/engine/autoBatch';
import { createTable } from '../../server/worker/taskTable';

test('batch takes a whole number or auto in the workload, the flags, the settings and the run request', () => {
  assert.deepEqual(parseOptionText('batch', 'auto'), { value: 'auto' });
  assert.deepEqual(parseOptionText('batch', ' 64 '), { value: 64 });
  for (const bad of ['0', '-1', '1.5', 'Auto', 'automatic', '']) assert.deepEqual(parseOptionText('batch', bad), { error: 'expected a whole number ≥ 1 or auto' }, bad);
  assert.equal(resolveConfig({ batch: 'auto' }, undefined).batch, 'auto');
  assert.equal(resolveConfig({ batch: 'auto' }, { batch: 8 }).batch, 8);
  assert.equal(resolveConfig(undefined, undefined).batch, 1, 'auto is not the default (docs/decisions/engine.md, "Batch auto")');
  assert.ok(WorkloadOptions.safeParse({ batch: 'auto' }).success);
  assert.ok(RunOverrides.safeParse({ batch: 'auto' }).success);
  assert.ok(StartRunParams.safeParse({ workload: '/w.workload.js', overrides: { batch: 'auto' } }).success);
  assert.ok(!StartRunParams.safeParse({ workload: '/w.workload.js', overrides: { batch: 'max' } }).success);
  assert.deepEqual(effectiveOverrides(parseSettings({ batch: 'auto' }, () => assert.fail()), {}), { batch: 'auto' });
  const problems: string[] = [];
  parseSettings({ batch: 'max' }, (p) => problems.push(p));
  assert.equal(problems.length, 1);
  assert.match(problems[0], /^setting scalescope\.batch\b/);
  assert.throws(() => resolveConfig({ batch: 'max' as never }, undefined), (e: unknown) => e instanceof ConfigError && /batch/.test(e.message) && !e.message.includes('; '));
});

test('auto picks the smallest power of two that keeps hand-over ≤ 2% of a claim, capped for load balance', () => {
  // Coarse tasks: hand-over already a small share.
  assert.equal(chooseBatch({ handOverMs: 0.01, taskMs: 5, tasks: 1000, workers: 2 }).size, 1);
  // Tiny tasks: 8 µs hand-over vs 5 µs of work needs b ≥ 78.4 → 128.
  const fine = chooseBatch({ handOverMs: 0.008, taskMs: 0.005, tasks: 20_000, workers: 2 });
  assert.equal(fine.size, 128);
  assert.ok(fine.share <= AUTO_HANDOVER_SHARE && chooseBatch({ handOverMs: 0.008, taskMs: 0.005 * 2, tasks: 20_000, workers: 2 }).size === 64);
  assert.equal(fine.maxSize, 1024, 'floor to a power of two of 20 000 / (2 · 8)');
  // Few tasks: the cap wins, and says so.
  const capped = chooseBatch({ handOverMs: 0.1, taskMs: 0.005, tasks: 400, workers: 4 });
  assert.equal(capped.size, 8);
  assert.ok(400 / (4 * capped.size) >= MIN_DISPATCHES_PER_WORKER);
  assert.match(capped.reason, /capped/);
  assert.equal(chooseBatch({ handOverMs: 0.1, taskMs: 0.005, tasks: 10, workers: 4 }).size, 1);
  assert.ok(chooseBatch({ handOverMs: 10, taskMs: 0, tasks: 1e7, workers: 1 }).size <= MAX_BATCH);
  // Nothing measured (every task failed): batch 1.
  assert.equal(chooseBatch({ handOverMs: NaN, taskMs: NaN, tasks: 1000, workers: 2 }).size, 1);
  assert.equal(chooseBatch({ handOverMs: 0, taskMs: 0, tasks: 1000, workers: 2 }).size, 1);
});

test('the hand-over is what a claim costs beyond the gap inside one; the task time the mean of those that succeeded', () => {
  const rows = 6;
  const table = createTable(rows);
  // Claims of two. worker 0: [0,1] [1.1,2.1] | [2.6,3.6]; worker 1: [0,2] [2.1,4.1] (failed) | [4.8,5.8].
  const put = (row: number, worker: number, start: number, end: number, ok: number, claimStart: boolean): void => {
    table.worker[row] = worker; table.start[row] = start; table.end[row] = end; table.ok[row] = ok;
    if (claimStart) table.recvAt[row] = start;
  };
  put(0, 0, 0, 1, 1, true); put(1, 1, 0, 2, 1, true); put(2, 0, 1.1, 2.1, 1, false); put(3, 1, 2.1, 4.1, 0, false); put(4, 0, 2.6, 3.6, 1, true); put(5, 1, 4.8, 5.8, 1, true);
  const m = measureHandOver(table, rows);
  const near = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;
  assert.ok(near(m.boundaryMs, 0.6), String(m.boundaryMs)); // 0.5 and 0.7
  assert.ok(near(m.withinMs, 0.1), String(m.withinMs));
  assert.ok(near(m.taskMs, (1 + 2 + 1 + 1 + 1) / 5), String(m.taskMs)); // the failed task's 2 ms left out
  const b = autoBatchOf(table, rows, 1, 2, false);
  assert.ok(near(b.handOverMs!, 0.5) && near(b.taskGapMs!, 0.1) && b.probeBatch === 2 && b.mode === 'auto', JSON.stringify(b));
});

test('pulled: a boundary where the worker returned to its event loop (every 64 tasks or 10 ms) is not hand-over', () => {
  // One worker, claims of two 6 ms tasks, 0.01 ms inside a claim, 0.3 ms at each boundary: every
  // boundary comes ≥ 10 ms after the last return to the event loop, so the pull loop yielded there.
  const rows = 6;
  const table = createTable(rows);
  let t = 0;
  for (let row = 0; row < rows; row++) {
    t += row === 0 ? 0 : row % 2 === 0 ? 0.3 : 0.01;
    table.worker[row] = 0; table.start[row] = t; table.end[row] = t + 6; table.ok[row] = 1;
    if (row % 2 === 0) table.recvAt[row] = t;
    t += 6;
  }
  const pulled = autoBatchOf(table, rows, 1, 2, true);
  assert.equal(pulled.handOverMs, 0, JSON.stringify(pulled));
  assert.equal(pulled.size, 1);
  // By message every boundary is a round trip through the engine, and counts.
  const message = measureHandOver(table, rows, false);
  assert.ok(Math.abs(message.boundaryMs - 0.3) < 1e-9 && Math.abs(message.withinMs - 0.01) < 1e-9, JSON.stringify(message));
});

test('a point records the batch it ran at; runs made before auto read as their config', () => {
  const auto: PointBatch = { mode: 'auto', size: 64, probeBatch: 8, handOverMs: 0.008, taskGapMs: 0.004, taskMs: 0.005, maxSize: 1024, reason: "the smallest power of two that keeps hand-over ≤ 2% of a claim's time" };
  assert.ok(PointBatch.safeParse(auto).success);
  assert.ok(!PointBatch.safeParse({ mode: 'auto', size: 0 }).success);
  assert.ok(Point.shape.batch.safeParse(undefined).success, 'optional: older run files still validate');
  assert.equal(batchUsed({ batch: 'auto' }, { batch: auto }), 64);
  assert.equal(batchUsed({ batch: 8 }, {}), 8);
  assert.equal(batchUsed({ batch: 'auto' }, {}), 1);
  assert.equal(batchText({ batch: 'auto' }, [{ workers: 1, batch: auto }, { workers: 2, batch: { ...auto, size: 128 } }]), 'batch auto (1 w: 64, 2 w: 128)');
  assert.equal(batchText({ batch: 4 }, [{ workers: 1, batch: { mode: 'fixed', size: 4 } }]), 'batch 4');
  assert.match(autoBatchReason(auto)!, /^batch 64: hand-over 8 µs per claim \(beyond 4 µs between any two tasks\) vs 5 µs per task, one warm-up repeat at batch 8 .*; the smallest power of two/);
  assert.equal(autoBatchReason({ mode: 'fixed', size: 4 }), null);
});
