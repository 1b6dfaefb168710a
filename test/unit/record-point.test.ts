// What `scalescope record` makes of recorded rows (server/record/recordedPoint.ts, recordedRows.ts):
// worker numbering, task order, failures, and a run file that every reader accepts (the run-file
// validator, the page's validator, the analysis).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUN_SCHEMA, runJsonChunks, parseRunFile, type RepeatMachine, type RunFile } from '../../common/runFile';
import { storedDefaults } from '../../common/runOptions';
import { analyzeRun } from '../../server/analysis';
import { gcPerTask, recordedPoint, type RecordedRepeat } from '../../server/record/recordedPoint';
import { readRecordedThreads, type RecordedThread } from '../../server/record/recordedRows';
import * as recordEnv from '../../server/record/recordEnv';
import type { TaskRow } from '../../server/record/recordEnv';
import { TaskLocations } from '../../server/record/taskLocations';
import { validateRun } from '../../webview/validateRun';

const T0 = 1_700_000_000_000;
const machine: RepeatMachine = { repeat: 0, order: 0, wallMs: 100, systemCpuMs: 150, ownCpuMs: 150, externalCpuMs: 0, externalLoadCores: 0, runQueueMs: null, cpuMhz: null, source: 'proc' };

function row(seq: number, start: number, end: number, ok: 0 | 1 = 1, error: string | null = null): TaskRow {
  return [seq, T0 + start, T0 + end, ok, 0.1, 1, 1, null, 0, 0, error];
}

function thread(threadId: number, tasks: TaskRow[], gc: [number, number][] = [], startedMs: number | null = null, gcUnobserved = false): RecordedThread {
  return { pid: 100, threadId, tasks, gc, gcUnobserved, profile: null, unfinished: new Map(), posts: [], elu: null, threadpool: [], threadpoolSize: null, startedMs: startedMs === null ? null : T0 + startedMs, locations: new Map([[0, { file: '/app/worker.js', line: 7, column: 3 }]]) };
}

function repeat(r: number, threads: RecordedThread[], programFailure: RecordedRepeat['programFailure'] = null): RecordedRepeat {
  return { repeat: r, startMs: T0, endMs: T0 + 100, threads, programFailure, machine: { ...machine, repeat: r }, cores: { repeat: r, timesMs: [], busy: [], source: 'proc-stat' } };
}

test('threads are numbered by their first task, tasks indexed in start order, times relative to the program start', () => {
  const { point, failures } = recordedPoint(2, [repeat(0, [thread(2, [row(0, 12, 30)]), thread(1, [row(0, 10, 20), row(1, 21, 40)])])]);
  assert.equal(point.workers, 2);
  assert.deepEqual(point.tasks.worker, [0, 1, 0]);
  assert.deepEqual(point.tasks.index, [0, 1, 2]);
  assert.deepEqual(point.tasks.startMs, [10, 12, 21]);
  assert.deepEqual(point.tasks.endMs, [20, 30, 40]);
  assert.deepEqual(point.makespansMs, [100]);
  assert.deepEqual(point.workerStats.map((w) => [w.worker, w.tasks, w.busyMs, w.threadId]), [[0, 2, 29, 1], [1, 1, 18, 2]]);
  assert.deepEqual(failures, []);
});

test('a failed task and a failed program are failures; without a swept count the point has the threads seen', () => {
  const { point, failures } = recordedPoint(null, [repeat(0, [thread(1, [row(0, 0, 5, 0, 'boom')]), thread(3, [row(0, 1, 6)]), thread(4, [row(0, 2, 7)])], { cause: 'exit', message: 'the program exited with code 1' })]);
  assert.equal(point.workers, 3);
  assert.deepEqual(failures.map((f) => [f.workers, f.taskIndex, f.cause, f.message, f.location?.line ?? null]), [[3, 0, 'error', 'boom', 7], [3, -1, 'exit', 'the program exited with code 1', null]]);
});

test('GC pauses are charged to the tasks of their thread that they overlap', () => {
  const tasks = [row(0, 0, 10), row(1, 10, 20), row(2, 30, 40)];
  const gc: [number, number][] = [[T0 + 5, T0 + 12], [T0 + 22, T0 + 25], [T0 + 39, T0 + 41]];
  assert.deepEqual(gcPerTask(tasks, gc), [5, 2, 1]);
  const { point } = recordedPoint(1, [repeat(0, [thread(1, tasks, gc)])]);
  assert.deepEqual(point.tasks.gcMs, [5, 2, 1]);
  assert.equal(point.workerStats[0].gcMs, 12);
});

test('a thread whose GC pauses could not be observed is marked, and the analysis says its GC is unknown', () => {
  const tasks = [row(0, 0, 10), row(1, 10, 20)];
  const { point } = recordedPoint(2, [repeat(0, [thread(1, tasks, [], null, true), thread(2, [row(0, 0, 15)])])]);
  assert.deepEqual(point.workerStats.map((w) => [w.worker, w.gcUnobserved ?? false]), [[0, true], [1, false]]);
  const run = recordedRun([point]);
  const notes = analyzeRun(run).notes.filter((n) => n.startsWith('GC pauses could not be observed'));
  assert.equal(notes.length, 1);
  assert.match(notes[0], /\(1 of 2 at 2 workers\)/);
  assert.equal(validateRun(JSON.parse([...runJsonChunks(run)].join(''))).points[0].workerStats[0].gcUnobserved, true);
});

test('every row tag names one kind of row', () => {
  const tags = Object.entries(recordEnv).filter(([name]) => name.endsWith('_TAG')).map(([, tag]) => tag);
  assert.ok(tags.length >= 9);
  assert.equal(new Set(tags).size, tags.length, `tags: ${tags.join(' ')}`);
});

test('rows read back: the final line of a task supersedes its provisional one, a torn last line is skipped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scalescope-rows-'));
  try {
    writeFileSync(join(dir, '100-1.jsonl'), [`["S",${T0 - 30}]`, '["L",0,"/app/w.js",3,1]', JSON.stringify(row(0, 1, 2)), JSON.stringify(row(0, 1, 3)), `["G",${T0 + 4},${T0 + 4.5}]`, JSON.stringify(row(1, 4, 5)), '[2,17'].join('\n'));
    writeFileSync(join(dir, 'notes.txt'), 'not rows');
    // A thread that said its GC was unobserved and wrote no pause; one that said so and later wrote one.
    writeFileSync(join(dir, '100-2.jsonl'), [JSON.stringify(row(0, 1, 2)), '["N"]'].join('\n'));
    writeFileSync(join(dir, '100-3.jsonl'), [JSON.stringify(row(0, 1, 2)), '["N"]', `["G",${T0 + 4},${T0 + 4.5}]`].join('\n'));
    const all = readRecordedThreads(dir).sort((a, b) => a.threadId - b.threadId);
    assert.deepEqual(all.map((t) => [t.threadId, t.gcUnobserved]), [[1, false], [2, true], [3, false]]);
    const threads = all.slice(0, 1);
    assert.deepEqual(threads[0].tasks.map((r) => r[2] - T0), [3, 5]);
    assert.deepEqual(threads[0].locations.get(0), { file: '/app/w.js', line: 3, column: 1 });
    assert.deepEqual(threads[0].gc, [[T0 + 4, T0 + 4.5]]);
    assert.equal(threads[0].startedMs, T0 - 30);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function recordedRun(points: RunFile['points']): RunFile {
  return {
    schema: RUN_SCHEMA, id: 'app-1', startedAt: new Date(T0).toISOString(), finishedAt: new Date(T0 + 1000).toISOString(), status: 'complete',
    workload: { kind: 'command', argv: ['node', 'app.js'], cwd: '/app', path: '/app/app.js', name: 'node app.js' },
    host: { cpus: 2, cpuModel: 'test', platform: 'linux', node: process.version },
    config: { ...storedDefaults(), workers: points.map((p) => p.workers) } as RunFile['config'],
    triedSuggestion: null, points, failures: [], analysis: null,
  };
}

test('a recorded run is a valid run file for every reader: file validator, page validator, analysis', () => {
  const points = [1, 2].map((p) => recordedPoint(p, [repeat(0, Array.from({ length: p }, (_, k) => thread(k + 1, [row(0, 1, 40 / p), row(1, 41, 80 / p + 40)])))]).point);
  const run = recordedRun(points);
  run.analysis = analyzeRun(run);
  assert.equal(run.analysis.scaling.length, 2);
  const text = [...runJsonChunks(run)].join('');
  const read = parseRunFile(text, 'recorded run');
  assert.deepEqual(read.workload, run.workload);
  assert.equal(validateRun(JSON.parse(text)).workload.kind, 'command');
});

test('pool-churn: threads started far beyond the worker count, with their start-up, give a suggestion bounded by the work', () => {
  // At 2 workers, 8 threads (a pool per call): each starts 40 ms before its one 8 ms task.
  const churned = Array.from({ length: 8 }, (_, k) => thread(k + 1, [row(0, 40 + 7 * k, 48 + 7 * k)], [], 7 * k));
  const steady = [thread(1, [row(0, 30, 60), row(1, 60, 90)], [], 0), thread(2, [row(0, 31, 61), row(1, 61, 91)], [], 1)];
  const { point } = recordedPoint(2, [repeat(0, churned)]);
  assert.deepEqual(point.workerStats.slice(0, 2).map((w) => [w.startedMs, w.firstTaskMs]), [[0, 40], [7, 47]]);
  const run = recordedRun([recordedPoint(1, [repeat(0, [thread(1, [row(0, 30, 90)], [], 0)])]).point, point]);
  const s = analyzeRun(run).suggestions.find((x) => x.kind === 'pool-churn');
  assert.ok(s, JSON.stringify(analyzeRun(run).suggestions.map((x) => x.kind)));
  assert.match(s.title, /^Threads are started again and again: 8 for 2 workers \(40(\.0)? ms of start-up each\)/);
  // 6 extra start-ups of 40 ms over 2 workers is 120 ms, bounded by 100 ms − 64 ms / 2 of work: 68 ms of the 2-worker point.
  assert.deepEqual((s.evidence as { points: unknown[] }).points, [{ workers: 2, threadsStarted: 8, startupMsMedian: 40, makespanMs: 100, savedMs: 68 }]);
  assert.equal(s.predictedGainPct, 68);
  const calm = recordedRun([recordedPoint(2, [repeat(0, steady)]).point]);
  assert.equal(analyzeRun(calm).suggestions.find((x) => x.kind === 'pool-churn'), undefined, 'one thread per worker: no churn');
});

test('libuv-pool: threadpool calls in flight beyond the pool, slower with more workers, on a machine with cores to spare', () => {
  const points = [1, 8].map((p) => recordedPoint(p, [repeat(0, Array.from({ length: p }, (_, k) => thread(k + 1, [row(0, 1, 90)])))]).point);
  points[0].threadpool = [{ repeat: 0, poolSize: 4, calls: 10, peakInFlight: 1, callMsMedian: 10, shareOfTaskTime: 0.6 }];
  points[1].threadpool = [{ repeat: 0, poolSize: 4, calls: 80, peakInFlight: 8, callMsMedian: 40, shareOfTaskTime: 0.7 }];
  const run = { ...recordedRun(points), host: { cpus: 16, cpuModel: 'test', platform: 'linux', node: process.version } };
  const s = analyzeRun(run).suggestions.find((x) => x.kind === 'libuv-pool');
  assert.ok(s, JSON.stringify(analyzeRun(run).suggestions.map((x) => x.kind)));
  assert.match(s.title, /queue for libuv's 4 threads: try UV_THREADPOOL_SIZE=8$/);
  assert.equal(s.evidence.suggestedThreadpoolSize, 8);
  assert.equal(s.predictedGainPct, null);
  // Not on a machine with no more CPUs than the pool, nor where the calls fit the pool.
  assert.equal(analyzeRun({ ...run, host: { ...run.host, cpus: 4 } }).suggestions.find((x) => x.kind === 'libuv-pool'), undefined);
  points[1].threadpool = [{ ...points[1].threadpool[0], peakInFlight: 4 }];
  assert.equal(analyzeRun({ ...run, points }).suggestions.find((x) => x.kind === 'libuv-pool'), undefined);
});

test('each task carries its location: an index into one table for the run, the column absent where no location is known', () => {
  const table = new TaskLocations();
  const a = thread(1, [row(0, 1, 10), row(1, 11, 20)]);
  const b: RecordedThread = { ...thread(2, [row(0, 2, 12)]), locations: new Map([[0, { file: '/app/other.js', line: 3, column: 5 }]]) };
  const unknown: RecordedThread = { ...thread(3, [[0, T0 + 3, T0 + 13, 1, 0.1, 1, 1, null, 0, null, null]]) };
  const one = recordedPoint(1, [repeat(0, [a])], table).point;
  const two = recordedPoint(3, [repeat(0, [b, a, unknown])], table).point;
  assert.deepEqual(table.list, [{ file: '/app/worker.js', line: 7, column: 3 }, { file: '/app/other.js', line: 3, column: 5 }]);
  assert.deepEqual(one.tasks.location, [0, 0]);
  assert.deepEqual(two.tasks.location, [0, 1, null, 0]);
  assert.equal('location' in recordedPoint(1, [repeat(0, [unknown])], table).point.tasks, false);

  const run = { ...recordedRun([one, two]), taskLocations: table.list };
  run.analysis = analyzeRun(run);
  const text = [...runJsonChunks(run)].join('');
  const read = parseRunFile(text, 'recorded run');
  assert.deepEqual(read.taskLocations, table.list);
  assert.deepEqual(read.points.map((p) => p.tasks.location), [[0, 0], [0, 1, null, 0]]);
  assert.deepEqual(Array.from(validateRun(JSON.parse(text)).points[1].tasks.location!), [0, 1, NaN, 0]);
});

test('per-location hints: lock waits, GC and run-queue delay of a task function\'s tasks, as a share of the workers\' time, at its line', () => {
  const waits = (th: RecordedThread, lockMs: number): RecordedThread => ({ ...th, tasks: th.tasks.map((r) => { const x = [...r] as TaskRow; x[8] = lockMs; return x; }) });
  const other: RecordedThread = { ...thread(2, [row(0, 0, 50), row(1, 50, 100)]), locations: new Map([[0, { file: '/app/other.js', line: 3, column: 5 }]]) };
  const table = new TaskLocations();
  // 1 worker: 2 tasks of 20 ms lock wait each in 100 ms; 2 workers: the same over 2 × 100 ms, plus the other function's tasks (no waits).
  const points = [
    recordedPoint(1, [repeat(0, [waits(thread(1, [row(0, 0, 50), row(1, 50, 100)]), 20)])], table).point,
    recordedPoint(2, [repeat(0, [waits(thread(1, [row(0, 0, 50), row(1, 50, 100)]), 20), other])], table).point,
  ];
  const run = { ...recordedRun(points), taskLocations: table.list };
  const hints = analyzeRun(run).hints.filter((h) => h.kind === 'lock-contention');
  assert.deepEqual(hints.map((h) => [h.file, h.line, h.severity, h.shareByWorkers]), [['/app/worker.js', 7, 'warning', [{ workers: 1, share: 0.4 }, { workers: 2, share: 0.2 }]]]);
  assert.match(hints[0].message, /^The tasks of this function were blocked in Atomics\.wait or a lock 40% of the workers' time at 1 worker \(1 worker: 40% · 2: 20%\): 2 tasks, 20(\.0)? ms each on average\.$/);
  // Run-queue delay: 0.1 ms per task (row()), under 1% of the workers' time: no hint.
  assert.equal(analyzeRun(run).hints.some((h) => h.kind === 'oversubscription'), false);
  // A run without the table (every workload run) gets none of these.
  assert.equal(analyzeRun(recordedRun(points)).hints.some((h) => h.kind === 'lock-contention'), false);
});

test('per-location run-queue delay is hinted from the points the noise verdict trusts only (on a busy machine it is other processes\' doing too)', () => {
  const queued = (th: RecordedThread): RecordedThread => ({ ...th, tasks: th.tasks.map((r) => { const x = [...r] as TaskRow; x[4] = 10; return x; }) });
  const points = [1, 2].map((p) => recordedPoint(p, [repeat(0, Array.from({ length: p }, (_, k) => queued(thread(k + 1, [row(0, 0, 50), row(1, 50, 100)]))))]).point);
  const table = new TaskLocations();
  table.indexOf({ file: '/app/worker.js', line: 7, column: 3 });
  const quiet = { ...recordedRun(points), taskLocations: table.list };
  const hint = analyzeRun(quiet).hints.find((h) => h.kind === 'oversubscription');
  assert.deepEqual(hint?.shareByWorkers, [{ workers: 1, share: 0.2 }, { workers: 2, share: 0.2 }]);
  // The same tasks measured while other processes used 1.5 of the 2 cores: not trusted, not hinted.
  const busyPoints = points.map((p) => ({ ...p, machine: (p.machine ?? []).map((m) => ({ ...m, externalCpuMs: 150, externalLoadCores: 1.5 })) }));
  const busy = { ...recordedRun(busyPoints), taskLocations: table.list };
  const analysis = analyzeRun(busy);
  assert.notEqual(analysis.quality?.verdict, 'ok');
  assert.equal(analysis.hints.some((h) => h.kind === 'oversubscription'), false);
});

test('a repeat\'s run-queue delay counts the tasks left out of the sample at the rate of those read', () => {
  const sampled = (seq: number, start: number, end: number, rq: number | null): TaskRow => [seq, T0 + start, T0 + end, 1, rq, null, null, null, 0, 0, null];
  // Read: 2 ms of delay over 20 ms of tasks (0.1 per ms); left out: 30 ms of tasks, 3 ms at that rate.
  const tasks = [sampled(0, 0, 10, 1), sampled(1, 10, 20, null), sampled(2, 20, 30, 1), sampled(3, 30, 50, null)];
  const { point } = recordedPoint(1, [repeat(0, [thread(1, tasks)])]);
  assert.equal(point.machine![0].runQueueMs, 5);
  // The per-task column keeps what was read: a task left out is null, never a guess.
  assert.deepEqual(point.tasks.runQueueMs, [1, null, 1, null]);
  // Nothing read at all: unknown, not 0.
  const { point: none } = recordedPoint(1, [repeat(0, [thread(1, [sampled(0, 0, 10, null)])])]);
  assert.equal(none.machine![0].runQueueMs, null);
});
