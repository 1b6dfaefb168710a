// The fleet's additions to the run file (docs/fleet.md): top-level `fleet` and `hosts`, the optional
// per-task columns `host` and `receivedMs`, a point's `placement`, the 'lost-worker' failure cause and
// a failure's `host`. All optional: a run without them stays valid, and every path that handles the
// task columns (validation, codec, packed form, the page's decode, exports) carries them when present.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OPTIONAL_TASK_COLUMNS, packTaskColumns, readPackedTaskColumns } from '../../common/packedColumns';
import { encodeRunColumns, parseRunFile, presentTaskColumns, runJsonChunks, TaskColumns, TASK_COLUMN_KIND, TASK_COLUMNS, type RunFile } from '../../common/runFile';
import { decodeTasks } from '../../webview/decodeTasks';
import { validateRun } from '../../webview/validateRun';
import { scalingTableCsv } from '../../server/export/csv';
import { runToTrace } from '../../server/export/trace';
import { appendRepeatColumns, emptyPackedTaskColumns, engineColumns } from '../../server/engine/repeatColumns';
import { createTable } from '../../server/worker/taskTable';
import { sampleRun } from './export-helpers';

function fleetRun(): RunFile {
  const run = sampleRun();
  run.fleet = { redisUrl: 'redis://10.0.0.5:6379/0', policy: 'spread' };
  run.hosts = [
    { name: 'hostA', cpus: 8, slots: 2, cpuModel: 'A CPU', node: 'v22.0.0', platform: 'linux', clockOffsetMs: 0.25, clockUncertaintyMs: 0.1 },
    { name: 'hostB', cpus: 4, slots: 1, cpuModel: 'B CPU', node: 'v22.0.0', platform: 'linux', clockOffsetMs: -41.5, clockUncertaintyMs: 0.3, joinedAtMs: 1200 },
  ];
  for (const p of run.points) {
    const t = p.tasks as TaskColumns;
    t.host = t.worker.map((w) => (w === 0 ? 0 : 1));
    t.receivedMs = t.endMs.map((e) => e + 0.5);
    t.enqueuedMs = t.startMs.map((st) => Math.max(0, st - 1.25));
    p.placement = p.workers === 1 ? [{ host: 0, slots: 1 }] : [{ host: 0, slots: 1 }, { host: 1, slots: 1 }];
  }
  run.failures.push({ workers: 2, repeat: 0, taskIndex: 1, cause: 'lost-worker', message: 'hostB stopped answering', location: null, host: 1 });
  return run;
}

const text = (run: RunFile): string => [...runJsonChunks(run)].join('');

test('the optional task columns are the zod schema\'s optional ones, and come after the required ones', () => {
  const optional = TASK_COLUMNS.filter((k) => TaskColumns.shape[k].isOptional());
  assert.deepEqual(new Set(optional), OPTIONAL_TASK_COLUMNS);
  assert.deepEqual(TASK_COLUMNS.slice(-optional.length), optional, 'index (the length every column is checked against) comes first');
});

test('a fleet run round-trips through the file: hosts, fleet, placement, host and receivedMs columns, lost-worker failures', () => {
  const run = fleetRun();
  const back = parseRunFile(text(run));
  assert.deepEqual(back.fleet, run.fleet);
  assert.deepEqual(back.hosts, run.hosts);
  assert.deepEqual(back.points.map((p) => p.placement), run.points.map((p) => p.placement));
  for (const [i, p] of back.points.entries()) {
    assert.deepEqual(p.tasks.host, run.points[i].tasks.host);
    assert.deepEqual(p.tasks.receivedMs, run.points[i].tasks.receivedMs);
    assert.deepEqual(p.tasks.enqueuedMs, run.points[i].tasks.enqueuedMs);
  }
  assert.deepEqual(back.failures.at(-1), run.failures.at(-1));
  // Packed on reading (the report panel's form) too.
  const packed = parseRunFile(text(run), 'run', true);
  assert.ok(packed.points[1].tasks.host as unknown instanceof Float64Array);
});

test('a run without the fleet additions stays valid and has no host column (absent, not empty)', () => {
  const back = parseRunFile(text(sampleRun()));
  assert.equal(back.hosts, undefined);
  for (const p of back.points) {
    assert.equal('host' in p.tasks, false);
    assert.equal('receivedMs' in p.tasks, false);
    assert.equal('enqueuedMs' in p.tasks, false);
    assert.deepEqual(presentTaskColumns(p.tasks), TASK_COLUMNS.filter((k) => !OPTIONAL_TASK_COLUMNS.has(k)));
  }
});

test('an optional column of the wrong length or kind is named', () => {
  const run = fleetRun();
  (run.points[1].tasks as TaskColumns).host = [0, 1];
  assert.throws(() => parseRunFile(text(run)), /points\[workers=2\]\.tasks\.host: has 2 entries, expected 6/);
  const run2 = fleetRun();
  (run2.points[0].tasks as { receivedMs: unknown }).receivedMs = [1, 2, null, 4, 5, 6];
  assert.throws(() => parseRunFile(text(run2)), /points\[workers=1\]\.tasks\.receivedMs/);
  const run3 = fleetRun();
  (run3.failures[0] as { cause: string }).cause = 'lost';
  assert.throws(() => parseRunFile(text(run3)), /cause/);
});

test('the page validates and decodes the optional columns, packed, encoded or deferred', () => {
  const run = fleetRun();
  const encoded = encodeRunColumns(run) as RunFile;
  for (const form of [run, encoded, { ...run, points: run.points.map((p) => ({ ...p, tasks: packTaskColumns(p.tasks, TASK_COLUMN_KIND) })) }]) {
    const shown = validateRun(form === run ? JSON.parse(JSON.stringify(form)) : form);
    assert.deepEqual(Array.from(shown.points[1].tasks.host as ArrayLike<number>), run.points[1].tasks.host);
  }
  const cols = JSON.stringify(encoded.points.map((p) => p.tasks));
  const decoded = decodeTasks({ text: cols, kinds: TASK_COLUMN_KIND, points: run.points.map((p) => ({ where: `points[workers=${p.workers}].tasks`, rows: p.tasks.index.length })) });
  assert.deepEqual(Array.from(decoded[1].receivedMs!), run.points[1].tasks.receivedMs);
  const plain = sampleRun();
  const noHost = readPackedTaskColumns(plain.points[0].tasks as unknown as Record<string, unknown>, TASK_COLUMN_KIND, 'p');
  assert.equal(noHost.host, undefined);
});

test('the engine\'s packed columns leave the optional ones out of a local run', () => {
  const t = appendRepeatColumns(emptyPackedTaskColumns(), { table: createTable(0), order: new Int32Array(0), engine: engineColumns(new Int32Array(0)), t0: 0 }, 0);
  assert.equal(t.host, undefined);
  assert.equal(t.receivedMs, undefined);
  assert.equal(t.enqueuedMs, undefined);
});

test('a fleet repeat\'s enqueue times become the enqueuedMs column, relative to the repeat\'s start; a point keeps the optional columns it started with', () => {
  const table = createTable(2);
  table.start.set([1010, 1012]); table.end.set([1011, 1013]); table.worker.set([0, 0]); table.recvAt.set([NaN, NaN]);
  const engine = engineColumns(Int32Array.from([0, 1]));
  engine.submitAt.set([1009, 1011.5]);
  const rep = { table, order: Int32Array.from([0, 1]), engine, t0: 1000, hostOf: Float64Array.from([0, 0]), receivedAt: Float64Array.from([1011.5, 1013.5]), enqueuedAt: Float64Array.from([1000.25, 1000.25]) };
  const first = appendRepeatColumns(emptyPackedTaskColumns(true), rep, 0);
  assert.deepEqual(Array.from(first.enqueuedMs!), [0.25, 0.25]);
  // A point of a fleet run made before the column (host and receivedMs only) grows without it.
  const { enqueuedMs: _, ...older } = first;
  const grownCols = appendRepeatColumns(older as typeof first, { ...rep, table: createTable(0), order: new Int32Array(0), engine: engineColumns(new Int32Array(0)), enqueuedAt: undefined }, 1);
  assert.equal(grownCols.enqueuedMs, undefined);
  assert.equal(grownCols.host!.length, 2);
});

test('exports name the host: trace threads and task args, failures, CSV placement', () => {
  const run = fleetRun();
  const events = runToTrace(run).traceEvents;
  const threads = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === 3).map((e) => e.args?.name);
  assert.deepEqual(threads, ['worker 0 · hostA', 'worker 1 · hostB']);
  const task = events.find((e) => e.ph === 'X' && e.pid === 3 && e.tid === 2);
  assert.equal(task?.args?.host, 'hostB');
  assert.equal(typeof task?.args?.receivedMs, 'number');
  const lost = events.find((e) => e.name === 'task failed: lost-worker');
  assert.equal(lost?.args?.host, 'hostB');
  const csv = scalingTableCsv(run).split('\r\n');
  assert.ok(csv[0].endsWith(',hosts'));
  assert.ok(csv[2].endsWith(',hostA:1 hostB:1'));
  assert.ok(!scalingTableCsv(sampleRun()).includes('hosts'));
});
