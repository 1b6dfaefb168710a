// The page builder shared by the panel and the report, the run validation and the message schemas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPage, contentSecurityPolicy, escapeHtml, inlineJson, makeNonce } from '../../webview/page';
import { validateRun } from '../../webview/validateRun';
import { HostToWebview, WebviewToHost, packRunForWebview, parseMessage } from '../../common/webviewMessages';
import { RunFileError, encodeRunColumns, validateRunFile, type RunFile } from '../../common/runFile';
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
});

test('buildPage: panel page links the bundle, report page inlines it and the run', () => {
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
  assert.ok(json, 'the run is inlined in one element');
  // Inlined as the run file holds it (encoded columns), read back by the page's validation.
  assert.deepEqual(JSON.parse(json[1]), JSON.parse(JSON.stringify(encodeRunColumns(run))));
  assert.equal(JSON.parse(json[1]).points[0].tasks.ok.codec, 'rle');
  assert.deepEqual(validateRun(JSON.parse(json[1])), run);
  assert.equal(report.match(/<\/script>/g)!.length, 2, 'only the data element and the bundle close a script');
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
  assert.deepEqual(validateRun(JSON.parse(JSON.stringify(run))), validateRunFile(JSON.parse(JSON.stringify(run))));
  const bad = JSON.parse(JSON.stringify(run));
  bad.points[1].tasks.startMs[7] = 'soon';
  assert.throws(() => validateRun(bad), (e: Error) => e instanceof RunFileError && /points\.1\.tasks\.startMs\.7: expected a number/.test(e.message));
  const nulls = JSON.parse(JSON.stringify(run));
  nulls.points[0].tasks.cpuMs[0] = null;
  assert.equal(validateRun(nulls).points[0].tasks.cpuMs[0], null);
  const short = JSON.parse(JSON.stringify(run));
  short.points[0].tasks.endMs.pop();
  assert.throws(() => validateRun(short), /tasks\.endMs has \d+ entries, expected \d+/);
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
  assert.throws(() => validateRun(badNaN), /points\.1\.tasks\.endMs\.2/);
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
