// The page builder shared by the panel and the report, the run validation and the message schemas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPage, contentSecurityPolicy, escapeHtml, inlineJson, makeNonce } from '../../common/page';
import { tasksWhere, validateRun, validateRunWithDeferred } from '../../webview/validateRun';
import { decodeTasks, decodeTasksFrom } from '../../webview/decodeTasks';
import { TASKS_COMPRESS_MIN_CHARS, TASKS_ENCODING_GZIP_BASE64 } from '../../common/page';
import { gunzipSync } from 'node:zlib';
import { columnShares, decodeWorkerCount } from '../../webview/deferredTasks';
import { packTaskColumns, packedBuffers, readPackedTaskColumns, type PackedColumn } from '../../common/packedColumns';
import { ColumnError } from '../../common/columnCodec';
import { HostToWebview, WebviewToHost, packRunForWebview, parseMessage } from '../../common/webviewMessages';
import { RunFileError, presentTaskColumns, TASK_COLUMN_KIND, encodeRunColumns, validateRunFile, type RunFile, type TaskColumns } from '../../common/runFile';
import { renderHtmlReport, findDist } from '../../server/export/html';
import { syntheticRun } from '../fixtures/syntheticRun';

test('inlineJson cannot close its script element and parses back to the same value', () => {
  const value = { s: '</script><script>alert(1)</script>', c: '<!-- x -->', amp: 'a&b', sep: 'x\u2028y' };
  const text = inlineJson(value);
  assert.ok(!/[<>&\u2028]/.test(text));
  assert.deepEqual(JSON.parse(text), value);
});

test('escapeHtml escapes markup characters', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

test('CSP: nonce scripts only, no network, styles from the webview or by nonce', () => {
  const panel = contentSecurityPolicy({ nonce: 'abc', cspSource: 'vscode-resource:', style: { href: 'x.css' } });
  assert.match(panel, /default-src 'none'/);
  assert.match(panel, /script-src 'nonce-abc'(;|$)/);
  assert.match(panel, /style-src vscode-resource:(;|$)/);
  assert.match(panel, /img-src vscode-resource: data:/);
  assert.doesNotMatch(panel, /unsafe/);
  const report = contentSecurityPolicy({ nonce: 'n1', style: { inline: '' } });
  assert.match(report, /style-src 'nonce-n1'/);
  assert.doesNotMatch(report, /https?:|unsafe|connect-src \*/);
  // The report decodes its task columns in a worker from a blob URL; the panel starts no worker.
  assert.match(report, /worker-src blob:(;|$)/);
  assert.doesNotMatch(panel, /worker-src/);
});

test('buildPage: panel page links the bundle, report page inlines it and the run', async () => {
  const nonce = makeNonce();
  assert.match(nonce, /^[0-9a-f]{36}$/);
  assert.notEqual(nonce, makeNonce());
  const panel = buildPage({ title: '<T>', nonce, cspSource: 'vscode-resource:', script: { src: 'https://r/webview.js' }, style: { href: 'https://r/webview.css' } });
  assert.match(panel, new RegExp(`<script nonce="${nonce}" src="https://r/webview.js"></script>`));
  assert.match(panel, /<title>&lt;T&gt;<\/title>/);
  assert.doesNotMatch(panel, /scalescope-run/);
  const run = syntheticRun({ workers: [1, 2], tasks: 20, text: '</script><img src=x onerror=alert(1)>' });
  const report = renderHtmlReport(run);
  const json = /<script type="application\/json" id="scalescope-run">([^<]*)<\/script>/.exec(report);
  const tasks = /<script type="application\/json" id="scalescope-tasks">([^<]*)<\/script>/.exec(report);
  assert.ok(json && tasks, 'the run is inlined in one element, its task columns in another');
  // The run as the run file holds it, but each point's columns (encoded) moved to the second element.
  const encoded = JSON.parse(JSON.stringify(encodeRunColumns(run))) as RunFile;
  assert.deepEqual(JSON.parse(json[1]), { ...encoded, points: encoded.points.map((p) => ({ ...p, tasks: { deferred: 40 } })) });
  const tasksJson = tasks[1];
  assert.deepEqual(JSON.parse(tasksJson), encoded.points.map((p) => p.tasks));
  assert.equal(JSON.parse(tasksJson)[0].ok.codec, 'rle');
  // Read back by the page: the run validated with its columns deferred, then the columns decoded packed.
  const { run: shown, deferred } = validateRunWithDeferred(JSON.parse(json[1]), 'run', true);
  assert.deepEqual([...deferred.values()], [40, 40]);
  const decoded = decodeTasks({ text: tasksJson, kinds: TASK_COLUMN_KIND, points: shown.points.map((p) => ({ where: tasksWhere(p), rows: deferred.get(p)! })) });
  shown.points.forEach((p, i) => { p.tasks = decoded[i] as unknown as TaskColumns; });
  assert.deepStrictEqual(shown, packRunForWebview(run));
  assert.equal(report.match(/<\/script>/g)!.length, 3, 'only the two data elements and the bundle close a script');
  assert.doesNotMatch(report, /<script[^>]*\ssrc=/);
  // "<!--" inside an inline script can put the HTML parser in its double-escaped state.
  assert.ok(!report.includes('<!--'), 'no HTML comment opener in the inlined bundle');
  assert.doesNotMatch(report, /<link /);
});

test('findDist finds dist/ from the source folder and from dist/ itself', () => {
  const dist = findDist(__dirname);
  assert.match(dist, /dist$/);
  assert.equal(findDist(dist), dist);
});

test('validateRun accepts what the schema accepts and names what is wrong', () => {
  const run = syntheticRun({ workers: [1, 2], tasks: 50 });
  // The page holds what the schema accepts, with every task column packed.
  assert.deepStrictEqual(validateRun(JSON.parse(JSON.stringify(run))), packRunForWebview(validateRunFile(JSON.parse(JSON.stringify(run)))));
  const bad = JSON.parse(JSON.stringify(run));
  bad.points[1].tasks.startMs[7] = 'soon';
  assert.throws(() => validateRun(bad), (e: Error) => e instanceof RunFileError && /points\[workers=2\]\.tasks\.startMs: entry 7 is "soon", expected a number/.test(e.message));
  const nulls = JSON.parse(JSON.stringify(run));
  nulls.points[0].tasks.cpuMs[0] = null;
  assert.ok(Number.isNaN(validateRun(nulls).points[0].tasks.cpuMs[0]), 'null is NaN in a packed column');
  const short = JSON.parse(JSON.stringify(run));
  short.points[0].tasks.endMs.pop();
  assert.throws(() => validateRun(short), /tasks\.endMs: has \d+ entries, expected \d+/);
  assert.throws(() => validateRun({ schema: 'other/2' }), /unsupported schema "other\/2"/);
  assert.throws(() => validateRun(null), /expected an object, got null/);
  const noWorkload = JSON.parse(JSON.stringify(run));
  delete noWorkload.workload;
  assert.throws(() => validateRun(noWorkload), /workload/);
});

test('a run packed for the webview (typed columns, NaN for null) validates and reads back the same', () => {
  const run = syntheticRun({ workers: [1, 2], tasks: 30 });
  run.points[0].tasks.cpuMs[3] = null;
  const packed = packRunForWebview(run) as RunFile;
  const t = validateRun(packed).points[0].tasks;
  assert.ok(t.startMs instanceof Float64Array && t.ok instanceof Uint8Array);
  assert.ok(Number.isNaN(t.cpuMs[3] as number));
  assert.equal(t.startMs[5], run.points[0].tasks.startMs[5]);
  assert.equal(Boolean(t.ok[3]), run.points[0].tasks.ok[3]);
  const badNaN = packRunForWebview(run) as RunFile;
  (badNaN.points[1].tasks.endMs as unknown as Float64Array)[2] = NaN;
  assert.throws(() => validateRun(badNaN), /points\[workers=2\]\.tasks\.endMs: entry 2 is NaN \(null\), expected a number/);
  // Checked in place: the page keeps the very arrays that arrived (nothing materialised twice).
  const sent = packRunForWebview(run) as RunFile;
  assert.equal(validateRun(sent).points[1].tasks.startMs, sent.points[1].tasks.startMs);
});

test('packed columns round-trip every column of every form (plain, encoded, packed), nulls as NaN', () => {
  const run = syntheticRun({ workers: [1, 3], tasks: 500, failures: 4 });
  for (const p of run.points) for (let i = 0; i < p.tasks.cpuMs.length; i += 7) { p.tasks.cpuMs[i] = null; p.tasks.coreStart[i] = null; }
  run.points[1].tasks.bytesOut.fill(null);
  const unpack = (col: PackedColumn, kind: string): unknown[] => Array.from(col, (v) => (kind === 'boolean' ? v === 1 : Number.isNaN(v) ? null : v));
  const encoded = encodeRunColumns(run) as RunFile;
  for (const [i, p] of run.points.entries()) {
    const forms: Record<string, unknown>[] = [p.tasks, encoded.points[i].tasks, packTaskColumns(p.tasks, TASK_COLUMN_KIND)];
    assert.ok(Object.values(encoded.points[i].tasks).some((c) => !Array.isArray(c)), 'some columns are encoded');
    for (const form of forms) {
      const packed = readPackedTaskColumns(form, TASK_COLUMN_KIND, tasksWhere(p));
      for (const key of presentTaskColumns(p.tasks)) {
        assert.ok(key === 'ok' ? packed[key] instanceof Uint8Array : packed[key] instanceof Float64Array, key);
        assert.deepStrictEqual(unpack(packed[key]!, TASK_COLUMN_KIND[key]), p.tasks[key], key);
      }
    }
  }
  // The buffers to transfer: one per column.
  assert.equal(packedBuffers(Object.values(packTaskColumns(run.points[0].tasks, TASK_COLUMN_KIND))).length, presentTaskColumns(run.points[0].tasks).length);
});

test('a malformed packed or encoded column is named with its point in the error', () => {
  const run = syntheticRun({ workers: [2], tasks: 40, repeat: 1 });
  const packed = (): Record<string, unknown> => ({ ...packTaskColumns(run.points[0].tasks, TASK_COLUMN_KIND) });
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ...packed(), ok: new Float64Array(40) }, /tasks\.ok: is Float64Array, expected a Uint8Array/],
    [{ ...packed(), worker: new Uint8Array(40) }, /tasks\.worker: is Uint8Array, expected a Float64Array/],
    [{ ...packed(), ok: new Uint8Array(40).fill(2) }, /tasks\.ok: entry 0 is 2, expected 0 or 1/],
    [{ ...packed(), gcMs: new Float64Array(39) }, /tasks\.gcMs: has 39 entries, expected 40/],
    [{ ...packed(), queueMs: undefined }, /tasks\.queueMs: is missing, expected an array or an encoded column/],
    [{ ...packed(), startMs: { codec: 'delta', scale: 1000, values: [1, 'x', ...new Array(38).fill(1)] } }, /tasks\.startMs: delta values\[1\] is "x", not an integer/],
    [{ ...packed(), endMs: { codec: 'delta-rle', scale: 1, values: [1], counts: [39] } }, /tasks\.endMs: delta-rle counts sum to 39, expected 40/],
  ];
  for (const [cols, message] of cases) {
    assert.throws(() => readPackedTaskColumns(cols, TASK_COLUMN_KIND, 'points[workers=2].tasks'), (e: unknown) => e instanceof ColumnError && /^points\[workers=2\]\.tasks\./.test(e.message) && message.test(e.message), String(message));
  }
  // The report's decoder names the point too, and says when the rows differ from the run's count.
  const text = JSON.stringify([encodeRunColumns(run) as RunFile].map((r) => r.points[0].tasks));
  assert.throws(() => decodeTasks({ text, kinds: TASK_COLUMN_KIND, points: [{ where: 'points[workers=2].tasks', rows: 41 }] }), /points\[workers=2\]\.tasks has 40 rows, the run says 41/);
  assert.throws(() => decodeTasks({ text: '[{', kinds: TASK_COLUMN_KIND, points: [] }), /task columns: invalid JSON/);
});

test('synthetic runs of every shape are valid run files', () => {
  for (const opts of [{}, { workers: [3], tasks: 1, repeat: 1, failures: 0 }, { noAnalysis: true }, { suggestions: false, measured: true }, { failures: 9, cores: 2 }]) {
    const run = syntheticRun({ ...opts, validate: false });
    assert.doesNotThrow(() => validateRunFile(JSON.parse(JSON.stringify(run))), JSON.stringify(opts));
  }
  const big = syntheticRun({ workers: [8], tasks: 20_000, repeat: 1, validate: false });
  assert.equal(big.points[0].tasks.index.length, 20_000);
  assert.doesNotThrow(() => validateRun(big));
});

test('messages both ways are validated', () => {
  const ok = parseMessage(WebviewToHost, { type: 'rerunWithChange', runId: 'r1', suggestionIndex: 0, kind: 'imbalance', change: { order: 'longest-first' }, predictedGainPct: 12 });
  assert.equal(ok.ok, true);
  const badKind = parseMessage(WebviewToHost, { type: 'rerunWithChange', runId: 'r1', suggestionIndex: 0, kind: 'nonsense', change: {}, predictedGainPct: null });
  assert.equal(badKind.ok, false);
  assert.equal(parseMessage(WebviewToHost, { type: 'revealSource', location: { file: 'a.ts', line: 0 } }).ok, false);
  assert.equal(parseMessage(WebviewToHost, { type: 'eval', code: '1' }).ok, false);
  const show = parseMessage(HostToWebview, { type: 'showRun', run: {}, state: { kind: 'run', runRef: 'r1' } });
  assert.equal(show.ok, true);
  assert.equal(parseMessage(HostToWebview, { type: 'showRun', run: {}, state: { kind: 'compare', baseRef: 'a' } }).ok, false);
});

test('a large report\'s columns are shared out among the decode workers: each column once, and a share decodes only its own', () => {
  for (const n of [1, 2, 3, 4]) {
    const shares = columnShares(TASK_COLUMN_KIND, n);
    assert.equal(shares.length, n);
    const keys = shares.flatMap((s) => Object.keys(s));
    assert.deepEqual([...keys].sort(), Object.keys(TASK_COLUMN_KIND).sort(), `${n} workers: every column exactly once`);
    if (n > 1) assert.ok(shares.every((s) => !('startMs' in s && 'endMs' in s)), 'startMs and endMs, the largest, in different shares');
  }
  assert.deepEqual([decodeWorkerCount(undefined), decodeWorkerCount(1), decodeWorkerCount(2), decodeWorkerCount(16)], [2, 1, 2, 4]);
  const run = syntheticRun({ workers: [2], tasks: 40, repeat: 1, failures: 0, validate: false });
  const text = JSON.stringify([(encodeRunColumns(run) as RunFile).points[0].tasks]);
  const [first, second] = columnShares(TASK_COLUMN_KIND, 2);
  const a = decodeTasks({ text, kinds: first, points: [{ where: 'points[workers=2].tasks', rows: 40 }] })[0];
  const b = decodeTasks({ text, kinds: second, points: [{ where: 'points[workers=2].tasks', rows: 40 }] })[0];
  assert.deepEqual(Object.keys(a).sort(), Object.keys(first).filter((k) => k in run.points[0].tasks).sort());
  const whole = decodeTasks({ text, kinds: TASK_COLUMN_KIND, points: [{ where: 'points[workers=2].tasks', rows: 40 }] })[0];
  assert.deepEqual({ ...a, ...b }, whole, 'the shares together are the whole decode');
  assert.throws(() => decodeTasks({ text, kinds: second, points: [{ where: 'points[workers=2].tasks', rows: 41 }] }), /points\[workers=2\]\.tasks has 40 rows, the run says 41/);
});

test('a large report\'s task columns are inlined each gzipped in base64, and read back (whole, or a worker\'s share) as the JSON would be', async () => {
  const run = syntheticRun({ workers: [1, 2], tasks: 40_000, repeat: 1, failures: 0, validate: false });
  const encoded = JSON.parse(JSON.stringify(encodeRunColumns(run))) as RunFile;
  assert.ok(JSON.stringify(encoded.points.map((p) => p.tasks)).length >= TASKS_COMPRESS_MIN_CHARS, 'large enough to be compressed');
  const report = renderHtmlReport(run);
  const m = new RegExp(`<script type="application/json" id="scalescope-tasks" data-encoding="${TASKS_ENCODING_GZIP_BASE64}">([^<]*)</script>`).exec(report);
  assert.ok(m, 'the element says how its columns are held');
  const stored = JSON.parse(m[1]) as Record<string, string>[];
  stored.forEach((cols, i) => {
    for (const [k, v] of Object.entries(cols)) {
      assert.match(v, /^[A-Za-z0-9+/=]+$/);
      assert.deepEqual(JSON.parse(gunzipSync(Buffer.from(v, 'base64')).toString('utf8')), encoded.points[i].tasks[k as keyof TaskColumns], `point ${i} ${k}`);
    }
  });
  const points = run.points.map((p) => ({ where: `points[workers=${p.workers}].tasks`, rows: p.tasks.index.length }));
  const plain = decodeTasks({ text: JSON.stringify(encoded.points.map((p) => p.tasks)), kinds: TASK_COLUMN_KIND, points });
  assert.deepEqual(await decodeTasksFrom({ text: m[1], encoding: TASKS_ENCODING_GZIP_BASE64, kinds: TASK_COLUMN_KIND, points }), plain);
  const share = await decodeTasksFrom({ text: m[1], encoding: TASKS_ENCODING_GZIP_BASE64, kinds: { startMs: 'number', ok: 'boolean' }, points });
  assert.deepEqual(share.map((p) => Object.keys(p)), [['startMs', 'ok'], ['startMs', 'ok']]);
  assert.deepEqual(share[1].startMs, plain[1].startMs);
  // Faults name the point and column; a small report stays plain JSON (the test above).
  const broken = (k: string, v: string): string => JSON.stringify(stored.map((cols, i) => (i === 1 ? { ...cols, [k]: v } : cols)));
  const read = (text: string, encoding = TASKS_ENCODING_GZIP_BASE64) => decodeTasksFrom({ text, encoding, kinds: TASK_COLUMN_KIND, points });
  await assert.rejects(read(broken('endMs', 'not base64!')), /points\[workers=2\]\.tasks\.endMs: not valid base64/);
  await assert.rejects(read(broken('endMs', Buffer.from('not gzip').toString('base64'))), /points\[workers=2\]\.tasks\.endMs: not valid gzip/);
  await assert.rejects(read(m[1], 'brotli'), /task columns: unknown encoding "brotli"/);
});

