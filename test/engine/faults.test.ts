// Hostile workloads: every fault is recorded with its cause and line, the worker is replaced,
// and every other result is kept. Workloads that cannot load get one clear error naming file:line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { WorkloadLoadError } from '../../server/engine/errors';
import { example, fixture, savedRun, sweep, tempRuns } from './helpers';
import { runSweep } from '../../server/engine/sweep';
import { DISPATCH_ENV } from '../../server/engine/sharedQueue';

// On both dispatch paths: workers pulling from the shared queue (the default) and message dispatch.
for (const dispatch of ['shared-queue', 'message'] as const) test(`${dispatch}: a task that throws, one that exits its worker, one past its timeout: each recorded, the rest kept`, async () => {
  const before = process.env[DISPATCH_ENV];
  if (dispatch === 'message') process.env[DISPATCH_ENV] = 'message'; else delete process.env[DISPATCH_ENV];
  let swept: Awaited<ReturnType<typeof sweep>>;
  try { swept = await sweep(example('failures.workload.js'), { workers: [2] }); } finally { if (before === undefined) delete process.env[DISPATCH_ENV]; else process.env[DISPATCH_ENV] = before; }
  const { run, file } = swept;
  assert.equal(run.points[0].dispatch?.kind, dispatch);
  const saved = savedRun(file);
  assert.equal(saved.status, 'complete');
  const byCause = Object.fromEntries(saved.failures.map((f) => [f.cause, f]));
  assert.deepEqual(saved.failures.map((f) => f.cause).sort(), ['error', 'exit', 'timeout']);
  assert.equal(byCause.error.taskIndex, 5);
  assert.match(byCause.error.message, /task 5: corrupt input/);
  assert.equal(byCause.error.location?.file, example('failures.workload.js'));
  assert.equal(byCause.error.location?.line, 18, 'the throw statement');
  assert.equal(byCause.exit.taskIndex, 11);
  assert.equal(byCause.exit.location?.line, 19, 'the process.exit call');
  assert.equal(byCause.exit.message, 'the task ended its worker with exit code 3 (process.exit?); it was replaced');
  assert.equal(byCause.timeout.taskIndex, 17);
  assert.equal(byCause.timeout.location?.line, 20, 'the loop it was stuck in');
  const t = run.points[0].tasks;
  assert.equal(t.index.length, 24);
  assert.equal(t.ok.filter(Boolean).length, 21, 'all 21 other tasks succeeded after the workers were replaced');
  const slots = new Set(t.worker);
  assert.ok([...slots].every((w) => w === 0 || w === 1), 'replacement workers take over the slots');
  assert.ok(run.points[0].workerStats.some((s) => s.replaced > 0));
});

test('a worker out of memory fails only its task', async () => {
  const { run } = await sweep(fixture('oom.workload.js'));
  assert.equal(run.failures.length, 1);
  assert.equal(run.failures[0].cause, 'oom');
  assert.equal(run.failures[0].taskIndex, 2);
  assert.equal(run.points[0].tasks.ok.filter(Boolean).length, 4);
});

test('a TypeScript failure points at the .ts line', async () => {
  const { run } = await sweep(fixture('throws.workload.ts'));
  assert.equal(run.failures.length, 1);
  assert.equal(run.failures[0].location?.file, fixture('throws.workload.ts'));
  assert.equal(run.failures[0].location?.line, 12);
  assert.match(run.failures[0].stack ?? '', /throws\.workload\.ts:12/);
});

async function loadError(path: string): Promise<WorkloadLoadError> {
  const runsDir = tempRuns();
  try {
    await runSweep({ workloadPath: path, runsDir, overrides: { workers: [1], repeat: 1, warmup: 0 } });
  } catch (e) {
    assert.ok(e instanceof WorkloadLoadError, `expected a WorkloadLoadError, got ${String(e)}`);
    return e;
  }
  assert.fail('the workload loaded');
}

const cases: [string, string, number | null, RegExp][] = [
  ['missing.workload.js', 'missing.workload.js', null, /not found/],
  ['syntax-error.workload.js', 'syntax-error.workload.js', 4, /Unexpected/],
  ['no-default.workload.js', 'no-default.workload.js', null, /no default export/],
  ['tasks-throws.workload.js', 'tasks-throws.workload.js', 3, /tasks\(\) failed: .*null/],
  ['tasks-not-iterable.workload.js', 'tasks-not-iterable.workload.js', 1, /must return an array, an iterable or an async iterable, got number/],
  ['uncloneable.workload.js', 'uncloneable.workload.js', 1, /input #1 .*cannot be sent to a worker/],
];
for (const [name, file, line, message] of cases) {
  test(`cannot load: ${name} → one message naming the file${line ? ' and line' : ''}`, async () => {
    const e = await loadError(fixture(name));
    assert.equal(e.file, fixture(file));
    assert.equal(e.line, line);
    assert.match(e.message, message);
    assert.ok(e.message.startsWith(fixture(file)), 'the message starts with file[:line]');
  });
}

test('cancellation stops within a second and keeps what was measured', async () => {
  const runsDir = tempRuns();
  const ac = new AbortController();
  let abortedAt = 0;
  const started = runSweep({
    workloadPath: fixture('slow.workload.js'), runsDir, signal: ac.signal,
    onProgress: (p) => { if (p.workers === 2 && p.repeat === 1 && p.tasksDone > 10 && !abortedAt) { abortedAt = Date.now(); ac.abort(); } },
  });
  const { run, file } = await started;
  assert.ok(abortedAt > 0, 'the run reached the point where it was cancelled');
  // How fast it stops is measured in bench/ (no timing assertions here); what must hold is that
  // nothing after the cancel ran: repeats 2..4 at 2 workers never started.
  assert.equal(run.status, 'cancelled');
  const saved = savedRun(file);
  assert.equal(saved.status, 'cancelled');
  assert.deepEqual(saved.points.map((p) => p.workers), [1, 2], 'the finished 1-worker point and the finished repeat at 2 are kept');
  assert.equal(saved.points[1].makespansMs.length, 1);
  assert.ok(existsSync(file));
});
