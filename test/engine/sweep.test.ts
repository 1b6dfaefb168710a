// The sweep on real piscina pools: recording, the run file, setup()/shared(), order and batch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CORE_READ_GAP_MS } from '../../server/worker/procProbe';
import { CPU_TIME_MIN_TASK_MS } from '../../server/worker/threadCpu';
import { presentTaskColumns } from '../../common/runFile';
import { example, fixture, savedRun, sweep } from './helpers';

test('scales-well: every task, worker and core is recorded and the run file validates', async () => {
  const { run, file } = await sweep(example('scales-well.workload.js'), { workers: [1, 2], repeat: 2, warmup: 1 });
  const saved = savedRun(file);
  assert.equal(saved.status, 'complete');
  assert.deepEqual(saved.points.map((p) => p.workers), [1, 2]);
  for (const p of saved.points) {
    assert.equal(p.makespansMs.length, 2);
    assert.equal(p.tasks.index.length, 64 * 2, 'one row per task per repeat, warm-ups excluded');
    for (const k of presentTaskColumns(p.tasks)) assert.equal(p.tasks[k]!.length, p.tasks.index.length, k);
    assert.deepEqual(new Set(p.tasks.index), new Set(Array.from({ length: 64 }, (_, i) => i)));
    assert.deepEqual([...new Set(p.tasks.worker)].sort(), Array.from({ length: p.workers }, (_, i) => i));
    for (let i = 0; i < p.tasks.index.length; i++) {
      assert.ok(p.tasks.endMs[i] > p.tasks.startMs[i], 'task has a duration');
      assert.ok(p.tasks.startMs[i] >= p.tasks.submitMs[i], 'starts after it was submitted');
      assert.ok(p.tasks.ok[i]);
      // Linux: run-queue delay and core come from /proc/thread-self; thread CPU time from
      // process.threadCpuUsage where Node has it (≥ 23.9), else null — never a wrong number.
      assert.ok(p.tasks.runQueueMs[i] !== null && p.tasks.runQueueMs[i]! >= 0, 'run-queue delay measured');
      const long = p.tasks.endMs[i] - p.tasks.startMs[i] >= CPU_TIME_MIN_TASK_MS;
      if (long && typeof (process as { threadCpuUsage?: unknown }).threadCpuUsage === 'function') assert.ok(p.tasks.cpuMs[i]! > 0, 'thread CPU time measured');
      else assert.equal(p.tasks.cpuMs[i], null, 'too short for a tick-updated CPU clock, or none on this Node: null');
      // The core is read only when it may have changed, at most once per CORE_READ_GAP_MS per thread:
      // null (not measured) or a real core, and always measured for tasks at least that long.
      for (const core of [p.tasks.coreStart[i], p.tasks.coreEnd[i]]) assert.ok(core === null || (core >= 0 && core < saved.host.cpus), `core ${core}`);
      if (p.tasks.endMs[i] - p.tasks.startMs[i] >= CORE_READ_GAP_MS) assert.notEqual(p.tasks.coreEnd[i], null, 'a long task gets its core');
      assert.ok(p.tasks.bytesIn[i]! > 0);
    }
    for (let w = 0; w < p.workers; w++) assert.ok(p.tasks.coreEnd.some((c, i) => c !== null && p.tasks.worker[i] === w), `worker ${w} has measured cores`);
    assert.equal(p.cores.length, 2, 'a core series per repeat');
    assert.equal(p.cores[0].busy.length, saved.host.cpus);
    assert.ok(p.cores[0].timesMs.length >= 2);
    assert.equal(p.workerStats.length, p.workers * 2);
  }
  assert.ok(run.analysis);
  assert.equal(run.analysis.scaling.length, 2);
  assert.deepEqual(run.analysis.suggestions.filter((s) => s.severity === 'warning'), [], 'no warning on a workload that scales well');
});

test('setup() runs in each worker before its tasks; shared() reaches every worker; ctx is right', async () => {
  const { run } = await sweep(fixture('setup-shared.workload.js'));
  assert.deepEqual(run.failures, []);
  assert.equal(run.points.length, 2);
  for (const p of run.points) assert.ok(p.tasks.ok.every(Boolean));
});

test('TypeScript workload runs from its .ts source', async () => {
  const { run } = await sweep(example('typescript.workload.ts'), { workers: [1], repeat: 1, warmup: 0 });
  assert.equal(run.points[0].tasks.index.length, 40);
  assert.deepEqual(run.failures, []);
});

test('flags override the workload options; batch groups inputs into dispatches', async () => {
  const { run } = await sweep(example('scales-well.workload.js'), { workers: [2], repeat: 1, warmup: 0, batch: 8 });
  assert.equal(run.config.batch, 8);
  assert.deepEqual(run.config.workers, [2]);
  const t = run.points[0].tasks;
  assert.equal(new Set(t.dispatch).size, 8, '64 inputs in dispatches of 8');
  const queued = t.queueMs.filter((q) => q > 0).length;
  assert.ok(queued <= 8, 'queue wait is charged once per dispatch');
});

test('order longest-first dispatches the longest known inputs first', async () => {
  const first = await sweep(example('imbalanced.workload.js'), { workers: [1], repeat: 1, warmup: 0 });
  const { run } = await sweep(example('imbalanced.workload.js'), { workers: [1], repeat: 1, warmup: 0, order: 'longest-first' }, { runsDir: first.runsDir });
  const t = run.points[0].tasks;
  const firstStarted = t.index[t.startMs.indexOf(Math.min(...t.startMs))];
  assert.equal(firstStarted, 16, 'the 60 ms input (index 16) runs first');
});
