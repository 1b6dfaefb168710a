// common/workloadGlob.ts matches `scalescope.workloadGlob` as VS Code's glob does: `[ab]` classes,
// `{a,b}` braces, `**` over zero or more folders, `*` and `?` within one path segment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isWorkloadPath } from '../../common/workloadGlob';

test('[ab] character classes match one character of the class', () => {
  assert.ok(isWorkloadPath('jobs/a.js', 'jobs/[ab].js'));
  assert.ok(isWorkloadPath('jobs/b.js', 'jobs/[ab].js'));
  assert.ok(!isWorkloadPath('jobs/c.js', 'jobs/[ab].js'));
  assert.ok(isWorkloadPath('jobs/job3.js', 'jobs/job[0-9].js'));
  assert.ok(!isWorkloadPath('jobs/jobx.js', 'jobs/job[0-9].js'));
  assert.ok(isWorkloadPath('jobs/x.js', 'jobs/[!ab].js'));
  assert.ok(!isWorkloadPath('jobs/a.js', 'jobs/[!ab].js'));
});

test('braces take alternatives, also nested in ** and around folder names', () => {
  assert.ok(isWorkloadPath('bench/x.mjs', 'bench/*.{js,mjs}'));
  assert.ok(!isWorkloadPath('bench/x.ts', 'bench/*.{js,mjs}'));
  assert.ok(isWorkloadPath('perf/deep/x.js', '{bench,perf}/**/*.js'));
  assert.ok(!isWorkloadPath('src/deep/x.js', '{bench,perf}/**/*.js'));
});

test('** spans zero or more folders; * and ? stay within one segment', () => {
  assert.ok(isWorkloadPath('x.job.js', '**/*.job.js'));
  assert.ok(isWorkloadPath('a/b/c/x.job.js', '**/*.job.js'));
  assert.ok(isWorkloadPath('a/x.js', 'a/**'));
  assert.ok(isWorkloadPath('a/b/c/x.js', 'a/**'));
  assert.ok(!isWorkloadPath('a/b/x.js', 'a/*.js'));
  assert.ok(!isWorkloadPath('a/xy.js', 'a/?.js'));
  assert.ok(isWorkloadPath('.hidden/x.job.js', '**/*.job.js'));
});
