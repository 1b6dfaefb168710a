// Suggestions are tried for real: re-running with the suggested change is measured against the
// gain the replay predicted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { example, suggestionOrWithheld, sweep } from './helpers';
import { DISPATCH_ENV } from '../../server/engine/sharedQueue';

// Suggestions come only from points the noise verdict trusts: measure on a settled machine, and
// again where a repeat was disturbed (this machine is shared).
const QUIET = { settle: true, retryNoisy: 2 };

async function imbalanceTrial(): Promise<{ predicted: number; measured: number } | null> {
  const before = await sweep(example('imbalanced.workload.js'), { workers: [1, 2], repeat: 5, warmup: 1, ...QUIET });
  const s = suggestionOrWithheld(before.run, 'imbalance');
  if (!s) return null;
  assert.deepEqual(s.change, { order: 'longest-first' });
  assert.ok(s.predictedGainPct !== null && s.predictedGainPct > 10, `predicted gain ${s.predictedGainPct}`);
  const after = await sweep(example('imbalanced.workload.js'), { workers: [1, 2], repeat: 5, warmup: 1, order: 'longest-first', ...QUIET }, {
    runsDir: before.runsDir, triedSuggestion: { runId: before.run.id, kind: s.kind, predictedGainPct: s.predictedGainPct },
  });
  const tried = after.run.analysis?.suggestions.find((x) => x.kind === 'imbalance' && x.measuredGainPct != null);
  assert.ok(tried, 'the re-run reports predicted vs measured');
  return { predicted: s.predictedGainPct, measured: tried.measuredGainPct! };
}

test('imbalanced: the imbalance suggestion predicts the gain of longest-first within 10 points', async () => {
  // Two sweeps of ~1 s each on a 2-core machine: a burst of load from elsewhere can swamp one
  // comparison, so a second trial is allowed; both are printed.
  const first = await imbalanceTrial();
  if (!first) return;
  const trials = [first];
  if (Math.abs(first.measured - first.predicted) > 10) { const second = await imbalanceTrial(); if (second) trials.push(second); }
  for (const t of trials) console.log(`imbalance: predicted ${t.predicted}% vs measured ${t.measured}%`);
  const last = trials[trials.length - 1];
  assert.ok(Math.abs(last.measured - last.predicted) <= 10, `predicted ${last.predicted}% vs measured ${last.measured}%`);
});

/** Runs `fn` with the engine's dispatch forced to messages (or left to pull), restoring the setting after. */
async function withDispatch<T>(dispatch: 'message' | 'pull', fn: () => Promise<T>): Promise<T> {
  const before = process.env[DISPATCH_ENV];
  if (dispatch === 'message') process.env[DISPATCH_ENV] = 'message'; else delete process.env[DISPATCH_ENV];
  try { return await fn(); } finally { if (before === undefined) delete process.env[DISPATCH_ENV]; else process.env[DISPATCH_ENV] = before; }
}

test('too-fine, message dispatch: the granularity suggestion names a batch size, and re-running with it is faster', async () => {
  await withDispatch('message', async () => {
    const before = await sweep(example('too-fine.workload.js'), { workers: [1, 2], repeat: 2, warmup: 1, ...QUIET });
    assert.ok(before.run.points.every((p) => p.dispatch?.kind === 'message'), 'the points record message dispatch');
    const s = suggestionOrWithheld(before.run, 'granularity');
    if (!s) return;
    const batch = s.change.batch as number;
    assert.ok(Number.isInteger(batch) && batch > 1, `batch ${batch}`);
    const after = await sweep(example('too-fine.workload.js'), { workers: [1, 2], repeat: 2, warmup: 1, batch, ...QUIET });
    const at2 = (r: typeof before.run) => r.points.find((p) => p.workers === 2)!.makespanMs;
    assert.ok(at2(after.run) < at2(before.run) * 0.8, `batched ${at2(after.run)} ms vs unbatched ${at2(before.run)} ms at 2 workers`);
  });
});

test('too-fine, pulled: no batch is suggested, since a worker pays its per-task costs whatever the batch', async () => {
  const run = await withDispatch('pull', async () => (await sweep(example('too-fine.workload.js'), { workers: [1, 2], repeat: 2, warmup: 1 })).run);
  assert.ok(run.points.every((p) => p.dispatch?.kind === 'shared-queue'), 'the points record pulling');
  const a = run.analysis!;
  const made = [...a.suggestions, ...(a.withheld ?? [])].filter((s) => s.kind === 'granularity');
  assert.deepEqual(made, [], 'no granularity suggestion, made or withheld');
});
