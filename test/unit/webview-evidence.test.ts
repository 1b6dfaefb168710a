// Evidence of every suggestion kind reads as labelled values with units: no JSON, no camelCase.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceLabel, evidenceRows } from '../../webview/evidenceText';

const imbalance = {
  loadBalance: { 2: 0.726, 4: 0.61 }, worstWorkers: 4, overloadMs: 12.3, longestInput: { index: 5, durationMs: 40 }, idealShareMs: 20,
  perWorkers: [{ workers: 2, predictedGainPct: 3.1 }, { workers: 4, predictedGainPct: 8.4 }], gainBasis: 'sum-of-makespans', gainOverWorkers: [2, 4],
};
const serial = {
  amdahl: { serialFraction: 0.12, r2: 0.97 }, usl: { sigma: 0.1, kappa: 0.001, peakWorkers: 5.2, r2: 0.9, trusted: false },
  speedup: { 1: 1, 2: 1.8 }, kneeWorkers: 4, efficiencyAtMax: 0.5, timeCostPct: 12, gainBasis: 'best-vs-reference', referenceWorkers: 8,
};
const lock = { file: '/w/a.ts', line: 21, waitKind: 'mutex', functionName: 'add', shareByWorkers: { 2: 0.1 }, meanWaitMs: 0.2, meanHoldMs: null, gainIfHalvedPct: 4.5, requiresCodeChange: true };
const transfer = { bytesInPerTask: 2048, perWorkers: [{ workers: 2, transferMsPerDispatch: 0.3, share: 0.12 }] };

test('no raw JSON and no camelCase keys in any row', () => {
  for (const ev of [imbalance, serial, lock, transfer]) {
    for (const r of evidenceRows(ev)) {
      assert.doesNotMatch(r.value, /[{}"]|\[|\]/, `${r.label}: ${r.value}`);
      assert.doesNotMatch(r.label, /[a-z][A-Z]/, r.label);
      assert.doesNotMatch(r.value, /perWorkers|gainBasis|sigma|trusted":/);
    }
  }
});

test('units and per-worker-count records', () => {
  const rows = Object.fromEntries(evidenceRows(imbalance).map((r) => [r.label, r.value]));
  assert.equal(rows['load balance'], '2 workers: 72.6% · 4 workers: 61.0%');
  assert.equal(rows.overload, '12.3 ms');
  assert.equal(rows['worst at'], '4 workers');
  assert.equal(rows['per worker count'], '2 workers: predicted gain +3.1%; 4 workers: predicted gain +8.4%');
  assert.equal(rows['gain measured on'], 'total of the makespans at 2, 4 workers');
  const s = Object.fromEntries(evidenceRows(serial).map((r) => [r.label, r.value]));
  assert.equal(s['USL fit'], 'σ 0.1, κ 0.001, peak at 5.2, R² 0.9, not trusted');
  assert.equal(s['gain measured on'], 'the best worker count against 8 workers');
  const l = Object.fromEntries(evidenceRows(lock).map((r) => [r.label, r.value]));
  assert.equal(l.source, '/w/a.ts:21');
  assert.equal(l['mean hold'], 'not measured');
  assert.equal(l['gain if halved'], '+4.5%');
  assert.equal(l['needs a change in the code'], 'yes');
  assert.equal(evidenceRows(transfer)[0].value, '2.0 KiB');
  assert.equal(evidenceLabel('gcMsPerTaskByWorkers'), 'GC per task');
});
