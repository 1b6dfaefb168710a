// LSP tier: the real `node dist/server.js --stdio` driven over stdio like any LSP editor would.
// A temp workspace holds copies of the examples and of test/lsp/fixtures, plus one saved run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, type CodeLens, type Diagnostic, type Hover, type InlayHint } from 'vscode-languageserver-protocol';
import { startServer, type Harness } from './lspHarness';
import { makeRun } from './runFixture';
import {
  CancelRunRequest, ExportRunRequest, GetRunRequest, JobEndedNotification, ListRunsRequest, StartRunRequest,
  type JobEndedParams, type LoadErrorData, type RunSummary, type StartRunResult,
} from '../../common/lsp';

const ws = mkdtempSync(path.join(tmpdir(), 'scalescope-lsp-'));
const examples = path.join(ws, 'examples');
const fixtures = path.join(ws, 'fixtures');
const runsDir = path.join(ws, '.scalescope', 'runs');
const lockFile = path.join(fixtures, 'lock.workload.js');
const LOCK_WAIT_LINE = 19; // 1-based line of the Atomics.wait loop in fixtures/lock.workload.js
const settings = { workers: [1, 2], repeat: 1, warmup: 0 };
let h: Harness;

const BUSY = String.raw`(?:unreliable: )?busy machine, (?:±\d+\.\d|±<0\.1|spread unknown)`;
const ABOVE_IDEAL = String.raw`above ideal: (?:likely cache effects \(more cache per worker\) or a slow baseline|a noisy baseline on a busy machine|the 1 worker baseline ran on a busier machine \(\d+\.\d vs \d+\.\d other cores\))`;
const HEADLINE_2_WORKERS = new RegExp(String.raw`^(?:\d+\.\d× on 2 workers · \d+% efficient|≈\d+\.\d× on 2 workers \((?:${BUSY}(?:; ${ABOVE_IDEAL})?|${ABOVE_IDEAL})\))$`);

function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

async function startRun(file: string, overrides?: Record<string, unknown>): Promise<StartRunResult> {
  return h.conn.sendRequest(StartRunRequest.method, { workload: uriOf(file), ...(overrides ? { overrides } : {}) });
}

function jobEnded(jobIdOrWorkload: string): JobEndedParams | undefined {
  return h.notifications
    .filter((n) => n.method === JobEndedNotification.method)
    .map((n) => n.params as JobEndedParams)
    .find((p) => p.jobId === jobIdOrWorkload || p.workloadPath === jobIdOrWorkload);
}

before(async () => {
  cpSync(path.resolve('examples'), examples, { recursive: true });
  cpSync(path.resolve('test/lsp/fixtures'), fixtures, { recursive: true });
  mkdirSync(runsDir, { recursive: true });
  // A saved run naming the lock fixture, written after the copy (so its source snapshot is valid).
  const saved = makeRun({
    id: 'saved-lock-run', workloadPath: lockFile, startedAt: new Date(Date.now() + 1000).toISOString(),
    hints: [{ file: lockFile, line: LOCK_WAIT_LINE, kind: 'lock-contention', severity: 'warning', message: 'Threads wait on this lock', shareByWorkers: [{ workers: 1, share: 0 }, { workers: 2, share: 0.41 }] }],
  });
  writeFileSync(path.join(runsDir, 'saved-lock-run.json'), JSON.stringify(saved));
  // Written here rather than kept as a fixture: a file that does not parse breaks the linters.
  writeFileSync(path.join(fixtures, 'broken.workload.js'), [
    '// Fails to load: a syntax error on line 6.',
    'export function tasks() {',
    '  return [1, 2, 3];',
    '}',
    '',
    'export default function task(n) { return n +* 2; }',
    '',
  ].join('\n'));
  h = await startServer(ws, settings);
});

after(async () => {
  await h?.close();
  rmSync(ws, { recursive: true, force: true });
});

void describe('language server over stdio', () => {
  void test('tells its version from package.json, the one the CLI prints', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    assert.deepEqual(h.initializeResult.serverInfo, { name: 'scalescope', version });
  });

  void test('reads saved runs on start: diagnostics, code lens, inlay hint and hover from the saved run', async () => {
    const uri = uriOf(lockFile);
    const diags = await h.until('diagnostics of the saved run', () => h.diagnostics.get(uri)?.length ? h.diagnostics.get(uri) : undefined);
    assert.equal(diags.length, 1);
    assert.equal(diags[0].range.start.line, LOCK_WAIT_LINE - 1);
    assert.equal(diags[0].severity, 2 /* Warning: 41% lost */);
    assert.match(messageOf(diags[0]), /41% of run time in lock wait at 2 workers/);

    const runs: RunSummary[] = await h.conn.sendRequest(ListRunsRequest.method, {});
    assert.deepEqual(runs.map((r) => r.id), ['saved-lock-run']);

    const text = readFileSync(lockFile, 'utf8');
    await h.open(lockFile, text);
    const lenses: CodeLens[] = await h.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } });
    const taskLine = text.split('\n').findIndex((l) => l.startsWith('export default function task'));
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.title]), [
      [taskLine, '5.8× on 8 workers · 72% efficient'], [taskLine, 'Run sweep'], [taskLine, 'Open report'],
    ]);
    const hints: InlayHint[] = await h.conn.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } } });
    assert.deepEqual(hints.map((x) => [x.position.line, x.label]), [[LOCK_WAIT_LINE - 1, '41% lock wait @2w']]);
    const hover: Hover | null = await h.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: taskLine, character: 10 } });
    assert.match((hover?.contents as { value: string } | undefined)?.value ?? '', /\| 8 \| 138\u00a0ms \| 5\.80× \| 72% \|/);
  });

  void test('an edit moves the diagnostic with its line, and a changed line drops it', async () => {
    const uri = uriOf(lockFile);
    await h.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// one\n// two\n' }] });
    await h.until('moved diagnostic', () => h.diagnostics.get(uri)?.[0]?.range.start.line === LOCK_WAIT_LINE + 1);
    const waitLine = LOCK_WAIT_LINE + 1; // 0-based after two inserted lines
    await h.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: waitLine, character: 0 }, end: { line: waitLine, character: 0 } }, text: '  // edited\n  ' }] });
    await h.until('dropped diagnostic', () => h.diagnostics.get(uri)?.length === 0);
    const hints: InlayHint[] = await h.conn.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } } });
    assert.deepEqual(hints, []);
    await h.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  void test('runs a copied example with work-done progress, saves it, refreshes lenses, exports it', async () => {
    const file = path.join(examples, 'scales-well.workload.js');
    const before = h.progress.length;
    const result = await startRun(file);
    assert.equal(result.run.status, 'complete');
    assert.deepEqual(result.run.workers, [1, 2]);
    assert.ok(result.run.headline && result.run.headline.speedup > 0);
    assert.ok(existsSync(result.run.file) && result.run.file.startsWith(runsDir), result.run.file);

    const kinds = h.progress.slice(before).map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.ok(kinds.includes('report'), `no report in ${kinds.join(',')}`);
    assert.equal(kinds.at(-1), 'end');
    const reports = h.progress.slice(before).filter((p) => p.value.kind === 'report').map((p) => (p.value as { message?: string }).message ?? '');
    assert.ok(reports.some((m) => /^2 workers \(2\/2\) · repeat 1\/1 · \d+\/64 tasks/.test(m)), reports.join('\n'));
    assert.equal(jobEnded(result.jobId)?.outcome, 'complete');
    await h.until('code lens refresh', () => h.notifications.some((n) => n.method === 'workspace/codeLens/refresh'));

    const uri = await h.open(file, readFileSync(file, 'utf8'));
    const lenses: CodeLens[] = await h.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } });
    // Every wording common/speedupText.ts gives the 2-worker headline of a complete run with a
    // measured 1-worker point: plain on a quiet machine; with the verdict's words and spread when
    // other processes ran beside it; above ideal with its likely cause.
    assert.match(lenses[0].command?.title ?? '', HEADLINE_2_WORKERS);
    assert.deepEqual(lenses.map((l) => l.command?.title).slice(1), ['Run sweep', 'Open report']);
    assert.deepEqual(lenses[2].command?.arguments, [result.run.id]);

    const got: { file: string; run: { id: string; points: unknown[] } } = await h.conn.sendRequest(GetRunRequest.method, { id: result.run.id });
    assert.equal(got.run.id, result.run.id);
    assert.equal(got.run.points.length, 2);
    const csv = path.join(ws, 'out', 'scaling.csv');
    await h.conn.sendRequest(ExportRunRequest.method, { id: result.run.id, format: 'csv', target: csv });
    assert.match(readFileSync(csv, 'utf8'), /^workers,/);
    const trace = path.join(ws, 'out', 'trace.json');
    await h.conn.sendRequest(ExportRunRequest.method, { id: result.run.id, format: 'trace', target: trace });
    assert.ok(Array.isArray(JSON.parse(readFileSync(trace, 'utf8')).traceEvents));
    const html = path.join(ws, 'out', 'report.html');
    await h.conn.sendRequest(ExportRunRequest.method, { id: result.run.id, format: 'html', target: html });
    const page = readFileSync(html, 'utf8');
    assert.match(page, /^<!doctype html>/i);
    assert.ok(page.includes(result.run.id), 'the run is inlined in the report');
  });

  void test('cancelling from the progress (window/workDoneProgress/cancel) stops the run', async () => {
    const before = h.progress.length;
    const pending = startRun(path.join(fixtures, 'slow.workload.js')).then((r) => ({ ok: true as const, r }), (e: Error) => ({ ok: false as const, e }));
    const begin = await h.until('progress begin', () => h.progress.slice(before).find((p) => p.value.kind === 'begin'));
    await h.until('first report', () => h.progress.slice(before).some((p) => p.value.kind === 'report'));
    await h.conn.sendNotification('window/workDoneProgress/cancel', { token: begin.token });
    const outcome = await pending;
    const ended = await h.until('job ended', () => jobEnded(path.join(fixtures, 'slow.workload.js')));
    assert.equal(ended.outcome, 'cancelled');
    if (outcome.ok) assert.equal(outcome.r.run.status, 'cancelled');
    else assert.match(outcome.e.message, /cancelled/);
    assert.ok(h.progress.slice(before).some((p) => p.token === begin.token && p.value.kind === 'end'));
    // The server is still there for the next request, and the cancel request has nothing left to cancel.
    assert.deepEqual(await h.conn.sendRequest(CancelRunRequest.method, {}), { cancelled: 0 });
  });

  void test('a client-made progress token gets the progress; cancelling the request stops the run', async () => {
    const token = 'client-token-1';
    const source = new CancellationTokenSource();
    const pending = h.conn.sendRequest(StartRunRequest.method, { workload: uriOf(path.join(fixtures, 'slow.workload.js')), workDoneToken: token }, source.token)
      .then((r) => ({ ok: true as const, r: r as StartRunResult }), (e: Error) => ({ ok: false as const, e }));
    await h.until('a report on the client token', () => h.progress.some((p) => p.token === token && p.value.kind === 'report'));
    source.cancel();
    const outcome = await pending;
    if (outcome.ok) assert.equal(outcome.r.run.status, 'cancelled');
    else assert.match(outcome.e.message, /cancelled/);
    await h.until('end on the client token', () => h.progress.some((p) => p.token === token && p.value.kind === 'end'));
  });

  void test('a workload with a syntax error: load error response and a diagnostic at its line', async () => {
    const broken = path.join(fixtures, 'broken.workload.js');
    await assert.rejects(startRun(broken), (e: { code: number; message: string; data: LoadErrorData }) => {
      assert.equal(e.data.kind, 'load-error');
      assert.equal(e.data.line, 6);
      assert.match(e.message, /broken\.workload\.js:6/);
      return true;
    });
    const diags = await h.until('load-error diagnostic', () => h.diagnostics.get(uriOf(broken))?.length ? h.diagnostics.get(uriOf(broken)) : undefined);
    assert.equal(diags[0].severity, 1);
    assert.equal(diags[0].range.start.line, 5);
    assert.match(messageOf(diags[0]), /cannot be loaded/);
  });

  void test('a live run of the lock-contended example puts its diagnostic at the Atomics.wait line', async () => {
    const file = path.join(examples, 'lock-contended.workload.js');
    const waitLine = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('Atomics.wait(cell, 0, 1)'));
    assert.ok(waitLine > 0);
    const result = await startRun(file);
    assert.equal(result.run.status, 'complete');
    const uri = uriOf(file);
    const diags = await h.until('lock diagnostic from the live run', () => {
      const d = h.diagnostics.get(uri);
      return d?.some((x) => x.code === 'lock-contention') ? d : undefined;
    }, 20_000);
    assert.ok(diags.some((d) => d.code === 'lock-contention' && d.range.start.line === waitLine), JSON.stringify(diags.map((d) => [d.range.start.line, d.code, messageOf(d)])));
    const hints: InlayHint[] = await h.conn.sendRequest('textDocument/inlayHint', { textDocument: { uri: await h.open(file, readFileSync(file, 'utf8')) }, range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } } });
    assert.ok(hints.some((x) => x.position.line === waitLine && /lock wait @\d+w$/.test(String(x.label))), JSON.stringify(hints));
  });

  void test('an untrusted workspace reads saved runs but runs nothing, saying why', async () => {
    const untrusted = await startServer(ws, settings, { trusted: false });
    try {
      const runs: RunSummary[] = await untrusted.conn.sendRequest(ListRunsRequest.method, {});
      assert.ok(runs.length >= 2);
      await assert.rejects(untrusted.conn.sendRequest(StartRunRequest.method, { workload: uriOf(lockFile) }), /not trusted/);
    } finally {
      await untrusted.close();
    }
  });

  void test('a server killed mid-run leaves the run on disk as interrupted, and a new server reads it', async () => {
    const crashWs = mkdtempSync(path.join(tmpdir(), 'scalescope-lsp-crash-'));
    cpSync(path.resolve('test/lsp/fixtures/slow.workload.js'), path.join(crashWs, 'slow.workload.js'));
    const first = await startServer(crashWs, settings);
    let pending: Promise<unknown> = Promise.resolve();
    try {
      pending = first.conn.sendRequest(StartRunRequest.method, { workload: uriOf(path.join(crashWs, 'slow.workload.js')) }).catch((e: Error) => e);
      // Kill once a point is on disk (worker counts are measured in a shuffled block order, so
      // progress alone does not say when one was written).
      const runsDir = path.join(crashWs, '.scalescope', 'runs');
      await first.until('a point on disk', () => existsSync(runsDir) && readdirSync(runsDir).some((f) => {
        try { return (JSON.parse(readFileSync(path.join(runsDir, f), 'utf8')) as { points: unknown[] }).points.length > 0; } catch { return false; }
      }));
      const exited = new Promise((r) => first.proc.once('exit', r));
      first.proc.kill('SIGKILL');
      await exited;
    } finally {
      await first.close();
    }
    // Disposing the connection rejects the request that was in flight.
    assert.ok(await pending instanceof Error);
    const second = await startServer(crashWs, settings);
    try {
      const runs: RunSummary[] = await second.conn.sendRequest(ListRunsRequest.method, {});
      assert.equal(runs.length, 1);
      assert.equal(runs[0].status, 'interrupted');
      // Worker counts are measured in a shuffled block order (the noise plan): either may be first.
      assert.ok(runs[0].workers.length >= 1 && runs[0].workers.every((w) => w === 1 || w === 2), `kept points: ${runs[0].workers.join(',')}`);
    } finally {
      await second.close();
      rmSync(crashWs, { recursive: true, force: true });
    }
  });

  void test('bad params are refused with a message naming the field', async () => {
    await assert.rejects(h.conn.sendRequest(StartRunRequest.method, { workload: uriOf(lockFile), overrides: { workers: [0] } }), /overrides\.workers\[0\] \(too small/);
    await assert.rejects(h.conn.sendRequest(GetRunRequest.method, { id: 'nope' }), /no saved run with id nope/);
  });

  void test('the run-option settings reach the run: scalescope.retryNoisy is recorded in its config', async () => {
    const configured = await startServer(ws, { ...settings, workers: [1], retryNoisy: 2 });
    try {
      const result: StartRunResult = await configured.conn.sendRequest(StartRunRequest.method, { workload: uriOf(path.join(examples, 'scales-well.workload.js')) });
      const config = (JSON.parse(readFileSync(result.run.file, 'utf8')) as { config: Record<string, unknown> }).config;
      assert.deepEqual([config.workers, config.retryNoisy, config.settle], [[1], 2, undefined]);
    } finally {
      await configured.close();
    }
  });
});
