// LSP tier: scalescope/startRecord on the real `node dist/server.js --stdio`: a program recorded as
// it is (a child_process.fork farm sized from os.availableParallelism()), with work-done progress,
// saved where the settings say and listed like any run; bad params and untrusted workspaces refused.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { CodeLens, InlayHint } from 'vscode-languageserver-protocol';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, type Harness } from './lspHarness';
import { JobEndedNotification, ListRunsRequest, StartRecordRequest, type JobEndedParams, type RunSummary, type StartRunResult } from '../../common/lsp';
import { savedRun } from '../engine/helpers';
import { tasksOf } from '../../server/analysis/taskColumns';

const ws = mkdtempSync(path.join(tmpdir(), 'scalescope-lsp-record-'));
const app = path.join(ws, 'app');
const runsDir = path.join(ws, '.scalescope', 'runs');
const settings = { repeat: 1, warmup: 0 };
let h: Harness;

before(async () => {
  cpSync(path.resolve('test/fixtures/record'), app, { recursive: true });
  h = await startServer(ws, settings);
});

after(async () => {
  await h?.close();
  rmSync(ws, { recursive: true, force: true });
});

void describe('recording a program through the language server', () => {
  void test('records a fork farm at 1 and 2 workers with progress; the run is saved and listed', async () => {
    const before = h.progress.length;
    const result: StartRunResult = await h.conn.sendRequest(StartRecordRequest.method, {
      command: [process.execPath, 'fork-farm.js', '8'], cwd: pathToFileURL(app).href, workers: '1,2',
    });
    assert.equal(result.run.status, 'complete');
    assert.deepEqual(result.run.workers, [1, 2]);
    assert.ok(existsSync(result.run.file) && result.run.file.startsWith(runsDir), result.run.file);
    const run = savedRun(result.run.file);
    assert.equal(run.workload.kind, 'command');
    for (const point of run.points) {
      const t = tasksOf(point);
      assert.equal(t.index.length, 8, `${point.workers} workers: each job handled by a child is a task`);
      // Not how many children ran tasks: on a loaded machine the second may start after the first has run them all (as in test/engine/cli-record.test.ts).
      for (const w of t.worker) assert.ok(w >= 0 && w < point.workers, `${point.workers} workers: worker ${w} out of range`);
    }
    const reports = h.progress.slice(before).filter((p) => p.value.kind === 'report').map((p) => (p.value as { message?: string }).message ?? '');
    assert.ok(reports.some((m) => m === '2 workers (2/2) · repeat 1/1'), reports.join('\n'));
    const ended = h.notifications.filter((n) => n.method === JobEndedNotification.method).map((n) => n.params as JobEndedParams).find((p) => p.jobId === result.jobId);
    assert.equal(ended?.outcome, 'complete');
    const listed: RunSummary[] = await h.conn.sendRequest(ListRunsRequest.method, {});
    assert.ok(listed.some((r) => r.id === result.run.id), 'the recorded run is listed');
  });

  void test('"Record scaling" lenses where a pool or a thread is created, running the npm script that names the file', async () => {
    const file = path.join(app, 'raw-pool.js');
    const text = readFileSync(file, 'utf8');
    const uri = await h.open(file, text);
    const lenses: CodeLens[] = await h.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } });
    const record = lenses.filter((l) => l.command?.title === 'Record scaling');
    assert.ok(record.length >= 1, JSON.stringify(lenses));
    assert.equal(text.split('\n')[record[0].range.start.line].includes('new Worker('), true);
    assert.deepEqual(record[0].command?.arguments, [{ line: 'node app/raw-pool.js' }]);
    writeFileSync(path.join(ws, 'package.json'), JSON.stringify({ scripts: { pool: 'node app/raw-pool.js 12' } }));
    const again: CodeLens[] = await h.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(again.find((l) => l.command?.title === 'Record scaling')?.command?.arguments, [{ line: 'npm run pool' }]);
  });

  void test('a program with two task functions: a code lens over each, and the lock-wait hint at the one that waits', async () => {
    const result: StartRunResult = await h.conn.sendRequest(StartRecordRequest.method, {
      command: [process.execPath, 'two-tasks.js', '6'], cwd: pathToFileURL(app).href, workers: '1,2',
    });
    assert.equal(result.run.status, 'complete');
    const worker = path.join(app, 'two-tasks-worker.js');
    const text = readFileSync(worker, 'utf8');
    const lines = text.split('\n');
    const uri = await h.open(worker, text);
    const lenses: CodeLens[] = await h.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } });
    // Both handlers are registered by `parentPort.on('message', …)`, on lines 6 and 11.
    const here = lenses.filter((l) => / · 6 tasks here at 2 workers$/.test(l.command?.title ?? ''));
    assert.deepEqual(here.map((l) => l.range.start.line), [5, 10], JSON.stringify(lenses));
    for (const l of here) assert.match(lines[l.range.start.line], /parentPort\.on\('message'/);
    const open = lenses.filter((l) => l.command?.title === 'Open report');
    assert.deepEqual(open.map((l) => [l.range.start.line, l.command?.arguments]), [[5, [result.run.id]], [10, [result.run.id]]]);
    // Each task of the first blocks 30 ms in Atomics.wait: that share of the workers' time is hinted at its line.
    const hints: InlayHint[] = await h.conn.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } } });
    const lock = hints.filter((x) => typeof x.label === 'string' && / lock wait @\dw$/.test(x.label));
    assert.deepEqual(lock.map((x) => x.position.line), [5], JSON.stringify(hints));
    // The program's own file is not a workload: its lens offers no "Run sweep".
    const main = path.join(app, 'two-tasks.js');
    const mainLenses: CodeLens[] = await h.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: await h.open(main, readFileSync(main, 'utf8')) } });
    assert.equal(mainLenses.some((l) => l.command?.title === 'Run sweep'), false, JSON.stringify(mainLenses));
    assert.ok(mainLenses.some((l) => l.command?.title === 'Open report' && l.command.arguments?.[0] === result.run.id), JSON.stringify(mainLenses));
  });

  void test('bad params are refused with one message naming what is wrong', async () => {
    await assert.rejects(h.conn.sendRequest(StartRecordRequest.method, { command: [process.execPath, 'fork-farm.js'], cwd: app, workers: '0,x' }), /^Error: workers: /);
    await assert.rejects(h.conn.sendRequest(StartRecordRequest.method, { command: [process.execPath], cwd: path.join(ws, 'missing') }), /cwd: not a folder/);
    await assert.rejects(h.conn.sendRequest(StartRecordRequest.method, { command: ['scalescope-no-such-command'], cwd: app, workers: '1' }), /scalescope-no-such-command/);
  });

  void test('an untrusted workspace records nothing, saying why', async () => {
    const untrusted = await startServer(ws, settings, { trusted: false });
    try {
      await assert.rejects(untrusted.conn.sendRequest(StartRecordRequest.method, { command: [process.execPath, 'fork-farm.js'], cwd: app }), /not trusted/);
    } finally {
      await untrusted.close();
    }
  });
});
