// The workspace the in-host suite runs in: copies of the examples, of the LSP fixtures and of the
// programs to record, short
// sweep settings, and one saved run hinting the lock fixture's Atomics.wait line.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { makeRun } from '../lsp/runFixture';

export function prepareE2eWorkspace(): string {
  const ws = mkdtempSync(path.join(tmpdir(), 'scalescope-e2e-ws-'));
  cpSync(path.resolve('examples'), path.join(ws, 'examples'), { recursive: true });
  cpSync(path.resolve('test/lsp/fixtures'), path.join(ws, 'fixtures'), { recursive: true });
  // Programs for Record Command… (test/fixtures/record: a fork farm, pools, spin).
  cpSync(path.resolve('test/fixtures/record'), path.join(ws, 'record'), { recursive: true });
  mkdirSync(path.join(ws, '.vscode'), { recursive: true });
  writeFileSync(path.join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'scalescope.workers': [1, 2], 'scalescope.repeat': 1, 'scalescope.warmup': 1 }, null, 2));
  const runs = path.join(ws, '.scalescope', 'runs');
  mkdirSync(runs, { recursive: true });
  const lock = path.join(ws, 'fixtures', 'lock.workload.js');
  const saved = makeRun({
    id: 'saved-lock-run', workloadPath: lock, startedAt: new Date(Date.now() + 1000).toISOString(),
    hints: [{ file: lock, line: 19, kind: 'lock-contention', severity: 'warning', message: 'Threads wait on this lock', shareByWorkers: [{ workers: 1, share: 0 }, { workers: 2, share: 0.41 }] }],
  });
  writeFileSync(path.join(runs, 'saved-lock-run.json'), JSON.stringify(saved));
  return ws;
}
