import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Suggestion } from '../../common/runFile';
import { findTriedSuggestion, measuredGainPct } from '../../server/analysis/tried';
import { syntheticRun, uniform } from './analysis-fixtures';

const suggestion = (kind: Suggestion['kind'], predictedGainPct: number | null, evidence: Record<string, unknown> = {}): Suggestion =>
  ({ kind, severity: 'info', title: kind, detail: '', evidence, change: {}, predictedGainPct, location: null });

void describe('predicted vs measured', () => {
  // Makespans: before 1 → 100, 2 → 50, 4 → 30 ms (10 tasks in 3 rounds); after 1 → 80, 2 → 40 ms.
  const before = syntheticRun({ workers: [1, 2, 4], durations: uniform(10, 10) });
  const after = syntheticRun({ workers: [1, 2], durations: uniform(10, 8) });

  void it('sum of makespans over the listed worker counts present in both runs', () => {
    const s = suggestion('imbalance', 20, { gainBasis: 'sum-of-makespans', gainOverWorkers: [2, 4] });
    assert.equal(measuredGainPct(before, after, s), 20); // only 2 is common: (50 − 40)/50
    const all = suggestion('granularity', 20, { gainBasis: 'sum-of-makespans', gainOverWorkers: [1, 2] });
    assert.equal(measuredGainPct(before, after, all), 20); // (150 − 120)/150
  });

  void it('best point of the new sweep against the reference count', () => {
    const s = suggestion('oversubscription', 10, { gainBasis: 'best-vs-reference', referenceWorkers: 4 });
    assert.ok(Math.abs(measuredGainPct(before, after, s)! - -100 / 3) < 1e-9); // (30 − 40)/30: slower
  });

  void it('without a stated basis, all common counts; null when none are common', () => {
    assert.equal(measuredGainPct(before, after, suggestion('queue-wait', null)), 20);
    const other = syntheticRun({ workers: [8], durations: uniform(10, 10) });
    assert.equal(measuredGainPct(before, other, suggestion('queue-wait', null)), null);
    assert.equal(measuredGainPct(before, other, suggestion('oversubscription', 1, { gainBasis: 'best-vs-reference', referenceWorkers: 3 })), null);
  });

  void it('finds the tried suggestion by kind, then by predicted gain', () => {
    const list = [suggestion('imbalance', 30), suggestion('granularity', 12), suggestion('granularity', 40)];
    assert.equal(findTriedSuggestion(list, { runId: 'x', kind: 'granularity', predictedGainPct: 40 }), list[2]);
    assert.equal(findTriedSuggestion(list, { runId: 'x', kind: 'granularity', predictedGainPct: 7 }), list[1]);
    assert.equal(findTriedSuggestion(list, { runId: 'x', kind: 'serial-bottleneck', predictedGainPct: 7 }), null);
    const carried = { ...suggestion('granularity', 40), measuredGainPct: 35 };
    assert.equal(findTriedSuggestion([carried, list[1]], { runId: 'x', kind: 'granularity', predictedGainPct: 40 }), list[1], 'its own suggestion, not one it carried from a try');
  });
});
