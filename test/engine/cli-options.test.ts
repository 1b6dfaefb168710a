// Run flags through the real binary: the worker-count grammar shared with the editor
// (common/workerCounts.ts: "1-2" every count, "1..2" powers of two) and the busy-machine flags
// --settle and --retry-noisy, which reach the engine as config overrides and are saved with the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseRunFile } from '../../common/runFile';
import { example, printedPath, runCli, tempDir } from './cli-helpers';

void test('--workers 1..2 and --settle --retry-noisy 1: parsed, run and recorded in the run file', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  const r = await runCli(['run', example('scales-well.workload.js'), '--workers', '1..2', '--repeat', '1', '--warmup', '0', '--settle', '--retry-noisy', '1', '--quiet'], dir);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const run = parseRunFile(readFileSync(printedPath(r.stdout, 'Run saved', dir), 'utf8'));
  assert.deepEqual(run.config.workers, [1, 2]);
  assert.equal(run.config.settle, true);
  assert.equal(run.config.retryNoisy, 1);
  // The verdict is printed before the numbers.
  assert.ok(r.stdout.indexOf('Verdict') < r.stdout.indexOf('Scaling'), r.stdout);
});

void test('--workers 1-3 is every count; bad values of the new flags name the flag', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  const help = await runCli(['run', '--help'], dir);
  assert.match(help.stdout.replace(/\s+/g, ' '), /--workers <list> worker counts to measure: 1,2,4,8 \(a list\), 1-8 \(every count\), 1\.\.16 \(powers of two\)/);
  assert.match(help.stdout, /--settle/);
  assert.match(help.stdout, /--retry-noisy <n>/);
  const bad = await runCli(['run', example('scales-well.workload.js'), '--retry-noisy', 'x'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /option '--retry-noisy <n>' argument 'x' is invalid\. expected a whole number ≥ 0\./);
  const big = await runCli(['run', example('scales-well.workload.js'), '--workers', '1-2000'], dir);
  assert.equal(big.code, 2);
  assert.match(big.stderr, /'--workers <list>' argument '1-2000' is invalid\. "2000": at most 1024 workers\./);
  const tryHelp = await runCli(['try', '--help'], dir);
  assert.match(tryHelp.stdout, /--settle/);
  assert.match(tryHelp.stdout, /--retry-noisy <n>/);
});
