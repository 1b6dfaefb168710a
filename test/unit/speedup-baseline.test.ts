// The 1-worker row of a busy run: named as the untrusted baseline, not given a meaningless ±0.0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { speedupHeadline } from '../../common/speedupText';
import type { Quality, ScalingRow } from '../../common/runFile';

const quality: Quality = { verdict: 'unreliable', reasons: [], externalLoadCores: { 1: 1.2, 2: 1.2 }, spreadPct: {}, trustedWorkers: [] };
const row = (workers: number, speedup: number, ci: [number, number]): ScalingRow =>
  ({ workers, speedup, efficiency: speedup / workers, speedupCi: ci, baseline: 'measured' }) as ScalingRow;

test('busy run: the 1-worker row is the baseline, without an interval; other rows keep theirs', () => {
  assert.equal(speedupHeadline(row(1, 1, [1, 1]), quality), '≈1.0× on 1 worker (the baseline; unreliable: busy machine)');
  assert.match(speedupHeadline(row(2, 1.2, [0.6, 1.8]), quality), /^≈1\.2× on 2 workers \(unreliable: busy machine, ±0\.6\)$/);
  // Quiet: unchanged.
  assert.equal(speedupHeadline(row(1, 1, [1, 1]), { ...quality, verdict: 'ok', trustedWorkers: [1, 2] }), '1.0× on 1 worker · 100% efficient');
});
