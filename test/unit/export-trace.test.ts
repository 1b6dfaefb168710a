import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runToTrace, traceJsonChunks } from '../../server/export/trace';
import { sampleRun, validateTrace } from './export-helpers';

void test('the trace of a run is valid Trace Event JSON, also after a JSON round trip', () => {
  const trace = runToTrace(sampleRun());
  validateTrace(trace);
  validateTrace(JSON.parse(JSON.stringify(trace)));
  assert.equal(trace.displayTimeUnit, 'ms');
  assert.equal(trace.metadata['scalescope-run'], 'sample-run');
});

void test('one process per sweep point and repeat, named by worker count and repeat', () => {
  const events = runToTrace(sampleRun()).traceEvents;
  const names = events.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => `${e.pid}:${e.args?.name}`);
  assert.deepEqual(names, ['1:1 worker · repeat 1', '2:1 worker · repeat 2', '3:2 workers · repeat 1', '4:2 workers · repeat 2']);
});

void test('one named thread track per worker, holding one X event per task in µs', () => {
  const events = runToTrace(sampleRun()).traceEvents;
  const threads = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === 3).map((e) => [e.tid, e.args?.name]);
  assert.deepEqual(threads, [[1, 'worker 0'], [2, 'worker 1']]);
  const tasks = events.filter((e) => e.ph === 'X');
  assert.equal(tasks.length, 12);
  // Named by function (every task slice is 'task'), the input index in args.
  assert.deepEqual([...new Set(tasks.map((e) => e.name))], ['task']);
  const first = tasks.find((e) => e.pid === 1 && e.args?.index === 1);
  assert.ok(first);
  assert.equal(first.ts, 11_000);
  assert.equal(first.dur, 10_000);
  assert.equal(first.tid, 1);
  assert.deepEqual(Object.keys(first.args ?? {}).sort(), ['bytesIn', 'bytesOut', 'coreEnd', 'coreStart', 'cpuMs', 'dispatch', 'gcMs', 'index', 'lockWaitMs', 'ok', 'queueMs', 'runQueueMs'].sort());
  assert.equal(first.args?.lockWaitMs, 0.25);
  assert.equal(first.args?.runQueueMs, null);
});

void test('a failed task is marked on its worker track at its end; one that never ran, on its process', () => {
  const events = runToTrace(sampleRun()).traceEvents;
  const failures = events.filter((e) => e.ph === 'i');
  assert.equal(failures.length, 2);
  const thrown = failures.find((e) => e.args?.cause === 'error');
  assert.deepEqual({ pid: thrown?.pid, tid: thrown?.tid, ts: thrown?.ts, s: thrown?.s }, { pid: 3, tid: 1, ts: 12_000, s: 't' });
  assert.equal(thrown?.args?.location, '/work/examples/sample.workload.js:7');
  const cancelled = failures.find((e) => e.args?.cause === 'cancelled');
  assert.deepEqual({ pid: cancelled?.pid, s: cancelled?.s, ts: cancelled?.ts }, { pid: 4, s: 'p', ts: 21_000 });
  assert.equal(thrown?.name, 'task failed: error');
  const failedSlice = events.find((e) => e.ph === 'X' && e.pid === 3 && e.args?.index === 2);
  assert.equal(failedSlice?.cat, 'task,failed');
});

void test('per-core utilisation counters hold each sample over the interval it measured', () => {
  const events = runToTrace(sampleRun()).traceEvents;
  const core1 = events.filter((e) => e.ph === 'C' && e.pid === 1 && e.name === 'core 1 busy %').map((e) => [e.ts, e.args?.busy]);
  assert.deepEqual(core1, [[0, 25], [10_000, 100], [20_000, 75], [30_000, 0]]);
});

void test('the queued-tasks counter rises at submit and falls when the dispatch starts', () => {
  const events = runToTrace(sampleRun()).traceEvents;
  // Repeat 1 of 1 worker: tasks submitted at 0, 10, 20 ms, each started 1 ms later.
  const queued = events.filter((e) => e.ph === 'C' && e.pid === 1 && e.name === 'queued tasks').map((e) => [e.ts, e.args?.tasks]);
  assert.deepEqual(queued, [[0, 1], [1000, 0], [10_000, 1], [11_000, 0], [20_000, 1], [21_000, 0]]);
});

void test('a run with no points still exports a valid (empty) trace', () => {
  const run = { ...sampleRun(), points: [], failures: [] };
  assert.equal(validateTrace(runToTrace(run)).length, 0);
});

void test('the validator rejects what a viewer would reject', () => {
  const ok = { name: 'a', ph: 'X', ts: 0, dur: 10, pid: 1, tid: 1 };
  assert.doesNotThrow(() => validateTrace({ traceEvents: [ok, { ...ok, ts: 2, dur: 3 }, { ...ok, ts: 10, dur: 1 }] }));
  assert.throws(() => validateTrace({ traceEvents: [ok, { ...ok, ts: 5, dur: 10 }] }), /overlaps/);
  assert.throws(() => validateTrace({ traceEvents: [{ ...ok, ts: -1 }] }), /ts/);
  assert.throws(() => validateTrace({ traceEvents: [{ ...ok, dur: undefined }] }), /dur/);
  assert.throws(() => validateTrace({ traceEvents: [{ ...ok, pid: 1.5 }] }), /pid/);
  assert.throws(() => validateTrace({ traceEvents: [{ ...ok, ph: 'C', args: { v: 'x' } }] }), /counter/);
  assert.throws(() => validateTrace({ traceEvents: [{ ...ok, ph: 'M', name: 'thread_name', args: {} }] }), /names nothing/);
  assert.throws(() => validateTrace([ok]), /not a JSON object/);
});

void test('CPU-profile samples become a nested flame chart on a track beside each worker', () => {
  const run = sampleRun();
  const nodes = [
    { id: 0, parent: -1, name: '(root)', file: null, line: null, selfMs: 0, totalMs: 6 },
    { id: 1, parent: 0, name: 'a', file: '/w/a.js', line: 3, selfMs: 2, totalMs: 5 },
    { id: 2, parent: 1, name: 'b', file: '/w/a.js', line: 9, selfMs: 3, totalMs: 3 },
    { id: 3, parent: 0, name: '', file: null, line: null, selfMs: 1, totalMs: 1 },
  ];
  // Runs of samples: b, b, a, (anonymous), a gap, then b again.
  const lane = { worker: 0, repeat: 0, startMs: [0, 1, 2, 3, 5], endMs: [1, 2, 3, 4, 6], node: [2, 2, 1, 3, 2] };
  run.points[0].flame = { samplingIntervalUs: 1000, repeats: [0], nodes, lanes: [lane] };
  const events = validateTrace(runToTrace(run));
  const track = events.filter((e) => e.pid === 1 && e.tid === 100_001);
  const slices = track.filter((e) => e.ph === 'X').map((e) => [e.name, e.ts, e.dur]);
  assert.deepEqual(slices, [['a', 0, 3000], ['b', 0, 2000], ['(anonymous)', 3000, 1000], ['a', 5000, 1000], ['b', 5000, 1000]]);
  assert.equal(track.find((e) => e.ph === 'X' && e.name === 'b')?.args?.location, '/w/a.js:9');
  const name = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === 1 && e.tid === 100_001);
  assert.equal(name?.args?.name, 'worker 0 · CPU profile');
  assert.equal(events.filter((e) => e.pid === 2 && e.tid === 100_001).length, 0, 'repeat 2 was not profiled');
});

void test('the chunked JSON text parses to the same trace, whatever the chunk size', () => {
  const trace = runToTrace(sampleRun());
  for (const size of [1, 7, 10_000]) {
    assert.deepEqual(JSON.parse([...traceJsonChunks(trace, size)].join('')), JSON.parse(JSON.stringify(trace)), `chunk size ${size}`);
  }
  const empty = { ...trace, traceEvents: [] };
  assert.deepEqual(JSON.parse([...traceJsonChunks(empty)].join('')), JSON.parse(JSON.stringify(empty)));
});
