// A task stuck past its timeout is reported at the line it was stuck on (issue 11 item 2): the
// engine samples the stuck worker's stack from the main thread (server/engine/stuckStack.ts) before
// stopping it, on both loading paths. A task that is waiting (not running) has no such frame: it
// keeps the task function's line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweep } from './helpers';
import { stackFromReply } from '../../server/engine/stuckStack';

const STUCK = `export const options = { workers: [2], repeat: 1, warmup: 0, timeoutMs: 300 };
export function tasks() { return [0, 1, 2, 3]; }
function spin(n) {
  let x = n;
  for (;;) { x = (x * 31 + 7) | 0; }
}
export default function task(input) {
  if (input === 2) return spin(input);
  return input;
}
`;

const WAITING = `export const options = { workers: [1], repeat: 1, warmup: 0, timeoutMs: 300 };
export function tasks() { return [0, 1]; }
export default async function task(input) {
  if (input === 1) await new Promise(() => {});
  return input;
}
`;

function workload(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'scalescope-stuck-')), 'stuck.workload.mjs');
  writeFileSync(file, text);
  return file;
}

for (const loader of ['esbuild', 'node'] as const) {
  void test(`SCALESCOPE_LOADER=${loader}: a task stuck in for(;;) is reported at the loop's line`, async () => {
    process.env.SCALESCOPE_LOADER = loader;
    try {
      const file = workload(STUCK);
      const { run } = await sweep(file);
      assert.equal(run.failures.length, 1, JSON.stringify(run.failures));
      const f = run.failures[0];
      assert.equal(f.cause, 'timeout');
      assert.equal(f.location?.file, file);
      assert.equal(f.location?.line, 5, `the loop, not the task function (line 7): ${f.stack}`);
      assert.match(f.stack ?? '', /when its timeout fired/);
      assert.equal(run.points[0].tasks.ok.filter(Boolean).length, 3);
    } finally {
      delete process.env.SCALESCOPE_LOADER;
    }
  });
}

void test('a task waiting on a promise past its timeout keeps the task function\'s line', async () => {
  const file = workload(WAITING);
  const { run } = await sweep(file);
  assert.equal(run.failures.length, 1);
  assert.equal(run.failures[0].cause, 'timeout');
  assert.equal(run.failures[0].location?.line, 3);
});

void test('a sampled stack loses the evaluation\'s own frame; a reply from another thread is refused', () => {
  const stack = 'Error\n    at <anonymous>:3:1\n    at spin (file:///w.mjs:5:3)\n    at task (file:///w.mjs:8:10)';
  assert.equal(stackFromReply(JSON.stringify([7, stack]), 7), 'the task was running here when its timeout fired\n    at spin (file:///w.mjs:5:3)\n    at task (file:///w.mjs:8:10)');
  assert.equal(stackFromReply(JSON.stringify([8, stack]), 7), null);
  assert.equal(stackFromReply(JSON.stringify([7, 'Error\n    at <anonymous>:1:1']), 7), null);
  assert.equal(stackFromReply(undefined, 7), null);
});
