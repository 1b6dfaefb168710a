// The million-task path keeps the run file as it was: a fixed synthetic task table goes through
// the engine's typed path (server/engine/repeatColumns.ts → common/typedColumnJson.ts) and through
// the plain path it replaced (one JS value per task, encodeColumn), and the two files are the same
// bytes; a checked-in digest pins that text. Random columns: the typed writer = the plain encoder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { encodeColumn, type ColumnKind } from '../../common/columnCodec';
import { packColumn, unpackColumn, type PackedTaskColumns } from '../../common/packedColumns';
import { RUN_SCHEMA, TASK_COLUMNS, presentTaskColumns, TASK_COLUMN_KIND, emptyTaskColumns, parseRunFile, runJsonChunks, type RunFile, type TaskColumns } from '../../common/runFile';
import { seededRandom } from '../../common/stats';
import { typedColumnJson } from '../../common/typedColumnJson';
import { appendRepeatColumns, emptyPackedTaskColumns, engineColumns, reserveRepeatColumns, type RepeatRows } from '../../server/engine/repeatColumns';
import { createTable, TABLE_FIELDS, type TableField } from '../../server/worker/taskTable';
import { analyzeRun } from '../../server/analysis';

/** A repeat's shared task table as the workers leave it: batches, failures, rows never run, nulls. */
function syntheticRepeat(seed: number, rows: number, batch: number): RepeatRows {
  const rand = seededRandom(seed);
  const t0 = 1_764_000_000_000 + rand() * 1000;
  const table = createTable(rows);
  const order = Int32Array.from({ length: rows }, (_, row) => (row * 7919) % rows);
  const engine = engineColumns(order);
  const { dispatch: dispatchOf, submitAt } = engine;
  const clock = [t0 + 5, t0 + 5.2];
  for (let row = 0; row < rows; row++) {
    if (row >= rows - 37) continue; // cancelled before dispatch: never ran
    const d = Math.floor(row / batch);
    const w = d % 2;
    dispatchOf[row] = d;
    submitAt[row] = t0 + d * 0.05 + rand() * 0.01;
    clock[w] += 0.0017 + (rand() < 0.1 ? rand() * 0.3 : 0.001);
    table.worker[row] = row % 501 === 500 ? NaN : w;
    table.recvAt[row] = row % batch === 0 ? submitAt[row] + rand() * 0.2 : NaN;
    table.start[row] = clock[w];
    clock[w] += rand() < 0.01 ? 1 + rand() : 0.0005 + rand() * 0.002;
    table.end[row] = clock[w];
    table.cpuMs[row] = rand() < 0.05 ? rand() * 3 : NaN;
    table.runQueueMs[row] = rand() < 0.1 ? NaN : Math.floor(rand() * 3) * 0.0013;
    table.coreStart[row] = rand() < 0.02 ? NaN : w;
    table.coreEnd[row] = table.coreStart[row];
    table.lockWaitMs[row] = rand() < 0.95 ? NaN : rand();
    table.gcMs[row] = rand() < 0.99 ? 0 : rand() * 2;
    table.bytesIn[row] = 8;
    table.bytesOut[row] = rand() < 0.5 ? 8 : NaN;
    table.ok[row] = rand() < 0.003 ? 0 : 1;
  }
  return { table, order, engine, t0 };
}

/** The columns as the engine built them before (one JS value per task, null for not measured). */
function plainAppend(t: TaskColumns, rep: RepeatRows, repeat: number): void {
  const { table, order, t0 } = rep;
  const round3 = (x: number): number => Math.round(x * 1000) / 1000;
  const val = (row: number, f: TableField): number | null => (Number.isNaN(table[f][row]) ? null : round3(table[f][row]));
  const { dispatch: dispatchOf, submitAt } = rep.engine;
  for (let row = 0; row < order.length; row++) {
    const start = table.start[row];
    if (Number.isNaN(start)) continue;
    const recv = table.recvAt[row];
    t.index.push(order[row]);
    t.repeat.push(repeat);
    t.worker.push(Number.isNaN(table.worker[row]) ? -1 : table.worker[row]);
    t.dispatch.push(dispatchOf[row]);
    t.submitMs.push(round3(submitAt[row] - t0));
    t.startMs.push(round3(start - t0));
    t.endMs.push(round3(table.end[row] - t0));
    t.queueMs.push(Number.isNaN(recv) ? 0 : round3(Math.max(0, recv - submitAt[row])));
    t.cpuMs.push(val(row, 'cpuMs'));
    t.runQueueMs.push(val(row, 'runQueueMs'));
    t.coreStart.push(val(row, 'coreStart'));
    t.coreEnd.push(val(row, 'coreEnd'));
    t.lockWaitMs.push(val(row, 'lockWaitMs') ?? 0);
    t.gcMs.push(val(row, 'gcMs') ?? 0);
    t.bytesIn.push(val(row, 'bytesIn'));
    t.bytesOut.push(val(row, 'bytesOut'));
    t.ok.push(table.ok[row] === 1);
  }
}

function runWith(tasks: RunFile['points'][number]['tasks']): RunFile {
  return {
    schema: RUN_SCHEMA, id: 'synthetic', startedAt: '2026-12-02T00:00:00.000Z', finishedAt: '2026-12-02T00:00:10.000Z', status: 'complete',
    workload: { path: '/w/synthetic.workload.js', name: 'synthetic.workload.js' }, host: { cpus: 2, cpuModel: 'test', platform: 'linux', node: 'v20' },
    config: { workers: [2], repeat: 2, warmup: 0, timeoutMs: 30_000, batch: 100, order: 'given' },
    points: [{ workers: 2, makespanMs: 12.5, makespansMs: [12, 13], tasks, cores: [], workerStats: [], machine: [] }],
    failures: [], analysis: null,
  };
}

const text = (run: RunFile): string => [...runJsonChunks(run)].join('');

test('a fixed synthetic task table gives the same run file, byte for byte, through the typed path and the plain one', () => {
  const reps = [syntheticRepeat(1, 20_000, 100), syntheticRepeat(2, 20_000, 100)];
  let packed: PackedTaskColumns = emptyPackedTaskColumns();
  const plain = emptyTaskColumns();
  // The plain path first: the typed one turns the table into columns in place.
  reps.forEach((rep, r) => { plainAppend(plain, rep, r); packed = appendRepeatColumns(packed, rep, r); });
  assert.deepStrictEqual(presentTaskColumns(packed), presentTaskColumns(plain));
  for (const key of presentTaskColumns(plain)) {
    assert.deepStrictEqual(unpackColumn(packed[key]!, TASK_COLUMN_KIND[key]), plain[key], `column ${key}`);
    assert.equal([...typedColumnJson(packed[key]!, TASK_COLUMN_KIND[key], 1000)].join(''), JSON.stringify(encodeColumn(plain[key]!)), `stored ${key}`);
  }
  const typedText = text(runWith(packed));
  assert.equal(typedText, text(runWith(plain)));
  // Saved twice (after the repeat, then with the analysis), the second reuses the first's text.
  assert.equal(text(runWith(packed)), typedText);
  // Pinned: the text of this fixed run (a change to the codec or the rounding shows here).
  assert.equal(createHash('sha256').update(typedText).digest('hex').slice(0, 16), '24a525e6606b0ff4');
  // And it reads back to the same values.
  const back = parseRunFile(typedText).points[0].tasks as TaskColumns;
  for (const key of TASK_COLUMNS) assert.deepStrictEqual(back[key], plain[key], `read back ${key}`);
});

test("a point's first repeat is its task table: the columns are views of the table's memory, no copy", () => {
  const rep = syntheticRepeat(1, 5_000, 100);
  const plain = emptyTaskColumns();
  plainAppend(plain, rep, 0);
  const t = appendRepeatColumns(emptyPackedTaskColumns(), rep, 0, reserveRepeatColumns(emptyPackedTaskColumns(), 5_000));
  for (const f of TABLE_FIELDS) assert.equal(rep.table[f].buffer, rep.table.sab, `${f} is a view of the table`);
  for (const key of ['worker', 'startMs', 'endMs', 'queueMs', 'cpuMs', 'runQueueMs', 'coreStart', 'coreEnd', 'lockWaitMs', 'gcMs', 'bytesIn', 'bytesOut', 'ok'] as const) {
    assert.equal(t[key].buffer, rep.table.sab, `column ${key} lives in the table`);
  }
  assert.equal(t.dispatch.buffer, rep.engine.dispatch.buffer);
  assert.equal(t.submitMs.buffer, rep.engine.submitAt.buffer);
  assert.equal(t.index.length, 5_000 - 37, 'rows never run are left out');
  for (const key of presentTaskColumns(plain)) assert.deepStrictEqual(unpackColumn(t[key]!, TASK_COLUMN_KIND[key]), plain[key], `column ${key}`);
});

test('columns reserved before a later repeat (memory mapped ahead) hold the same rows; fewer rows than reserved take fresh arrays', () => {
  // Each path gets its own copy of the fixed repeats: the first turns them into columns in place.
  const reps = (): RepeatRows[] => [syntheticRepeat(1, 5_000, 100), syntheticRepeat(2, 5_000, 100)];
  let fresh: PackedTaskColumns = emptyPackedTaskColumns();
  reps().forEach((rep, r) => { fresh = appendRepeatColumns(fresh, rep, r); });
  let viaReserve: PackedTaskColumns = emptyPackedTaskColumns();
  reps().forEach((rep, r) => {
    // The fixture leaves its last 37 rows unrun (a cancelled tail); a whole repeat runs every row.
    let ran = 0;
    for (let row = 0; row < rep.order.length; row++) if (!Number.isNaN(rep.table.start[row])) ran++;
    const reserved = reserveRepeatColumns(viaReserve, ran);
    const before = viaReserve;
    viaReserve = appendRepeatColumns(viaReserve, rep, r, reserved);
    if (r === 0) assert.equal(reserved, null, 'a point with no rows reserves nothing: its table becomes its columns');
    else {
      assert.equal(viaReserve, reserved, 'every row ran: the reserved arrays are the result');
      assert.notEqual(viaReserve.index, before.index, 'columns already in a point are not written in place');
    }
  });
  for (const key of TASK_COLUMNS) assert.deepStrictEqual(viaReserve[key], fresh[key], `column ${key}`);
  // A cancelled repeat after a first one: some rows never started, so the reserved room does not fit.
  const first = appendRepeatColumns(emptyPackedTaskColumns(), syntheticRepeat(4, 100, 10), 0);
  const partial = syntheticRepeat(3, 100, 10);
  for (let row = 50; row < 100; row++) partial.table.start[row] = NaN;
  const reserved = reserveRepeatColumns(first, 100);
  const t = appendRepeatColumns(first, partial, 1, reserved);
  assert.notEqual(t, reserved);
  assert.equal(t.index.length, first.index.length + 50);
});

test('the analysis of packed columns equals the analysis of the same columns plain', () => {
  let packed: PackedTaskColumns = emptyPackedTaskColumns();
  const plain = emptyTaskColumns();
  [syntheticRepeat(3, 3000, 50), syntheticRepeat(4, 3000, 50)].forEach((rep, r) => { plainAppend(plain, rep, r); packed = appendRepeatColumns(packed, rep, r); });
  assert.deepStrictEqual(analyzeRun(runWith(packed)), analyzeRun(runWith(plain)));
});

/** A column of some random shape, as plain values, and its kind. */
function randomColumn(rand: () => number, shape: number): { values: (number | boolean | null)[]; kind: ColumnKind } {
  const n = [0, 1, 2, 17, 300, 5000][Math.floor(rand() * 6)];
  const pick = <T>(f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
  const r3 = (x: number): number => Math.round(x * 1000) / 1000 + 0;
  const maybeNull = (v: number): number | null => (rand() < 0.2 ? null : v);
  let acc = 0;
  switch (shape % 9) {
    case 0: return { values: pick(() => Math.floor(rand() * 2000) - 1000), kind: 'number' };
    case 1: return { values: pick(() => maybeNull(r3((acc += rand() * 3)))), kind: 'nullableNumber' };
    case 2: return { values: pick(() => (rand() - 0.5) * 1e6 * rand()), kind: 'number' };
    case 3: return { values: pick(() => rand() < 0.9), kind: 'boolean' };
    case 4: return { values: pick(() => (rand() < 0.5 ? null : Math.floor(rand() * 3))), kind: 'nullableNumber' };
    case 5: return { values: pick(() => 7), kind: 'number' };
    case 6: return { values: pick((i) => Math.floor(i / 100)), kind: 'number' };
    case 7: return { values: pick(() => null), kind: 'nullableNumber' };
    default: return { values: pick((i) => maybeNull(i % 3 === 0 ? r3(rand() * 10) : rand() < 0.5 ? 1e15 * rand() : Math.floor(rand() * 9007199254740991))), kind: 'nullableNumber' };
  }
}

test('random columns: the typed writer writes what the plain encoder writes', () => {
  const rand = seededRandom(11);
  for (let t = 0; t < 500; t++) {
    const { values, kind } = randomColumn(rand, t);
    const typed = [...typedColumnJson(packColumn(values, kind), kind, 64)].join('');
    assert.equal(typed, JSON.stringify(encodeColumn(values)), `shape ${t % 9}, ${values.length} values`);
  }
});
