import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatComparison } from '../../server/cli/compare';
import { makeStyle } from '../../server/cli/style';
import { sampleRun } from './export-helpers';

const plain = makeStyle(false);

void test('per common worker count: both medians, the change and both speedups', () => {
  const a = sampleRun();
  const b = sampleRun();
  b.id = 'after';
  b.config.order = 'longest-first';
  b.points[1].makespanMs = 15.75; // 21 → 15.75: −25%
  b.points[1].makespansMs = a.points[1].makespansMs.map((m) => m * 0.75);
  b.analysis!.scaling[1].speedup = 2.03;
  const text = formatComparison(a, b, plain);
  assert.match(text, /A {2}sample-run/);
  assert.match(text, /B {2}after/);
  assert.match(text, /Configuration\n {2}order: "given" → "longest-first"\n/);
  // The change with its bootstrap interval; two repeats a side cannot separate 25%: within noise.
  assert.match(text, /\n\s+1\s+32\.0 ms\s+32\.0 ms\s+0\.0% \[[^\]]+\]\s+within noise\s+1\.00×\s+1\.00×\n/);
  assert.match(text, /\n\s+2\s+21\.0 ms\s+15\.8 ms\s+−25\.0% \[[^\]]+\]\s+within noise\s+1\.94×\s+2\.03×$/m);
  assert.doesNotMatch(text, /different workloads/);
});

void test('runs with nothing in common, or of different workloads, say so', () => {
  const a = sampleRun();
  const b = sampleRun();
  b.workload = { path: '/elsewhere.js', name: 'elsewhere.js' };
  b.points = b.points.map((p) => ({ ...p, workers: p.workers + 10 }));
  const text = formatComparison(a, b, plain);
  assert.match(text, /different workloads/);
  assert.match(text, /no worker count was measured in both runs/);
  assert.match(text, /Configuration\n {2}same\n/);
});
