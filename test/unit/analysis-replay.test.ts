import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateOverheads } from '../../server/analysis/overheads';
import { summarisePoint } from '../../server/analysis/pointSummary';
import { NO_OVERHEADS, groupIntoDispatches, orderInputs, simulatePool } from '../../server/analysis/replay';
import { createReplayer, untimedMs } from '../../server/analysis/whatIf';
import { syntheticRun, uniform } from './analysis-fixtures';

const thirtyShortOneLong = [...Array.from({ length: 30 }, () => 4), 60];
const close = (a: number, b: number, tol: number, what = ''): void => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b} (±${tol})`);

void describe('pool simulation', () => {
  void it('2 workers, thirty 4 ms tasks then one of 60 ms: 120 ms in given order, 92 ms longest first', () => {
    // Given: each worker runs 15 short tasks (60 ms), then one of them runs the long one: 120.
    assert.equal(simulatePool(thirtyShortOneLong.map((d) => [d]), 2, NO_OVERHEADS).makespanMs, 120);
    // Longest first: w0 runs 60 while w1 runs 15 short ones; the other 15 split 8/7 → 60 + 32.
    const lf = orderInputs(thirtyShortOneLong.map((durationMs, index) => ({ index, durationMs })), 'longest-first');
    assert.equal(simulatePool(lf.map((x) => [x.durationMs]), 2, NO_OVERHEADS).makespanMs, 92);
  });

  void it('adds send and return latency around each dispatch', () => {
    // d0: submit 0, runs 0.5–1.5, worker free 1.75; d1: runs 2.25–3.25.
    const r = simulatePool([[1], [1]], 1, { ...NO_OVERHEADS, sendMs: 0.5, returnMs: 0.25 });
    assert.equal(r.makespanMs, 3.25);
    assert.deepEqual(r.busyMsByWorker, [2]);
    assert.equal(r.dispatches, 2);
  });

  void it('serialises hand-outs on the main thread', () => {
    // 4 idle workers, but one hand-out per ms: the 4th task starts at 3 and ends at 4.
    assert.equal(simulatePool([[1], [1], [1], [1]], 4, { ...NO_OVERHEADS, mainThreadMs: 1 }).makespanMs, 4);
  });

  void it('runs a batch back to back with the per-task gap between its tasks', () => {
    assert.equal(simulatePool([[1, 1, 1]], 2, { ...NO_OVERHEADS, taskGapMs: 0.5 }).makespanMs, 4);
  });

  void it('batching cuts the simulated makespan when per-dispatch overhead dominates', () => {
    const o = { sendMs: 0.05, returnMs: 0.05, mainThreadMs: 0.02, taskGapMs: 0.001 };
    const tasks = Array.from({ length: 4000 }, () => 0.01);
    const single = simulatePool(groupIntoDispatches(tasks, 1), 4, o).makespanMs;
    const batched = simulatePool(groupIntoDispatches(tasks, 64), 4, o).makespanMs;
    assert.ok(batched < single / 3, `${batched} vs ${single}`);
  });
});

void describe('orders and batches', () => {
  const inputs = [{ index: 2, durationMs: 5 }, { index: 0, durationMs: 5 }, { index: 1, durationMs: 9 }, { index: 3, durationMs: 1 }];
  void it('given sorts by index; longest-first by duration, ties by index', () => {
    assert.deepEqual(orderInputs(inputs, 'given').map((x) => x.index), [0, 1, 2, 3]);
    assert.deepEqual(orderInputs(inputs, 'longest-first').map((x) => x.index), [1, 0, 2, 3]);
  });
  void it('shuffle is a seeded permutation', () => {
    const many = Array.from({ length: 50 }, (_, index) => ({ index, durationMs: 1 }));
    const a = orderInputs(many, 'shuffle', 3).map((x) => x.index);
    assert.deepEqual(a, orderInputs(many, 'shuffle', 3).map((x) => x.index));
    assert.notDeepEqual(a, orderInputs(many, 'shuffle', 4).map((x) => x.index));
    assert.deepEqual([...a].sort((x, y) => x - y), many.map((x) => x.index));
  });
  void it('cuts consecutive items into batches, the last one shorter', () => {
    assert.deepEqual(groupIntoDispatches([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
    assert.deepEqual(groupIntoDispatches([], 4), []);
  });
});

void describe('overhead estimation from a measured run', () => {
  void it('recovers send, return and in-batch gap when the main thread is not the bottleneck', () => {
    const run = syntheticRun({ workers: [2], durations: uniform(200, 2), batch: 4, overheads: { sendMs: 0.05, returnMs: 0.03, mainThreadMs: 0.01, taskGapMs: 0.004 } });
    const o = estimateOverheads(run.points[0], 0);
    close(o.sendMs, 0.05, 1e-9, 'send');
    close(o.returnMs, 0.03, 1e-9, 'return');
    close(o.taskGapMs, 0.004, 1e-9, 'gap');
    assert.ok(o.mainThreadMs <= 0.05 + 0.03 + 1e-9);
  });

  void it('without batches, takes the in-batch gap from the worker\'s bookkeeping before a task', () => {
    const run = syntheticRun({ workers: [2], durations: uniform(50, 1), overheads: { sendMs: 0.05 } });
    const t = run.points[0].tasks;
    // The worker received each dispatch 0.006 ms before its task started (probes, input size).
    t.queueMs = t.queueMs.map((q) => q - 0.006);
    close(estimateOverheads(run.points[0], 0).taskGapMs, 0.006, 1e-9, 'gap');
  });

  void it('recovers the main-thread time per dispatch when hand-outs are the bottleneck', () => {
    const run = syntheticRun({ workers: [4], durations: uniform(2000, 0.01), overheads: { sendMs: 0.01, returnMs: 0.01, mainThreadMs: 0.05 } });
    close(estimateOverheads(run.points[0], 0).mainThreadMs, 0.05, 1e-9, 'main');
  });
});

void describe('calibrated what-if', () => {
  void it('predicts the measured makespan for the policy that ran', () => {
    const run = syntheticRun({ workers: [3], durations: () => thirtyShortOneLong, overheads: { sendMs: 0.2, returnMs: 0.1 } });
    const at = summarisePoint(run.points[0])!;
    close(createReplayer(run.config).predictMakespanMs(at, {}), run.points[0].makespanMs, 1e-9);
  });

  void it('predicts the makespan of a longest-first re-run (2 workers, hand-checked 120 → 92)', () => {
    const given = syntheticRun({ workers: [2], durations: () => thirtyShortOneLong });
    const rerun = syntheticRun({ workers: [2], durations: () => thirtyShortOneLong, order: 'longest-first' });
    assert.equal(given.points[0].makespanMs, 120);
    assert.equal(rerun.points[0].makespanMs, 92);
    const replay = createReplayer(given.config);
    const at = summarisePoint(given.points[0])!;
    close(replay.predictMakespanMs(at, { order: 'longest-first' }), 92, 1e-9);
    close(replay.predictGainPct(at, { order: 'longest-first' }), (28 / 120) * 100, 1e-9);
  });

  void it('predicts a batched re-run of fine tasks within 5%', () => {
    // The fixture's worker does no bookkeeping before a task, so there is no in-batch gap to learn.
    const o = { sendMs: 0.04, returnMs: 0.03, mainThreadMs: 0.015, taskGapMs: 0 };
    const fine = syntheticRun({ workers: [1, 2, 4], durations: uniform(3000, 0.02), overheads: o });
    const batched = syntheticRun({ workers: [1, 2, 4], durations: uniform(3000, 0.02), overheads: o, batch: 32 });
    const replay = createReplayer(fine.config);
    fine.points.forEach((p, i) => {
      const predicted = replay.predictMakespanMs(summarisePoint(p)!, { batch: 32 });
      const measured = batched.points[i].makespanMs;
      assert.ok(predicted < p.makespanMs / 2);
      close(predicted / measured, 1, 0.05, `p=${p.workers}`);
    });
  });

  void it('replays a change of worker count and of durations (lock wait removed)', () => {
    const run = syntheticRun({ workers: [2], durations: uniform(40, 10), lockWaitMs: () => 5 });
    const replay = createReplayer(run.config);
    const at = summarisePoint(run.points[0])!;
    close(replay.predictMakespanMs(at, { workers: 4 }), 100, 1e-9);
    close(replay.predictMakespanMs(at, { duration: (x) => x.durationMs - x.lockWaitMs }), 100, 1e-9);
    close(replay.predictSweepGainPct([at], { workers: 4 }), 50, 1e-9);
  });

  void it('a recorded program keeps its time outside the tasks: only the tasks\' window is scaled', () => {
    // 40 tasks of 10 ms on 2 workers (200 ms of tasks), after 1 s of start-up and before 50 ms of exit.
    const run = syntheticRun({ workers: [2], durations: uniform(40, 10) });
    const p = run.points[0];
    const shift = (xs: number[]): number[] => xs.map((x) => x + 1000);
    p.tasks = { ...p.tasks, submitMs: shift(p.tasks.submitMs), startMs: shift(p.tasks.startMs), endMs: shift(p.tasks.endMs) };
    p.makespanMs = 1250;
    p.makespansMs = [1250];
    const at = summarisePoint(p)!;
    close(untimedMs(at), 1050, 1e-9);
    close(createReplayer(run.config, untimedMs).predictMakespanMs(at, {}), 1250, 1e-9, 'what ran');
    close(createReplayer(run.config, untimedMs).predictMakespanMs(at, { workers: 4 }), 1050 + 100, 1e-9, '4 workers: the tasks halve, the rest stays');
    // A workload's makespan is its tasks' window: scaled whole, as before.
    close(createReplayer(run.config).predictMakespanMs(at, { workers: 4 }), 625, 1e-9);
  });
});
