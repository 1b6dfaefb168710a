import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Suggestion } from '../../common/runFile';
import { UsageError } from '../../server/cli/context';
import { overridesForTrying, pickSuggestion } from '../../server/cli/trySuggestion';
import { sampleRun } from './export-helpers';

const base = { severity: 'info' as const, detail: '', evidence: {}, predictedGainPct: 10, location: null };
const split: Suggestion = { ...base, kind: 'imbalance', title: 'split', change: { splitInputs: true } };
const order: Suggestion = { ...base, kind: 'imbalance', title: 'order', change: { order: 'longest-first' } };
const batch: Suggestion = { ...base, kind: 'granularity', title: 'batch', change: { batch: 64 } };
const none: Suggestion = { ...base, kind: 'serial-bottleneck', title: 'none', change: {} };

function runWith(...suggestions: Suggestion[]) {
  const run = sampleRun();
  run.analysis!.suggestions = suggestions;
  return run;
}

void test('by default the first suggestion whose change is a setting is tried', () => {
  assert.equal(pickSuggestion(runWith(none, split, batch, order), undefined).title, 'batch');
});

void test('a kind picks the first suggestion of that kind that has a setting', () => {
  assert.equal(pickSuggestion(runWith(split, batch, order), 'imbalance').title, 'order');
});

void test('a kind with only code changes, an absent kind, or nothing to try is a usage error naming why', () => {
  assert.throws(() => pickSuggestion(runWith(split, batch), 'imbalance'), (e: unknown) => e instanceof UsageError && /changes no setting that a re-run can apply \(split\)/.test(e.message));
  assert.throws(() => pickSuggestion(runWith(split, batch), 'gc-pressure'), (e: unknown) => e instanceof UsageError && /no gc-pressure suggestion \(its suggestions: imbalance, granularity\)/.test(e.message));
  assert.throws(() => pickSuggestion(runWith(none, split), undefined), (e: unknown) => e instanceof UsageError && /no suggestion with a setting to try/.test(e.message));
  assert.throws(() => pickSuggestion(runWith(), undefined), (e: unknown) => e instanceof UsageError && /its suggestions: none/.test(e.message));
});

void test('a change that sets what the run already used is not tried (it would measure the same thing)', () => {
  const same: Suggestion = { ...base, kind: 'oversubscription', title: 'stay within the CPUs', change: { workers: [1, 2] } };
  assert.throws(() => pickSuggestion(runWith(same), 'oversubscription'), (e: unknown) => e instanceof UsageError && /asks for workers = 1,2, which that run already used/.test(e.message));
  assert.equal(pickSuggestion(runWith(same, batch), undefined).title, 'batch');
});

void test("the re-run keeps the saved run's config and applies the change over it", () => {
  const run = runWith(batch);
  assert.deepEqual(overridesForTrying(run, batch), { workers: [1, 2], repeat: 2, warmup: 0, timeoutMs: 1000, batch: 64, order: 'given' });
});
