// Ctrl-C in the middle of a run: the run stops, what was measured is saved as "cancelled".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunFile } from '../../common/runFile';
import { finished, printedPath, startCli, tempDir } from './cli-helpers';

// Long enough that the signal always lands mid-sweep: 3 worker counts × 3 repeats of ~0.4 s+,
// measured in blocks (every count once per block).
const SLOW_WORKLOAD = `
export const options = { workers: [1, 2, 3], repeat: 3, warmup: 0 };
export function tasks() { return Array.from({ length: 40 }, (_, i) => i); }
export default function task(n) {
  const end = Date.now() + 10;
  let x = n;
  while (Date.now() < end) x = (Math.imul(x, 31) + 1) | 0;
  return x;
}
`;

void test('SIGINT mid-run saves the run as cancelled, prints it and where it is', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'slow.workload.js'), SLOW_WORKLOAD);
  const child = startCli(['run', 'slow.workload.js', '--trace', 'cancelled.trace.json'], dir);
  const result = finished(child);
  // Wait until the second block has started: every count then has a measured repeat to keep.
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stderr!.on('data', (d: Buffer) => {
      seen += d.toString();
      if (/· repeat 2\/3 ·/m.test(seen)) resolve();
    });
    child.once('close', () => reject(new Error(`exited before the second block: ${seen}`)));
  });
  child.kill('SIGINT');
  const r = await result;
  assert.equal(r.code, 130, r.stderr + r.stdout);
  assert.match(r.stderr, /Stopping: keeping what was measured/);
  assert.match(r.stderr, /Run cancelled; what was measured is saved in \.scalescope\/runs\/.+\.json/);
  assert.match(r.stdout, /^Cancelled: the results cover what was measured/m);
  const run = parseRunFile(readFileSync(printedPath(r.stdout, 'Run saved', dir), 'utf8'));
  assert.equal(run.status, 'cancelled');
  assert.deepEqual(run.points.map((p) => p.workers), [1, 2, 3], 'the first block measured every count: all are kept');
  assert.ok(run.points.every((p) => p.makespansMs.length >= 1), 'each kept point has its finished repeats');
  const measured = run.points.reduce((n, p) => n + p.makespansMs.length, 0);
  assert.ok(measured < 9, `the sweep stopped before its last repeat (${measured} of 9 measured)`);
  assert.ok(readFileSync(printedPath(r.stdout, 'Trace \\(Perfetto\\)', dir), 'utf8').length > 0, 'exports are written for the partial run');
});
