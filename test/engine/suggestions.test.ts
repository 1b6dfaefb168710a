// Suggestions are tried for real: re-running with the suggested change is measured against the
// gain the replay predicted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { example, sweep } from './helpers';

test('imbalanced: the imbalance suggestion predicts the gain of longest-first within 10 points', async () => {
  const before = await sweep(example('imbalanced.workload.js'), { workers: [1, 2], repeat: 5, warmup: 1 });
  const s = before.run.analysis?.suggestions.find((x) => x.kind === 'imbalance');
  assert.ok(s, `an imbalance suggestion (got ${before.run.analysis?.suggestions.map((x) => x.kind).join(', ')})`);
  assert.deepEqual(s.change, { order: 'longest-first' });
  assert.ok(s.predictedGainPct !== null && s.predictedGainPct > 10, `predicted gain ${s.predictedGainPct}`);
  const after = await sweep(example('imbalanced.workload.js'), { workers: [1, 2], repeat: 5, warmup: 1, order: 'longest-first' }, {
    runsDir: before.runsDir, triedSuggestion: { runId: before.run.id, kind: s.kind, predictedGainPct: s.predictedGainPct },
  });
  const tried = after.run.analysis?.suggestions.find((x) => x.kind === 'imbalance' && x.measuredGainPct != null);
  assert.ok(tried, 'the re-run reports predicted vs measured');
  const measured = tried.measuredGainPct!;
  assert.ok(Math.abs(measured - s.predictedGainPct) <= 10, `predicted ${s.predictedGainPct}% vs measured ${measured}%`);
});

test('too-fine: the granularity suggestion names a batch size, and re-running with it is faster', async () => {
  const before = await sweep(example('too-fine.workload.js'), { workers: [1, 2], repeat: 2, warmup: 1 });
  const s = before.run.analysis?.suggestions.find((x) => x.kind === 'granularity');
  assert.ok(s, `a granularity suggestion (got ${before.run.analysis?.suggestions.map((x) => x.kind).join(', ')})`);
  const batch = s.change.batch as number;
  assert.ok(Number.isInteger(batch) && batch > 1, `batch ${batch}`);
  const after = await sweep(example('too-fine.workload.js'), { workers: [1, 2], repeat: 2, warmup: 1, batch });
  const at2 = (r: typeof before.run) => r.points.find((p) => p.workers === 2)!.makespanMs;
  assert.ok(at2(after.run) < at2(before.run) * 0.8, `batched ${at2(after.run)} ms vs unbatched ${at2(before.run)} ms at 2 workers`);
});
