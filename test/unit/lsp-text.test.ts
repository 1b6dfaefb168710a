// Text helpers of the language server: task-function finder, workload globs, progress text, settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findTaskFunctionLine } from '../../server/lsp/taskFunction';
import { globToRegExp, isWorkloadPath } from '../../common/workloadGlob';
import { formatRate, progressMessage, progressPercent, throttled } from '../../common/progressText';
import { effectiveOverrides, parseSettings, runsDirFor } from '../../server/lsp/settings';
import { headlineText } from '../../common/speedupText';

void test('finds the default-exported task function in its usual spellings', () => {
  assert.equal(findTaskFunctionLine('// x\nexport default function task(n) {\n}'), 1);
  assert.equal(findTaskFunctionLine('export const options = {};\nexport default async function (n) {}'), 1);
  assert.equal(findTaskFunctionLine('\n\nexport default async (n, ctx) => n * 2;'), 2);
  assert.equal(findTaskFunctionLine('export default n => n;'), 0);
  assert.equal(findTaskFunctionLine('const a = 1;\nfunction task(n) {}\nexport default task;'), 1);
  assert.equal(findTaskFunctionLine('const task = async (n) => n;\nmodule.exports = task;'), 0);
  assert.equal(findTaskFunctionLine("'use strict';\nmodule.exports = function (n) {};"), 1);
  assert.equal(findTaskFunctionLine('function run(n) {}\nexport { run as default };'), 0);
  assert.equal(findTaskFunctionLine('export function tasks() {}'), null);
});

void test('workload globs', () => {
  assert.ok(isWorkloadPath('examples/lock.workload.ts'));
  assert.ok(isWorkloadPath('a.workload.mjs'));
  assert.ok(isWorkloadPath('deep\\dir\\a.workload.cjs'));
  assert.ok(!isWorkloadPath('examples/lock.ts'));
  assert.ok(!isWorkloadPath('a.workload.tsx'));
  assert.ok(isWorkloadPath('bench/jobs/x.js', 'bench/jobs/*.js'));
  assert.ok(!isWorkloadPath('bench/jobs/sub/x.js', 'bench/jobs/*.js'));
  assert.ok(globToRegExp('src/**/*.{js,ts}').test('src/a/b/c.ts'));
  assert.ok(globToRegExp('src/**/*.{js,ts}').test('src/c.js'));
  assert.ok(!globToRegExp('src/?.js').test('src/ab.js'));
});

void test('progress text', () => {
  const p = { workers: 8, pointIndex: 3, points: 4, repeat: 1, repeats: 3, warmup: false, tasksDone: 120, tasksTotal: 400, tasksPerSec: 1234.5 };
  assert.equal(progressMessage(p), '8 workers (4/4) · repeat 2/3 · 120/400 tasks · 1.2k tasks/s');
  assert.equal(progressMessage({ ...p, workers: 1, warmup: true, tasksPerSec: 0 }), '1 worker (4/4) · warm-up · 120/400 tasks · — tasks/s');
  // A recorded program: tasks are counted once it has run; 0 workers is its own configuration.
  assert.equal(progressMessage({ ...p, tasksDone: 0, tasksTotal: 0 }), '8 workers (4/4) · repeat 2/3');
  assert.equal(progressMessage({ ...p, workers: 0, pointIndex: 0, points: 1, tasksDone: 0, tasksTotal: 0 }), 'its own workers (1/1) · repeat 2/3');
  assert.equal(formatRate(5.25), '5.3 tasks/s');
  assert.equal(formatRate(45000), '45k tasks/s');
  assert.equal(progressPercent(1.2), 100);
  assert.equal(progressPercent(0.456), 46);
  assert.equal(headlineText({ speedup: 1, workers: 1, efficiency: 1 }), '1.0× on 1 worker · 100% efficient');
});

void test('throttled passes the first value, holds the rest until the interval or flush', () => {
  let now = 0;
  const seen: number[] = [];
  const t = throttled((v: number) => seen.push(v), 100, () => now);
  t.push(1); t.push(2); t.push(3);
  assert.deepEqual(seen, [1]);
  now = 150; t.push(4);
  assert.deepEqual(seen, [1, 4]);
  t.push(5); t.flush(); t.flush();
  assert.deepEqual(seen, [1, 4, 5]);
});

void test('settings: bad values reported and replaced, nulls mean "workload decides"', () => {
  const problems: string[] = [];
  const s = parseSettings({ workers: [1, 0], repeat: null, runsFolder: 'runs', cpuProfile: true }, (p) => problems.push(p));
  assert.equal(s.workers, undefined);
  assert.equal(s.repeat, undefined);
  assert.equal(s.runsFolder, 'runs');
  assert.equal(problems.length, 1);
  assert.match(problems[0], /scalescope\.workers\[1\] ignored: too small/);
  assert.deepEqual(effectiveOverrides(s, { repeat: 2 }), { cpuProfile: true, repeat: 2 });
  assert.deepEqual(effectiveOverrides(parseSettings({ workers: [1, 2] }, () => undefined), { workers: [4] }), { workers: [4] });
  assert.equal(runsDirFor(s, '/ws/b/x.workload.js', ['/ws/a', '/ws/b']), '/ws/b/runs');
  assert.equal(runsDirFor(s, '/elsewhere/x.workload.js', ['/ws/a']), '/ws/a/runs');
  assert.equal(runsDirFor({ ...s, runsFolder: '/abs/runs' }, '/ws/x.js', ['/ws']), '/abs/runs');
});
