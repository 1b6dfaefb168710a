// `scalescope record` end to end: real programs (test/fixtures/record/) recorded by the built CLI
// at 1 and 2 workers; the run file's points, task counts and worker numbers, exit statuses, and
// bad input. No timing assertions: the machine is shared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { parseRunFile, type PlainRunFile } from '../../common/runFile';
import { RECORD_CORE_SAMPLE_MS } from '../../server/record/recordSweep';
import { printedPath, ROOT, runCli, tempDir, type CliResult } from './cli-helpers';
import { suggestionOrWithheld } from './helpers';

const APPS = join(ROOT, 'test/fixtures/record');

async function record(args: string[], command: string[]): Promise<{ result: CliResult; run: PlainRunFile | null }> {
  const out = tempDir();
  const result = await runCli(['record', '--repeat', '1', '--warmup', '0', '--out', out, ...args, '--', ...command], APPS);
  const saved = /^Run saved:/m.test(result.stdout) ? printedPath(result.stdout, 'Run saved', APPS) : null;
  return { result, run: saved ? parseRunFile(readFileSync(saved, 'utf8'), saved) : null };
}

/** Per point: its worker count, how many tasks, and the distinct worker numbers that ran them. */
function pointsOf(run: PlainRunFile): { workers: number; tasks: number; seen: number[] }[] {
  return run.points.map((p) => ({ workers: p.workers, tasks: p.tasks.index.length, seen: [...new Set(p.tasks.worker)].sort() }));
}

/** Whether the process ends (or is a zombie: killed, not yet reaped) within a few seconds. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    let state: string;
    try { state = readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]?.[0] ?? ''; } catch { return true; }
    if (state === 'Z') return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** Per point: the distinct bytesIn and bytesOut of its tasks (null: not measured). */
function bytesOf(run: PlainRunFile): { in: (number | null)[]; out: (number | null)[] }[] {
  const distinct = (xs: Iterable<number | null>): (number | null)[] => [...new Set(xs)].sort((a, b) => (a ?? -1) - (b ?? -1));
  return run.points.map((p) => ({ in: distinct(p.tasks.bytesIn), out: distinct(p.tasks.bytesOut) }));
}

function assertWorkersInRange(run: PlainRunFile): void {
  for (const p of run.points) for (const w of p.tasks.worker) assert.ok(w >= 0 && w < p.workers, `worker ${w} out of range at ${p.workers} workers`);
}

test('a raw worker_threads pool sized from os.availableParallelism(): one task per handled message, the swept count seen', async () => {
  const { result, run } = await record(['--workers', '1,2'], ['node', 'raw-pool.js', '12']);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(run);
  assert.deepEqual(run.workload.kind, 'command');
  assert.deepEqual(run.workload.argv, ['node', 'raw-pool.js', '12']);
  assert.equal(run.workload.cwd, APPS);
  assert.deepEqual(pointsOf(run), [{ workers: 1, tasks: 12, seen: [0] }, { workers: 2, tasks: 12, seen: [0, 1] }]);
  assertWorkersInRange(run);
  assert.match(result.stderr, /raw-pool: 12 jobs on 2 threads/);
  // Cores sampled every RECORD_CORE_SAMPLE_MS (the CLI's wake-ups are the program's time), said in
  // the config for the Timeline; the last sample is the one taken as the program ends.
  assert.equal(run.config.coreSampleMs, RECORD_CORE_SAMPLE_MS);
  const steps = run.points.flatMap((p) => p.cores.flatMap((c) => c.timesMs.slice(1, -1).map((t, k) => t - c.timesMs[k])));
  assert.ok(steps.length > 0, 'some point sampled its cores more than twice');
  for (const step of steps) assert.ok(step >= RECORD_CORE_SAMPLE_MS - 2, `cores sampled ${step} ms apart`);
  // Transfer sizes: the message handled ({ id, ms }) and the reply posted ({ id, result }, a double),
  // as their structured clone (small plain objects are sized exactly).
  const sizes = { in: [serialize({ id: 0, ms: 5 }).byteLength], out: [serialize({ id: 0, result: 0.5 }).byteLength] };
  assert.deepEqual(bytesOf(run), [sizes, sizes]);
  assert.ok(run.analysis && run.analysis.scaling.length === 2);
  assert.match(result.stdout, /^Scaling/m);

  // `show` prints a recorded run; `try` (which re-runs workloads with a changed option) refuses it.
  const saved = printedPath(result.stdout, 'Run saved', APPS);
  const shown = await runCli(['show', saved], APPS);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /Scalescope · node raw-pool\.js 12/);
  const tried = await runCli(['try', saved], APPS);
  assert.equal(tried.code, 2);
  assert.match(tried.stderr, /recorded a command \(node raw-pool\.js 12\): try re-runs workloads only/);
});

test('a piscina app sized by default: its pool gets the swept size, each call of its task function is a task', async () => {
  const { result, run } = await record(['--workers', '1,2'], ['node', 'piscina-app.js', '12']);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(run);
  assert.deepEqual(pointsOf(run).map((p) => [p.workers, p.tasks]), [[1, 12], [2, 12]]);
  assertWorkersInRange(run);
  assert.match(result.stderr, /piscina-app: 12 tasks on up to 1 threads/);
  assert.match(result.stderr, /piscina-app: 12 tasks on up to 2 threads/);
  // The task function's argument ({ ms, fail }) and its result (a double), as structured-cloned.
  const sizes = { in: [serialize({ ms: 5, fail: false }).byteLength], out: [serialize(0.5).byteLength] };
  assert.deepEqual(bytesOf(run!), [sizes, sizes]);
});

test('garbage-collection pauses during a task are charged to it where the thread\'s event loop turns; where it never does (piscina\'s Atomics wait), they are said to be unknown', async () => {
  const measured = await record(['--workers', '2'], ['node', 'gc-app.js', '8', 'disabled']);
  assert.equal(measured.result.code, 0, measured.result.stderr);
  assert.ok(measured.run);
  const [point] = measured.run.points;
  assert.equal(point.tasks.index.length, 8);
  const charged = point.tasks.gcMs.reduce((a, b) => a + b, 0);
  const threads = point.workerStats.reduce((a, s) => a + s.gcMs, 0);
  assert.ok(charged > 0, 'tasks that allocate 300 000 live objects are charged GC pauses');
  assert.ok(threads >= charged - 1e-6, `a thread's GC total (${threads} ms) includes what its tasks were charged (${charged} ms)`);
  assert.ok(point.workerStats.every((s) => !s.gcUnobserved));
  assert.ok(!measured.run.analysis?.notes.some((n) => n.startsWith('GC pauses could not be observed')));

  const blocked = await record(['--workers', '2'], ['node', 'gc-app.js', '16']);
  assert.equal(blocked.result.code, 0, blocked.result.stderr);
  assert.ok(blocked.run);
  const stats = blocked.run.points[0].workerStats;
  // Never a silent 0: a thread that ran several tasks either has its pauses or says they are unknown.
  // (Tasks handed to a thread still starting arrive as message events, which do turn its loop.)
  for (const s of stats) if (s.tasks >= 2) assert.ok(s.gcUnobserved || s.gcMs > 0, `thread ${s.worker}: ${JSON.stringify(s)}`);
  const note = blocked.run.analysis?.notes.find((n) => n.startsWith('GC pauses could not be observed'));
  const unobserved = stats.filter((s) => s.gcUnobserved).length;
  if (unobserved > 0) assert.match(note ?? '', new RegExp(`^GC pauses could not be observed in some threads \\(${unobserved} of ${stats.length} at 2 workers\\)`));
  else assert.equal(note, undefined);
});

test('--no-pool-override leaves piscina its own size (from the swept os.availableParallelism())', async () => {
  const { result } = await record(['--workers', '2', '--no-pool-override'], ['node', 'piscina-app.js', '4']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /piscina-app: 4 tasks on up to 3 threads/);
});

test('a task that fails in a program that exits 0: exit 1, the failure recorded with its message and the task module', async () => {
  const { result, run } = await record(['--workers', '2'], ['node', 'piscina-app.js', '6', 'fail']);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /6 tasks on up to 2 threads, 1 failed/);
  assert.equal(run!.points[0].tasks.ok.filter((ok) => !ok).length, 1);
  // At the task function's own line (module.exports = async … on line 2), not the module's first.
  assert.deepEqual(run!.failures.map((f) => [f.cause, f.message, f.location?.file, f.location?.line]), [['error', 'task asked to fail', join(APPS, 'piscina-task.js'), 2]]);
});

test('a tinypool app (an ES module) with its own fixed size: its pool gets the swept size, each call of its task function is a task', async () => {
  const { result, run } = await record(['--workers', '1,2'], ['node', 'tinypool-app.mjs', '12', 'fail']);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /tinypool-app: 12 tasks on 1-1 threads, 1 failed/);
  assert.match(result.stderr, /tinypool-app: 12 tasks on 2-2 threads, 1 failed/);
  assert.ok(run);
  // (Which threads ran tasks is not asserted: on a loaded machine a pool's second thread may start after the first has run them all.)
  assert.deepEqual(pointsOf(run).map((p) => [p.workers, p.tasks]), [[1, 12], [2, 12]]);
  assertWorkersInRange(run);
  // The failed task, at the task function's line (export default async function task, line 5).
  assert.deepEqual(run.failures.map((f) => [f.workers, f.cause, f.message, f.location?.file, f.location?.line]), [
    [1, 'error', 'tinypool task asked to fail', join(APPS, 'tinypool-task.mjs'), 5],
    [2, 'error', 'tinypool task asked to fail', join(APPS, 'tinypool-task.mjs'), 5],
  ]);
  for (const p of run.points) assert.equal(p.tasks.ok.filter((ok) => !ok).length, 1);
  // The task ({ ms, fail }) and its result (a double); the failed task sends no result (0, as the engine counts it).
  for (const sizes of bytesOf(run)) {
    assert.deepEqual(sizes.in, [serialize({ ms: 5, fail: false }).byteLength]);
    assert.deepEqual(sizes.out, [0, serialize(0.5).byteLength]);
  }
});

test('--no-pool-override leaves a tinypool pool its own size', async () => {
  const { result, run } = await record(['--workers', '2', '--no-pool-override'], ['node', 'tinypool-app.mjs', '6']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /tinypool-app: 6 tasks on 3-3 threads, 0 failed/);
  assert.equal(run!.points[0].tasks.index.length, 6);
});

/** Per point: the threads or processes that ran tasks (workerStats, one per thread per repeat). */
const threadsRan = (run: PlainRunFile): number[] => run.points.map((p) => p.workerStats.length);

test('ES module apps: piscina (default and named import) and workerpool (default and named, thread and process) get the swept size', async () => {
  for (const [command, printed] of [
    [['node', 'piscina-esm-app.mjs', '12'], 'piscina-esm-app: 12 tasks on {n}-{n} threads'],
    [['node', 'piscina-esm-app.mjs', '12', 'named'], 'piscina-esm-app: 12 tasks on {n}-{n} threads'],
    [['node', 'workerpool-esm-app.mjs', '12', 'process'], 'workerpool-esm-app: 12 tasks on {n}-{n} process workers'],
    [['node', 'workerpool-esm-app.mjs', '12', 'thread', 'named'], 'workerpool-esm-app: 12 tasks on {n}-{n} thread workers'],
  ] as const) {
    const { result, run } = await record(['--workers', '1,2'], [...command]);
    assert.equal(result.code, 0, result.stderr);
    // The program's own size is 3: what it prints is the swept count.
    for (const n of [1, 2]) assert.ok(result.stderr.includes(printed.replaceAll('{n}', String(n))), `${command.join(' ')} at ${n}: ${result.stderr}`);
    assert.ok(run);
    // Each call of the task function is a task (the ES module task modules are timed), on at most the swept count of threads.
    assert.deepEqual(pointsOf(run).map((p) => [p.workers, p.tasks]), [[1, 12], [2, 12]], command.join(' '));
    assert.deepEqual(pointsOf(run)[0].seen, [0]);
    const ran = threadsRan(run);
    assert.equal(ran[0], 1, command.join(' '));
    assert.ok(ran[1] >= 1 && ran[1] <= 2, `${command.join(' ')}: ${ran[1]} threads ran tasks at 2 workers`);
    assertWorkersInRange(run);
  }
});

test('--no-pool-override leaves ES module piscina and workerpool pools their own size', async () => {
  for (const [command, printed] of [
    [['node', 'piscina-esm-app.mjs', '6'], 'piscina-esm-app: 6 tasks on 3-3 threads'],
    [['node', 'workerpool-esm-app.mjs', '6', 'thread', 'named'], 'workerpool-esm-app: 6 tasks on 3-3 thread workers'],
  ] as const) {
    const { result, run } = await record(['--workers', '1', '--no-pool-override'], [...command]);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stderr.includes(printed), result.stderr);
    assert.equal(run!.points[0].tasks.index.length, 6);
  }
});

/** The flame nodes of a point at `file` (name and line), sorted. */
function flameFrames(run: PlainRunFile, workers: number, file: string): string[] {
  const flame = run.points.find((p) => p.workers === workers)?.flame;
  return [...new Set((flame?.nodes ?? []).filter((n) => n.file === file).map((n) => `${n.name}:${n.line}`))].sort();
}

test('--cpuprofile on a piscina app: the threads that ran tasks are profiled, saved, and merged into the point\'s flame at the task function\'s line', async () => {
  const dir = tempDir();
  const { result, run } = await record(['--workers', '1,2', '--cpuprofile', dir], ['node', 'piscina-app.js', '12']);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(run);
  assert.equal(run.config.cpuProfile, true);
  for (const p of run.points) {
    // piscina's pool terminates its workers at destroy(): each wrote its profile first (asked by the preload's Worker).
    // A lane per worker that ran tasks (on a loaded machine the second thread may start after the first ran them all).
    assert.deepEqual([...new Set(p.flame?.lanes.map((l) => l.worker))].sort(), [...new Set(p.tasks.worker)].sort(), `${p.workers} workers: a lane per worker`);
    // (Besides the module's own top level, line 1, run when it was loaded.)
    assert.ok(flameFrames(run, p.workers, join(APPS, 'piscina-task.js')).includes('module.exports:2'), flameFrames(run, p.workers, join(APPS, 'piscina-task.js')).join());
    assert.ok(flameFrames(run, p.workers, join(APPS, 'spin.js')).includes('spin:2'));
    // A file per worker slot (the first thread of a slot's), named in its stats.
    for (const w of new Set(p.tasks.worker)) assert.ok(p.workerStats.some((s) => s.worker === w && s.cpuProfile === join(dir, `p${p.workers}-r1-w${w}.cpuprofile`)), `worker ${w}`);
  }
  const saved = JSON.parse(readFileSync(join(dir, 'p2-r1-w0.cpuprofile'), 'utf8')) as { nodes: unknown[]; samples: unknown[] };
  assert.ok(saved.nodes.length > 0 && saved.samples.length > 0, 'a readable .cpuprofile');
});

test('--cpuprofile on TypeScript run by tsx (its binary, or node --import tsx): the frames of the .ts modules at their own lines', async () => {
  const tsx = join(ROOT, 'node_modules/.bin/tsx');
  // V8 profiles the JavaScript tsx compiled, whose lines differ: the handler is on line 23 of tsx-worker.ts, and at line 2 of what V8 ran.
  for (const command of [[tsx, 'tsx-app.ts', '8'], ['node', '--import', 'tsx', 'tsx-app.ts', '8']]) {
    const { result, run } = await record(['--workers', '2', '--cpuprofile', tempDir()], command);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(run!.workload.path, join(APPS, 'tsx-app.ts'));
    const frames = flameFrames(run!, 2, join(APPS, 'tsx-worker.ts'));
    assert.ok(frames.includes('(anonymous):23'), `${command.join(' ')}: ${frames.join()}`);
    assert.ok(flameFrames(run!, 2, join(APPS, 'spin.js')).includes('spin:2'));
  }
});

test('--cpuprofile on a tinypool app, whose idle workers wait in Atomics.wait: their profiles are written before they are terminated', async () => {
  const { result, run } = await record(['--workers', '2', '--cpuprofile', tempDir()], ['node', 'tinypool-app.mjs', '12']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual([...new Set(run!.points[0].flame?.lanes.map((l) => l.worker))].sort(), [...new Set(run!.points[0].tasks.worker)].sort());
  assert.ok(flameFrames(run!, 2, join(APPS, 'tinypool-task.mjs')).includes('task:5'), flameFrames(run!, 2, join(APPS, 'tinypool-task.mjs')).join());
});

test('a workerpool app in process mode: its pool gets the swept size, each call of a worker method is a task', async () => {
  const { result, run } = await record(['--workers', '1,2'], ['node', 'workerpool-app.js', '12', 'process']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /workerpool-app: 12 tasks on up to 2 process workers/);
  // A process worker's messages are JSON (Node's default IPC): the argument 5 is one byte, the result a number's digits.
  for (const sizes of bytesOf(run!)) {
    assert.deepEqual(sizes.in, [1]);
    assert.ok(sizes.out.every((b) => b !== null && b >= 10 && b <= 24), String(sizes.out));
  }
  // Which processes ran tasks is not asserted: on a loaded machine the second may start after the first has run them all.
  assert.deepEqual(pointsOf(run!).map((p) => [p.workers, p.tasks]), [[1, 12], [2, 12]]);
  assertWorkersInRange(run!);
});

test('a workerpool app in thread mode, its size left to it: cores − 1 of the swept count', async () => {
  const { result, run } = await record(['--workers', '2', '--no-pool-override'], ['node', 'workerpool-app.js', '6', 'thread']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /workerpool-app: 6 tasks on up to 1 thread workers/);
  assert.equal(run!.points[0].tasks.index.length, 6);
});

test('a pool made per call: its threads reuse the worker slots, and pool-churn names the start-ups', async () => {
  const { result, run } = await record(['--workers', '1,2'], ['node', 'pool-per-call.js', '6']);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(run);
  assert.deepEqual(pointsOf(run).map((p) => [p.workers, p.tasks]), [[1, 6], [2, 12]]);
  assertWorkersInRange(run);
  for (const p of run.points) {
    const stats = p.workerStats.filter((s) => s.repeat === 0);
    assert.equal(stats.length, 6 * p.workers, `${p.workers} workers: a thread per worker per call`);
    assert.ok(stats.every((s) => s.startedMs !== undefined && s.firstTaskMs !== undefined && s.firstTaskMs >= s.startedMs), 'each thread says when it started and began its first task');
  }
  const analysed = parseRunFile(readFileSync(printedPath(result.stdout, 'Run saved', APPS), 'utf8'), 'run');
  const s = suggestionOrWithheld(analysed, 'pool-churn');
  // The title names the point with the most threads per worker (ties: the larger count) among the trusted ones.
  if (s) assert.match(s.title, /^Threads are started again and again: (6 for 1 worker|12 for 2 workers) \(/);
});

test('transfer-cost on a recorded program: each task\'s input of 200 000 numbers is measured and named; a few numbers are not', async () => {
  const large = await record(['--workers', '1,2'], ['node', 'transfer-app.js', '24', 'large']);
  assert.equal(large.result.code, 0, large.result.stderr);
  // The estimate (sampled) against the exact structured clone of the input, and the result (a double) exactly.
  const exact = serialize({ data: Array.from({ length: 200_000 }, (_, i) => i + 0.5), ms: 1 }).byteLength;
  for (const sizes of bytesOf(large.run!)) {
    assert.equal(sizes.in.length, 1);
    assert.ok(Math.abs(sizes.in[0]! / exact - 1) < 0.05, `${sizes.in[0]} bytes estimated, ${exact} exact`);
    assert.deepEqual(sizes.out, [serialize(0.5).byteLength]);
  }
  const found = suggestionOrWithheld(large.run!, 'transfer-cost');
  if (found) assert.ok(Math.abs((found.evidence.bytesInPerTask as number) / exact - 1) < 0.05);
  for (const p of large.run!.analysis!.contention) assert.ok((p.transferShare ?? 0) > 0, `transfer share at ${p.workers}`);

  const small = await record(['--workers', '1,2'], ['node', 'transfer-app.js', '24', 'small']);
  assert.equal(small.result.code, 0, small.result.stderr);
  const a = small.run!.analysis!;
  assert.ok(![...a.suggestions, ...(a.withheld ?? [])].some((s) => s.kind === 'transfer-cost'), 'no transfer-cost for a few numbers per task');
  for (const p of a.contention) assert.equal(p.transferShare, 0);
});

test('the dispatcher: each point says how loaded the thread handing out work was and how long its posts took to start', async () => {
  const { result, run } = await record(['--workers', '1,2'], ['node', 'raw-pool.js', '12']);
  assert.equal(result.code, 0, result.stderr);
  for (const p of run!.points) {
    // 12 messages posted to the pool's threads (Worker#postMessage), each matched to the task it started.
    assert.deepEqual(p.dispatcher?.map((d) => [d.repeat, d.posts, d.matched]), [[0, 12, 12]]);
    const d = p.dispatcher![0];
    assert.ok(d.elu !== null && d.elu >= 0 && d.elu <= 1, `elu ${d.elu}`);
    assert.ok(d.postToStartMsMedian !== null && d.postToStartMsMedian >= 0 && d.postToStartMsP90! >= d.postToStartMsMedian);
  }
  // A fork farm's posts are ChildProcess#send; a piscina pool's, its run() calls.
  const forks = await record(['--workers', '2'], ['node', 'fork-farm.js', '6']);
  assert.deepEqual(forks.run!.points[0].dispatcher?.map((d) => [d.posts, d.matched]), [[6, 6]]);
  const piscina = await record(['--workers', '2'], ['node', 'piscina-app.js', '6']);
  assert.equal(piscina.run!.points[0].dispatcher?.[0].matched, 6);
});

test('dispatcher-bound: a main thread busy preparing every task, its workers idle, is found; a light one is not', async () => {
  const { result, run } = await record(['--workers', '1,2'], ['node', 'busy-dispatcher.js']);
  assert.equal(result.code, 0, result.stderr);
  const last = run!.points[1].dispatcher![0];
  assert.ok(last.elu !== null && last.elu >= 0.9, `the dispatcher's event loop was busy ${last.elu} of the run`);
  const s = suggestionOrWithheld(parseRunFile(readFileSync(printedPath(result.stdout, 'Run saved', APPS), 'utf8'), 'run'), 'dispatcher-bound');
  if (s) {
    assert.match(s.title, /^The main thread is saturated handing out work/);
    assert.equal(s.predictedGainPct, null);
    assert.equal((s.evidence.points as unknown[]).length, 2);
  }
  const light = await record(['--workers', '1,2'], ['node', 'piscina-app.js', '12']);
  const a = light.run!.analysis!;
  assert.ok(![...a.suggestions, ...(a.withheld ?? [])].some((x) => x.kind === 'dispatcher-bound'), 'not for a dispatcher that mostly waits');
});

test('oversubscribed: two pools each sized for the machine run more threads at once than it has CPUs; one pool does not', async () => {
  const { result, run } = await record(['--workers', '1,2'], ['node', 'two-pools.js', '16']);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(run);
  const cpus = run.host.cpus;
  const at2 = run.points[1].dispatcher![0];
  assert.equal(at2.pools, 2);
  assert.equal(at2.peakThreads, 4, 'two pools of 2 threads, all running at once');
  const a = run.analysis!;
  assert.ok(![...a.suggestions, ...(a.withheld ?? [])].some((x) => x.kind === 'pool-churn'), 'two pools side by side are not pool churn');
  if (cpus < 4) {
    const s = suggestionOrWithheld(parseRunFile(readFileSync(printedPath(result.stdout, 'Run saved', APPS), 'utf8'), 'run'), 'oversubscribed');
    if (s) assert.match(s.title, new RegExp(`^2 pools ran 4 threads at once on ${cpus} CPUs`));
  }
  const one = await record(['--workers', '1,2'], ['node', 'piscina-app.js', '12']);
  assert.equal(one.run!.points[1].dispatcher![0].pools, 1);
  const b = one.run!.analysis!;
  assert.ok(![...b.suggestions, ...(b.withheld ?? [])].some((x) => x.kind === 'oversubscribed'), 'one pool within the cores');
});

test('libuv-pool: async pbkdf2 from 8 workers is measured as threadpool calls in flight; suggested only with more CPUs than the pool', async () => {
  const { result, run } = await record(['--workers', '1,8'], ['node', 'crypto-pool.js', '16']);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(run);
  const [one, eight] = run.points.map((p) => p.threadpool![0]);
  assert.deepEqual([one.calls, one.peakInFlight, one.poolSize], [16, 1, 4]);
  assert.equal(eight.calls, 16);
  assert.ok(eight.peakInFlight > 4, `${eight.peakInFlight} calls in flight at once at 8 workers`);
  assert.ok(eight.shareOfTaskTime !== null && eight.shareOfTaskTime > 0.5, 'the tasks wait on their pbkdf2 calls');
  const a = run.analysis!;
  const kinds = [...a.suggestions, ...(a.withheld ?? [])].map((x) => x.kind);
  if (run.host.cpus <= 4) assert.ok(!kinds.includes('libuv-pool'), 'no more CPUs than the pool: a larger pool would not help');
  else {
    const s = suggestionOrWithheld(parseRunFile(readFileSync(printedPath(result.stdout, 'Run saved', APPS), 'utf8'), 'run'), 'libuv-pool');
    if (s) assert.match(s.title, /try UV_THREADPOOL_SIZE=\d+$/);
  }
  // The pool's size is the program's own: UV_THREADPOOL_SIZE in the environment it starts with.
  const sized = await record(['--workers', '2'], ['env', 'UV_THREADPOOL_SIZE=8', 'node', 'crypto-pool.js', '4']);
  assert.equal(sized.result.code, 0, sized.result.stderr);
  assert.equal(sized.run!.points[0].threadpool![0].poolSize, 8);
});

test('a real runner: mocha --parallel --jobs {workers}, each test file a task in its worker process', async () => {
  const mocha = join(ROOT, 'node_modules/mocha/bin/mocha.js');
  // mocha runs serially below 2 jobs: its worker processes start at 2.
  const { result, run } = await record(['--workers', '2,3'], ['node', mocha, '--parallel', '--jobs', '{workers}', 'mocha/*.spec.js']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /4 passing/);
  assert.deepEqual(pointsOf(run!).map((p) => [p.workers, p.tasks]), [[2, 4], [3, 4]]);
  assertWorkersInRange(run!);
});

test('a TypeScript app run with tsx: its tasks recorded, a failed task located at its .ts line (source-mapped)', async () => {
  const tsx = join(ROOT, 'node_modules/.bin/tsx');
  // tsx compiles each module with esbuild's transformSync, which runs in a worker thread of esbuild's
  // own, unless its cache has the module: without the cache that thread surely runs, and its messages
  // must not be counted as tasks (they once made 10 tasks of the 8 jobs).
  process.env.TSX_DISABLE_CACHE = '1';
  const { result, run } = await record(['--workers', '1,2'], [tsx, 'tsx-app.ts', '8', 'fail']).finally(() => delete process.env.TSX_DISABLE_CACHE);
  assert.equal(result.code, 1, result.stderr);
  assert.ok(run);
  assert.equal(run.workload.path, join(APPS, 'tsx-app.ts'));
  assert.deepEqual(pointsOf(run).map((p) => [p.workers, p.tasks]), [[1, 8], [2, 8]]);
  // Every task's location is the handler's, at its .ts line.
  assert.deepEqual(run.taskLocations?.map((l) => [l.file, l.line]), [[join(APPS, 'tsx-worker.ts'), 23]]);
  for (const p of run.points) assert.deepEqual(p.tasks.location, p.tasks.index.map(() => 0));
  assertWorkersInRange(run);
  // The handler is registered on line 23 of tsx-worker.ts; the JavaScript tsx runs has no types, so its lines differ.
  assert.deepEqual(run.failures.map((f) => [f.workers, f.cause, f.message, f.location?.file, f.location?.line]), [
    [1, 'error', 'job 3 asked to fail', join(APPS, 'tsx-worker.ts'), 23],
    [2, 'error', 'job 3 asked to fail', join(APPS, 'tsx-worker.ts'), 23],
  ]);
});

test('a TypeScript piscina app run with tsx: its task function located at its .ts line through the module\'s source map, its threads profiled too', async () => {
  const tsx = join(ROOT, 'node_modules/.bin/tsx');
  const task = join(APPS, 'tsx-piscina-task.ts');
  // --cpuprofile too: its inspector session and the one that asks V8 where the function is share the worker threads.
  const { result, run } = await record(['--workers', '1,2', '--cpuprofile', tempDir()], [tsx, 'tsx-piscina-app.ts', '8', 'fail']);
  assert.equal(result.code, 1, result.stderr);
  assert.ok(run);
  assert.deepEqual(pointsOf(run).map((p) => [p.workers, p.tasks]), [[1, 8], [2, 8]]);
  // `export default async function task` is on line 21 of tsx-piscina-task.ts; its text, compiled by tsx, is not in the file
  // (found by its text alone, it was located at line 1).
  assert.deepEqual(run.taskLocations?.map((l) => [l.file, l.line]), [[task, 21]]);
  for (const p of run.points) assert.deepEqual(p.tasks.location, p.tasks.index.map(() => 0));
  assert.deepEqual(run.failures.map((f) => [f.workers, f.cause, f.message, f.location?.file, f.location?.line]), [
    [1, 'error', 'piscina task asked to fail', task, 21],
    [2, 'error', 'piscina task asked to fail', task, 21],
  ]);
  assert.match(result.stdout, /tsx-piscina-task\.ts:21\)/);
  for (const p of run.points) {
    assert.deepEqual([...new Set(p.flame?.lanes.map((l) => l.worker))].sort(), [...new Set(p.tasks.worker)].sort(), `${p.workers} workers: a lane per worker`);
    assert.ok(flameFrames(run, p.workers, task).includes('task:21'), flameFrames(run, p.workers, task).join());
  }
});

test('a TypeScript workerpool app run with tsx: each method given to workerpool.worker() at its own .ts line, not the registration\'s', async () => {
  const tsx = join(ROOT, 'node_modules/.bin/tsx');
  const worker = join(APPS, 'tsx-workerpool-worker.ts');
  const { result, run } = await record(['--workers', '1,2'], [tsx, 'tsx-workerpool-app.ts', '8']);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(run);
  // workerpool.worker({ is on line 14; spinOnce on 15, spinTwice on 19, after types the compiled JavaScript lacks.
  assert.deepEqual(run.taskLocations?.map((l) => [l.file, l.line]), [[worker, 15], [worker, 19]]);
  for (const p of run.points) {
    const at = (l: number): number => p.tasks.location!.filter((x) => x === l).length;
    assert.deepEqual([p.workers, at(0), at(1)], [p.workers, 4, 4]);
  }
});

test('two task functions: each task carries its function\'s location, and the lock waits of one are hinted at its line', async () => {
  const { result, run } = await record(['--workers', '1,2'], ['node', 'two-tasks.js', '6']);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(run);
  const worker = join(APPS, 'two-tasks-worker.js');
  // Both handlers are registered by `parentPort.on('message', …)`: lines 6 and 11, column 14.
  assert.deepEqual(run.taskLocations, [{ file: worker, line: 6, column: 14 }, { file: worker, line: 11, column: 14 }]);
  for (const p of run.points) {
    const at = (l: number): number => p.tasks.location!.filter((x) => x === l).length;
    assert.deepEqual([p.workers, at(0), at(1), p.tasks.location!.length], [p.workers, 6, 6, 12]);
  }
  // 30 ms in Atomics.wait per task of the first: its share of the workers' time, at its line.
  assert.deepEqual(run.analysis!.hints.filter((h) => h.kind === 'lock-contention').map((h) => [h.file, h.line]), [[worker, 6]]);
  assert.match(result.stdout, /^ {2}two-tasks-worker\.js:6 {2}lock-contention {2}The tasks of this function were blocked in Atomics\.wait or a lock /m);
});

test('a child_process.fork farm: one task per message handled on process', async () => {
  const { result, run } = await record(['--workers', '1,2'], ['node', 'fork-farm.js', '12']);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(run);
  // JSON over IPC: {"id":0,"ms":5} is 15 bytes, 16 from id 10; the reply {"id":…,"result":…} carries a number's digits.
  for (const sizes of bytesOf(run)) {
    assert.deepEqual(sizes.in, [15, 16]);
    assert.ok(sizes.out.every((b) => b !== null && b >= 30 && b <= 45), String(sizes.out));
  }
  // Which children ran tasks is not asserted: on a loaded machine the second may start after the first has run them all.
  assert.deepEqual(pointsOf(run).map((p) => [p.workers, p.tasks]), [[1, 12], [2, 12]]);
  assertWorkersInRange(run);
});

test('{workers} in an argument is replaced by the count', async () => {
  const { result, run } = await record(['--workers', '1,2'], ['node', 'raw-pool.js', '{workers}0']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(pointsOf(run!).map((p) => [p.workers, p.tasks]), [[1, 10], [2, 20]]);
});

test('worker threads started with their own env or execArgv are recorded too', async () => {
  const { result, run } = await record([], ['node', 'own-options.js', '8']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(pointsOf(run!), [{ workers: 2, tasks: 8, seen: [0, 1] }]);
  assert.deepEqual(run!.config.workers, [2]);
});

test('a program that exits 1 mid-run: exit 1, the run saved with the failure and the tasks measured before it', async () => {
  const { result, run } = await record(['--workers', '1,2'], ['node', 'raw-pool.js', '12', 'crash']);
  assert.equal(result.code, 1, result.stderr);
  assert.ok(run);
  assert.equal(run.status, 'complete');
  assert.deepEqual(run.points.map((p) => p.workers), [1, 2]);
  for (const p of run.points) assert.ok(p.tasks.index.length >= 6 && p.tasks.index.length <= 12, `${p.tasks.index.length} tasks`);
  assert.deepEqual(run.failures.map((f) => [f.workers, f.cause, f.message]), [[1, 'exit', 'the program exited with code 1'], [2, 'exit', 'the program exited with code 1']]);
  assert.match(result.stdout, /the program \(exit\): the program exited with code 1/);
});

test('threads ended the moment the work is done (terminated, or the process exits at once): every task they ran is recorded', async () => {
  // Each thread gathers its rows and writes them in batches; its parent writes out what a thread
  // ended before it could (preload/rowWriter.ts), so none of the 40 tasks is lost either way.
  for (const how of ['terminate', 'exit']) {
    const { result, run } = await record([], ['node', 'quick-stop.js', how, '40']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, new RegExp(`quick-stop: 40 jobs, then ${how}`));
    assert.deepEqual(pointsOf(run!).map((p) => p.tasks), [40], `${how}: all 40 tasks recorded`);
    assert.deepEqual(run!.failures, [], how);
  }
});

test('a task abandoned with its terminated thread is not taken for one running past --timeout-ms', async () => {
  // The stuck thread's begin line reaches the disk (its parent writes it) and then its end line:
  // the program runs on for 1.5 s, past the 1-s timeout, and exits 0 with its 29 later tasks.
  const { result, run } = await record(['--timeout-ms', '1000'], ['node', 'abandon.js']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /abandon: done/);
  assert.doesNotMatch(result.stderr, /ran past --timeout-ms/);
  assert.deepEqual(run!.failures, []);
  assert.equal(run!.points[0].tasks.index.length, 30);
});

test('--max-seconds stops a program that hangs (its process group killed) and keeps what was measured', async () => {
  const { result, run } = await record(['--workers', '1', '--max-seconds', '5'], ['node', 'hang.js']);
  assert.equal(result.code, 1, result.stderr);
  assert.deepEqual(run!.failures.map((f) => f.cause), ['timeout']);
  assert.equal(run!.points[0].tasks.index.length, 1);
  const child = Number(/hang: child (\d+)/.exec(result.stderr)?.[1]);
  assert.ok(child > 0, result.stderr);
  assert.ok(await gone(child), 'the child the program left behind was killed with its group');
});

test('--duration records a window of a server that never ends, then stops it with SIGINT: the window is the makespan, exit 0', async () => {
  const { result, run } = await record(['--workers', '1,2', '--duration', '2'], ['node', 'server-app.js']);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(run);
  assert.equal(run.workload.durationS, 2);
  assert.match(result.stderr, /server-app: SIGINT after \d+ requests, closing/);
  assert.match(result.stderr, /the window of 2 s ended: the program was stopped with SIGINT/);
  assert.deepEqual(run.failures, []);
  for (const p of run.points) {
    assert.equal(p.makespanMs, 2000, 'the makespan is the window');
    assert.ok(p.tasks.index.length > 0, `${p.workers} workers: tasks recorded in the window`);
    assert.ok(p.tasks.endMs.every((end) => end <= 2000), 'only tasks that ended within the window');
  }
  assertWorkersInRange(run);
  assert.deepEqual(run.points.map((p) => [...new Set(p.tasks.worker)].sort()), [[0], [0, 1]]);
});

test('--duration on a program that ignores SIGINT and SIGTERM: SIGKILL to its group after the grace periods, the window kept', async () => {
  const { result, run } = await record(['--workers', '1', '--duration', '2'], ['node', 'server-app.js', 'stubborn']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /server-app: SIGINT after \d+ requests, ignored/);
  assert.match(result.stderr, /server-app: SIGTERM after \d+ requests, ignored/);
  assert.match(result.stderr, /stopped with SIGKILL \(it outlived SIGINT and SIGTERM\)/);
  assert.equal(run!.points[0].makespanMs, 2000);
  assert.ok(run!.points[0].tasks.index.length > 0);
});

test('--timeout-ms: a task that never ends is a timeout failure at its function, the program is stopped, what was measured is kept, exit 1', async () => {
  const { result, run } = await record(['--workers', '2', '--timeout-ms', '1500'], ['node', 'slow-task.js']);
  assert.equal(result.code, 1, result.stderr);
  assert.doesNotMatch(result.stderr, /all tasks ended/);
  assert.match(result.stderr, /a task ran past --timeout-ms 1500: stopping the program/);
  assert.ok(run);
  assert.equal(run.config.timeoutMs, 1500);
  // Only the task's own failure: the program's end (stopped for it) is not a second one.
  assert.deepEqual(run.failures.map((f) => [f.cause, f.message, f.location?.file, f.location?.line]), [
    ['timeout', 'the task ran past --timeout-ms 1500: the program was stopped', join(APPS, 'slow-task-worker.js'), 3],
  ]);
  const p = run.points[0];
  const late = run.failures[0].taskIndex;
  assert.equal(p.tasks.ok[late], false);
  assert.ok(p.tasks.endMs[late] - p.tasks.startMs[late] >= 1500, 'the timed-out task lasts at least the timeout');
  assert.ok(p.tasks.ok.filter(Boolean).length >= 1, 'the tasks that ended are kept');
});

test('an async message handler that rejects: the task fails and the program fails as it would unrecorded', async () => {
  const { result, run } = await record(['--workers', '1'], ['node', 'reject-handler.js']);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /reject-handler: worker error: async handler rejects/);
  assert.deepEqual(run!.failures.map((f) => [f.cause, f.message]), [['error', 'async handler rejects'], ['exit', 'the program exited with code 3']]);
  assert.equal(run!.failures[0].location?.file, join(APPS, 'reject-handler.js'));
});

test('a program that runs no tasks: exit 0, the run saved, and a notice that nothing was recorded', async () => {
  const { result, run } = await record(['--workers', '1'], ['node', '-e', '1']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(run!.points[0].tasks.index.length, 0);
  assert.match(result.stderr, /No tasks were recorded/);
});

test('bad input exits 2 with one clear message', async () => {
  const none = await record([], []);
  assert.equal(none.result.code, 2);
  assert.match(none.result.stderr, /^scalescope: record needs a command after --/);
  assert.equal(none.result.stderr.trim().split('\n').length, 1);

  const missing = await record(['--workers', '1', '--quiet'], ['no-such-command-xyz', 'app.js']);
  assert.equal(missing.result.code, 2);
  assert.equal(missing.result.stderr.trim(), 'scalescope: command not found: no-such-command-xyz');

  const badWindow = await record(['--duration', '0'], ['node', 'raw-pool.js']);
  assert.equal(badWindow.result.code, 2);
  assert.match(badWindow.result.stderr, /--duration/);

  const badCount = await record(['--workers', '0'], ['node', 'raw-pool.js']);
  assert.equal(badCount.result.code, 2);
  assert.match(badCount.result.stderr, /--workers/);
});
