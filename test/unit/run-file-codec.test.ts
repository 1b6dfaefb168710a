// Run file v2: per-task columns stored encoded (common/columnCodec.ts). Lossless round trips,
// the codec picked, strict validation naming the column, v1 still read, save → load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeColumn, encodeColumn, encodedSizes, storedColumnJson, type ColumnKind, type EncodedColumn } from '../../common/columnCodec';
import { RUN_SCHEMA, RUN_SCHEMA_V1, RunFileError, encodeRunColumns, parseRunFile, runJsonChunks, validateRunFile, type PlainRunFile, type RunFile } from '../../common/runFile';
import { loadRun, saveRun } from '../../server/engine/runStore';
import { validateRun } from '../../webview/validateRun';
import { packRunForWebview } from '../../common/webviewMessages';
import { syntheticRun } from '../fixtures/syntheticRun';
import { seededRandom } from '../../common/stats';

const r3 = (x: number): number => Math.round(x * 1000) / 1000 + 0; // + 0: no -0 (JSON cannot hold it)

/** A column of some random shape, and the kind that holds it. */
function randomColumn(rand: () => number, shape: number): { values: (number | boolean | null)[]; kind: ColumnKind } {
  const n = [0, 1, 2, 17, 300, 5000][Math.floor(rand() * 6)];
  const nulls = rand() < 0.3;
  const pick = <T>(f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
  const maybeNull = (v: number): number | null => (nulls && rand() < 0.2 ? null : v);
  let acc = 0;
  switch (shape % 11) {
    case 0: return { values: pick(() => Math.floor(rand() * 2000) - 1000), kind: 'number' }; // ints, negatives
    case 1: return { values: pick(() => maybeNull(r3((acc += rand() * 3)))), kind: 'nullableNumber' }; // µs times, increasing
    case 2: return { values: pick(() => (rand() - 0.5) * 1e6 * rand()), kind: 'number' }; // arbitrary floats
    case 3: return { values: pick(() => r3(-rand() * 50)), kind: 'number' }; // negative µs floats
    case 4: return { values: pick(() => rand() < 0.9), kind: 'boolean' };
    case 5: return { values: pick(() => (rand() < 0.5 ? null : Math.floor(rand() * 3))), kind: 'nullableNumber' }; // nulls mixed in
    case 6: return { values: pick(() => 7), kind: 'number' }; // one long constant run
    case 7: return { values: pick((i) => Math.floor(i / 100)), kind: 'number' }; // runs (dispatch, worker)
    case 10: return { values: pick((i) => maybeNull(i % 700)), kind: 'nullableNumber' }; // counters (index, per repeat)
    case 8: return { values: pick(() => (rand() < 0.01 ? r3(rand()) : 0)), kind: 'number' }; // mostly zero, a few µs values (gcMs)
    default: return { values: pick((i) => maybeNull(i % 3 === 0 ? r3(rand() * 10) : rand() < 0.5 ? 1e15 * rand() : Math.floor(rand() * 9007199254740991))), kind: 'nullableNumber' }; // a mix, big ints
  }
}

function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

test('random columns round-trip exactly through encode → JSON → decode, in the smallest form', () => {
  const rand = seededRandom(7);
  const seen = new Set<string>();
  for (let t = 0; t < 600; t++) {
    const { values, kind } = randomColumn(rand, t);
    const stored = encodeColumn(values);
    const text = JSON.stringify(stored);
    const back = decodeColumn(JSON.parse(text), kind, values.length);
    assert.ok(sameValues(back, values), `shape ${t % 11}, ${values.length} values, stored as ${text.slice(0, 200)}`);
    assert.deepStrictEqual(back, values);
    // The sizes are computed, not serialized: they must be exact, and the pick the smallest.
    const sizes = encodedSizes(values)!;
    assert.equal(sizes.plain, JSON.stringify(values).length, `plain size, shape ${t % 11}`);
    assert.equal(text.length, Math.min(sizes.plain, sizes.rle, sizes.delta ?? Infinity, sizes.deltaRle ?? Infinity), `picked size, shape ${t % 11}`);
    // Written in pieces, it is the same text.
    assert.equal([...storedColumnJson(stored, 64)].join(''), text);
    seen.add(Array.isArray(stored) ? 'plain' : stored.codec);
  }
  assert.deepEqual([...seen].sort(), ['delta', 'delta-rle', 'plain', 'rle'], 'every codec was exercised');
});

test('the codec picked for typical columns', () => {
  const n = 10_000;
  const codec = (values: unknown[]): string => { const s = encodeColumn(values); return Array.isArray(s) ? 'plain' : `${s.codec}${'scale' in s ? `/${s.scale}` : ''}`; };
  const index = Array.from({ length: n }, (_, i) => i);
  assert.equal(codec(index), 'delta-rle/1');
  assert.deepEqual(encodeColumn(index), { codec: 'delta-rle', scale: 1, values: [0, 1], counts: [1, n - 1] });
  assert.equal(codec(Array(n).fill(true)), 'rle');
  assert.deepEqual(encodeColumn(Array(n).fill(true)), { codec: 'rle', values: [true], counts: [n] });
  assert.equal(codec(Array(n).fill(null)), 'rle', 'cpuMs on Node 20');
  assert.equal(codec(Array.from({ length: n }, (_, i) => Math.floor(i / 1000))), 'rle', 'dispatch');
  let t = 0;
  const rand = seededRandom(3);
  assert.equal(codec(Array.from({ length: n }, () => r3((t += 0.004 + rand() * 0.01)))), 'delta/1000', 'startMs');
  assert.equal(codec(Array.from({ length: n }, () => rand() * 100)), 'plain', 'arbitrary floats');
  const odd = [1, 2, 'three', 4];
  assert.equal(encodeColumn(odd), odd, 'anything but numbers, null and booleans is left as it is');
  const inf = [1, Infinity, 1, 1, 1, 1, 1];
  assert.equal(encodeColumn(inf), inf);
});

/** A realistic small run: what the engine records for a few batched dispatches. */
function engineLikeRun(tasks = 40, workers = 2): PlainRunFile {
  return validateRunFile({ ...syntheticRun({ workers: [workers], tasks, repeat: 2, failures: 1 }), schema: RUN_SCHEMA }, 'fixture');
}

function runWithColumn(key: string, stored: unknown, schema: string = RUN_SCHEMA): unknown {
  const run = JSON.parse(JSON.stringify(schema === RUN_SCHEMA ? encodeRunColumns(engineLikeRun(10)) : engineLikeRun(10))) as { schema: string; points: { tasks: Record<string, unknown> }[] };
  run.schema = schema;
  run.points[0].tasks[key] = stored;
  return run;
}

test('every malformed encoded column is a RunFileError naming the column', () => {
  const cases: [string, unknown, RegExp][] = [
    ['startMs', { codec: 'rle', values: [1, 2], counts: [5, 7] }, /points\[workers=2\]\.tasks\.startMs: rle counts sum to 12, expected 20/],
    ['startMs', { codec: 'rle', values: [1, 2], counts: [25, -5] }, /tasks\.startMs: rle counts\[1\] is -5, not a positive integer/],
    ['startMs', { codec: 'rle', values: [1, 2], counts: [19.5, 0.5] }, /tasks\.startMs: rle counts\[0\] is 19\.5, not a positive integer/],
    ['startMs', { codec: 'rle', values: [1, 2], counts: [20, 0] }, /tasks\.startMs: rle counts\[1\] is 0, not a positive integer/],
    ['startMs', { codec: 'rle', values: [1, 2], counts: [20] }, /tasks\.startMs: rle has 2 values but 1 counts/],
    ['startMs', { codec: 'rle', values: [1], counts: '20' }, /tasks\.startMs: rle counts is "20", expected an array/],
    ['startMs', { codec: 'rle', values: ['soon'], counts: [20] }, /tasks\.startMs: rle values\[0\] is "soon", expected a number/],
    ['startMs', { codec: 'rle', values: [null], counts: [20] }, /tasks\.startMs: rle values\[0\] is null, expected a number/],
    ['ok', { codec: 'rle', values: [1], counts: [20] }, /tasks\.ok: rle values\[0\] is 1, expected a boolean/],
    ['ok', { codec: 'delta', scale: 1, values: Array(20).fill(0) }, /tasks\.ok: delta cannot hold a boolean column/],
    ['endMs', { codec: 'zip', data: 'x' }, /tasks\.endMs: unknown codec "zip" \(known: rle, delta, delta-rle\)/],
    ['endMs', { values: [] }, /tasks\.endMs: unknown codec missing/],
    ['endMs', { codec: 'rle', values: [1], counts: [20], extra: 1 }, /tasks\.endMs: rle column has an unexpected key "extra"/],
    ['endMs', { codec: 'delta', scale: 1000, values: [1, 2.5, ...Array(18).fill(1)] }, /tasks\.endMs: delta values\[1\] is 2\.5, not an integer/],
    ['endMs', { codec: 'delta', scale: 1000, values: [1, null, ...Array(18).fill(1)] }, /tasks\.endMs: delta values\[1\] is null, not an integer/],
    ['endMs', { codec: 'delta', scale: 0, values: Array(20).fill(1) }, /tasks\.endMs: delta scale is 0, not a positive integer/],
    ['endMs', { codec: 'delta', scale: 0.5, values: Array(20).fill(1) }, /tasks\.endMs: delta scale is 0\.5, not a positive integer/],
    ['endMs', { codec: 'delta', values: Array(20).fill(1) }, /tasks\.endMs: delta scale is missing, not a positive integer/],
    ['endMs', { codec: 'delta', scale: 1, values: Array(19).fill(1) }, /tasks\.endMs: delta has 19 values, expected 20/],
    ['endMs', { codec: 'delta', scale: 1, values: 'abc' }, /tasks\.endMs: delta values is "abc", expected an array/],
    ['endMs', { codec: 'delta', scale: 1, values: [9007199254740991, 1, ...Array(18).fill(0)] }, /tasks\.endMs: delta sum leaves the safe integer range at entry 1/],
    ['endMs', { codec: 'delta-rle', scale: 1000, values: [1.5], counts: [20] }, /tasks\.endMs: delta-rle values\[0\] is 1\.5, not an integer/],
    ['endMs', { codec: 'delta-rle', scale: 1000, values: [1], counts: [21] }, /tasks\.endMs: delta-rle counts sum to 21, expected 20/],
    ['endMs', 'oops', /tasks\.endMs: is "oops", expected an array or an encoded column/],
    ['endMs', undefined, /tasks\.endMs: is missing, expected an array or an encoded column/],
    ['cpuMs', [1, 'x'], /tasks\.cpuMs: entry 1 is "x", expected a number or null/],
    ['cpuMs', [1, 2], /tasks\.cpuMs: has 2 entries, expected 20/],
    ['index', { codec: 'rle', values: [0], counts: [1e12] }, /tasks\.index: rle counts sum to 1000000000000, more than the 100000000 a column may hold/],
  ];
  for (const [key, stored, message] of cases) {
    const raw = runWithColumn(key, stored);
    assert.throws(() => validateRunFile(raw, 'r.json'), (e: unknown) => e instanceof RunFileError && /^r\.json: not a valid Scalescope run file: /.test(e.message) && message.test(e.message), `${key} = ${JSON.stringify(stored)?.slice(0, 80)}: ${(() => { try { validateRunFile(raw); return 'accepted'; } catch (e) { return (e as Error).message; } })()}`);
    // The page validates what it is given (the report inlines encoded columns) the same way.
    if (stored !== null && typeof stored === 'object' && !Array.isArray(stored)) {
      assert.throws(() => validateRun(runWithColumn(key, stored)), (e: unknown) => e instanceof RunFileError && message.test(e.message), `webview: ${key} = ${JSON.stringify(stored).slice(0, 80)}`);
    }
  }
  // Encoded columns are v2 only: a v1 file holds plain arrays.
  const v1 = runWithColumn('ok', { codec: 'rle', values: [true], counts: [20] }, RUN_SCHEMA_V1);
  assert.throws(() => validateRunFile(v1), /tasks\.ok: is an object, expected an array \(encoded columns need schema scalescope\.run\/2\)/);
  assert.throws(() => validateRun(v1), /tasks\.ok: is an object, expected an array/);
});

test('a v1 file loads (plain columns), as the current schema in memory; another schema is refused', () => {
  const run = engineLikeRun();
  const v1Text = JSON.stringify({ ...run, schema: RUN_SCHEMA_V1 });
  const loaded = parseRunFile(v1Text, 'old.json');
  assert.equal(loaded.schema, RUN_SCHEMA);
  assert.deepStrictEqual(loaded, run);
  assert.deepStrictEqual(validateRun(JSON.parse(v1Text)), packRunForWebview(run), 'the page holds every column packed');
  for (const schema of ['scalescope.run/3', 'scalescope.run/0', 42]) {
    assert.throws(() => parseRunFile(JSON.stringify({ ...run, schema }), 'x.json'), (e: unknown) => e instanceof RunFileError
      && e.message === `x.json: not a valid Scalescope run file: unsupported schema ${JSON.stringify(schema)} (expected ${RUN_SCHEMA}, or ${RUN_SCHEMA_V1})`);
  }
  // v2 with plain arrays everywhere (what v1 writers and other tools produce) is a valid v2 file too.
  assert.deepStrictEqual(parseRunFile(JSON.stringify(run)), run);
});

test('the panel host reads a run file with its columns packed, decoded straight from the file', () => {
  const run = syntheticRun({ workers: [1, 4], tasks: 3000, repeat: 2 });
  for (const p of run.points) for (let i = 0; i < p.tasks.cpuMs.length; i += 5) p.tasks.cpuMs[i] = null;
  const text = [...runJsonChunks(run)].join('');
  const packed = parseRunFile(text, 'run.json', true);
  assert.ok(packed.points[1].tasks.startMs instanceof Float64Array && packed.points[1].tasks.ok instanceof Uint8Array);
  assert.deepStrictEqual(packed, packRunForWebview(parseRunFile(text)), 'the same as reading plain columns, then packing');
  // Packing what is already packed passes the very arrays on (the panel posts them as read).
  assert.equal((packRunForWebview(packed) as RunFile).points[0].tasks.endMs, packed.points[0].tasks.endMs);
  const bad = JSON.parse(text);
  bad.points[1].tasks.queueMs = { codec: 'delta', scale: 1000, values: [] };
  assert.throws(() => validateRunFile(bad, 'run.json', true), /run\.json: not a valid Scalescope run file: points\[workers=4\]\.tasks\.queueMs: delta has 0 values, expected 6000/);
});

test('saveRun then loadRun gives the same run; the file is the encoded run, much smaller', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-codec-'));
  const run = syntheticRun({ workers: [1, 2, 4], tasks: 30_000, repeat: 2 });
  // What the engine records on Node 20: no thread CPU time.
  for (const p of run.points) p.tasks.cpuMs.fill(null);
  const file = saveRun(dir, run);
  const text = readFileSync(file, 'utf8');
  assert.equal(text, JSON.stringify(encodeRunColumns(run)), 'written piecewise = the encoded run in one go');
  assert.equal([...runJsonChunks(run)].join(''), text);
  assert.deepStrictEqual(loadRun(file), run);
  const plain = JSON.stringify(run).length;
  assert.ok(statSync(file).size < plain * 0.6, `${statSync(file).size} bytes encoded vs ${plain} plain`);
  const stored = JSON.parse(text) as { schema: string; points: { tasks: Record<string, EncodedColumn | unknown[]> }[] };
  assert.equal(stored.schema, 'scalescope.run/2');
  const codecOf = (c: EncodedColumn | unknown[]): string => (Array.isArray(c) ? 'plain' : c.codec);
  assert.equal(codecOf(stored.points[0].tasks.index), 'delta-rle');
  assert.equal(codecOf(stored.points[0].tasks.ok), 'rle');
  assert.equal(codecOf(stored.points[0].tasks.cpuMs), 'rle');
  assert.equal(codecOf(stored.points[0].tasks.startMs), 'delta');
  // The report's page reads the encoded form back to the same run.
  assert.deepStrictEqual(validateRun(JSON.parse(text)), packRunForWebview(run), 'the page decodes the file straight into packed columns');
});

test('a run with arbitrary floats and odd columns still saves and loads exactly', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-codec-'));
  const run = engineLikeRun(500);
  const rand = seededRandom(11);
  const t = run.points[0].tasks;
  t.startMs = t.startMs.map((v) => v + rand() * 1e-7);
  t.endMs = t.endMs.map((v, i) => (i % 2 ? v + 0.1 + 0.2 : v));
  t.gcMs = t.gcMs.map(() => 0);
  t.runQueueMs = t.runQueueMs.map((v, i) => (i % 5 ? null : v));
  t.bytesOut = t.bytesOut.map((_, i) => (i % 3 ? null : 1 + (i % 4)));
  t.lockWaitMs = t.lockWaitMs.map((_, i) => 0 - i);
  assert.deepStrictEqual(loadRun(saveRun(dir, run)), run);
});
