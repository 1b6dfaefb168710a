// The 1-worker row of a busy run: named as the untrusted baseline, not given a meaningless ±0.0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { speedupHeadline, speedupTrustedAt } from '../../common/speedupText';
import type { Quality, ScalingRow } from '../../common/runFile';
import { runQuality, type PointLoad } from '../../server/analysis/quality';

const quality: Quality = { verdict: 'unreliable', reasons: [], externalLoadCores: { 1: 1.2, 2: 1.2 }, spreadPct: {}, trustedWorkers: [] };
const row = (workers: number, speedup: number, ci: [number, number]): ScalingRow =>
  ({ workers, speedup, efficiency: speedup / workers, speedupCi: ci, baseline: 'measured' }) as ScalingRow;

test('busy run: the 1-worker row is the baseline, without an interval; other rows keep theirs', () => {
  assert.equal(speedupHeadline(row(1, 1, [1, 1]), quality), '≈1.0× on 1 worker (the baseline; unreliable: busy machine)');
  assert.match(speedupHeadline(row(2, 1.2, [0.6, 1.8]), quality), /^≈1\.2× on 2 workers \(unreliable: busy machine, ±0\.6\)$/);
  // Quiet: unchanged.
  assert.equal(speedupHeadline(row(1, 1, [1, 1]), { ...quality, verdict: 'ok', trustedWorkers: [1, 2] }), '1.0× on 1 worker · 100% efficient');
});

test('no 1-worker point on a busy machine: the verdict does not speak of speedups relative to the fewest workers', () => {
  const load = (workers: number, verdict: PointLoad['verdict']): PointLoad => ({ workers, externalCores: 1, significantExternalCores: 1, ownExtraCores: 0, stolenCores: 0.5, waitShare: 0, tickNoiseCores: 0, spreadPct: 0, verdict, reasons: [] });
  const q = runQuality([load(2, 'noisy'), load(4, 'ok')], 2);
  assert.ok(q.reasons.some((r) => /no 1-worker point: no speedup is measured/.test(r)), JSON.stringify(q.reasons));
  assert.ok(!q.reasons.some((r) => /Every speedup is relative/.test(r)));
  // With a 1-worker baseline the reason is the one about speedups.
  assert.ok(runQuality([load(1, 'noisy'), load(2, 'ok')], 1).reasons.some((r) => /Every speedup is relative to the 1 worker point/.test(r)));
});

test('a trusted point measured against an untrusted 1-worker baseline: its speedup is marked, with the baseline named', () => {
  // The code-server run of 2026-12-03: 2.06× on 3 workers of a 2-CPU machine, the 1-worker point slowed by other processes.
  const q: Quality = { verdict: 'unreliable', reasons: [], externalLoadCores: { 1: 0.5, 3: 0 }, spreadPct: {}, trustedWorkers: [3] };
  assert.equal(speedupHeadline(row(3, 2.06, [2.02, 2.1]), q), '≈2.1× on 3 workers (against a 1-worker baseline measured on a busy machine, ±<0.1)');
  assert.ok(!speedupTrustedAt(q, 3));
  assert.ok(speedupTrustedAt({ ...q, trustedWorkers: [1, 3] }, 3));
  assert.ok(speedupTrustedAt(undefined, 3), 'a run without a verdict: trusted');
});
