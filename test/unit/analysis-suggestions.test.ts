import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analysis, validateRunFile, type RunFile } from '../../common/runFile';
import { analyzeRun } from '../../server/analysis';
import { runSuggestionRules } from '../../server/analysis/suggestions';
import { noise, syntheticRun, uniform } from './analysis-fixtures';

const overheads = { sendMs: 0.02, returnMs: 0.02, mainThreadMs: 0.01, taskGapMs: 0.001 };
const close = (a: number, b: number, tol: number, what = ''): void => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b} (±${tol})`);

function analysed(run: RunFile, previous?: RunFile): Analysis {
  validateRunFile(JSON.parse(JSON.stringify(run)), 'synthetic run');
  const a = analyzeRun(run, { previous });
  Analysis.parse(a); // every field present, no NaN or Infinity
  return a;
}

const kinds = (a: Analysis): string[] => a.suggestions.map((s) => `${s.kind}:${s.severity}`);

/** Thirty-odd 4 ms tasks with one 60 ms task last: the long one starts late in given order. */
const imbalancedDurations = (): number[] => [...Array.from({ length: 60 }, () => 4), 60];
/** Per-task time inflates like the USL with σ = 0.05, κ = 0.02 (peak near 6.9 workers). */
const uslDurations = (p: number): number[] => Array.from({ length: 240 }, () => 2 * (1 + 0.05 * (p - 1) + 0.02 * p * (p - 1)));

void describe('suggestions', () => {
  void it('a near-ideal workload gets no warning (and no suggestion)', () => {
    const run = syntheticRun({ workers: [1, 2, 4, 8], repeat: 3, durations: uniform(400, 5, 0.005), jitter: noise(0.02), overheads });
    const a = analysed(run);
    assert.deepEqual(a.suggestions.filter((s) => s.severity === 'warning'), []);
    assert.deepEqual(kinds(a), []);
    assert.ok(a.scaling[3].efficiency > 0.9);
    assert.ok(a.pop.every((r) => r.loadBalance > 0.95));
  });

  void it('imbalance: longest-first, predicted gain matching a re-run made with it', () => {
    const run = syntheticRun({ workers: [1, 2, 4], durations: imbalancedDurations, overheads, id: 'before' });
    const a = analysed(run);
    const s = a.suggestions.find((x) => x.kind === 'imbalance');
    assert.ok(s, kinds(a).join());
    assert.deepEqual(s.change, { order: 'longest-first' });
    assert.equal(s.severity, 'warning');
    assert.deepEqual(s.evidence.gainOverWorkers, [2, 4]);
    assert.ok((s.evidence.loadBalance as Record<string, number>)[4] < 0.9);

    const rerun: RunFile = { ...syntheticRun({ workers: [1, 2, 4], durations: imbalancedDurations, overheads, order: 'longest-first', id: 'after' }), triedSuggestion: { runId: 'before', kind: 'imbalance', predictedGainPct: s.predictedGainPct } };
    const b = analysed(rerun, run);
    const tried = b.suggestions.find((x) => x.measuredGainPct !== undefined);
    assert.ok(tried, 'the tried suggestion is carried with its measured gain');
    assert.equal(tried.kind, 'imbalance');
    assert.equal(tried.predictedGainPct, s.predictedGainPct);
    close(tried.measuredGainPct!, s.predictedGainPct!, 1, 'measured vs predicted');
    assert.equal(b.suggestions.filter((x) => x.kind === 'imbalance' && x.measuredGainPct === undefined).length, 0, 'fixed: no new imbalance suggestion');
  });

  void it('imbalance: one input larger than a worker share → split it (reordering cannot help)', () => {
    const run = syntheticRun({ workers: [1, 4], durations: () => [200, ...Array.from({ length: 20 }, () => 5)], order: 'longest-first', overheads });
    const s = analysed(run).suggestions.find((x) => x.kind === 'imbalance');
    assert.ok(s);
    assert.deepEqual(s.change, {});
    assert.equal(s.evidence.requiresCodeChange, true);
    assert.ok(s.predictedGainPct! > 20);
  });

  void it('granularity: too-fine tasks get a batch size, predicted close to a batched re-run', () => {
    const o = { sendMs: 0.04, returnMs: 0.03, mainThreadMs: 0.015, taskGapMs: 0 };
    const run = syntheticRun({ workers: [1, 2, 4], durations: uniform(4000, 0.02), overheads: o, id: 'fine' });
    const a = analysed(run);
    const s = a.suggestions.find((x) => x.kind === 'granularity');
    assert.ok(s, kinds(a).join());
    assert.equal(s.severity, 'warning');
    const batch = s.change.batch as number;
    assert.ok(batch >= 8 && batch <= 4000 / 32, `batch ${batch}`);
    assert.ok((s.evidence.overheadShare as number) > 0.5);
    const rerun: RunFile = { ...syntheticRun({ workers: [1, 2, 4], durations: uniform(4000, 0.02), overheads: o, batch, id: 'batched' }), triedSuggestion: { runId: 'fine', kind: 'granularity', predictedGainPct: s.predictedGainPct } };
    const tried = analysed(rerun, run).suggestions.find((x) => x.measuredGainPct !== undefined)!;
    close(tried.measuredGainPct!, s.predictedGainPct!, 3, 'measured vs predicted');
  });

  void it('granularity after --batch auto: the replay starts from the batch auto ran, so no gain it already took is promised again', () => {
    const o = { sendMs: 0.04, returnMs: 0.03, mainThreadMs: 0.015, taskGapMs: 0 };
    const fine = analysed(syntheticRun({ workers: [1, 2, 4], durations: uniform(4000, 0.02), overheads: o, id: 'fine' }));
    const atOne = fine.suggestions.find((x) => x.kind === 'granularity')!;
    const chosen = atOne.change.batch as number;
    // The same workload where auto ran every point at the batch the suggestion named.
    const auto = syntheticRun({ workers: [1, 2, 4], durations: uniform(4000, 0.02), overheads: o, batch: chosen, id: 'auto' });
    auto.config.batch = 'auto';
    for (const p of auto.points) p.batch = { mode: 'auto', size: chosen, handOverMs: 0.07, taskMs: 0.02, maxSize: 4000 / (p.workers * 8), reason: 'test' };
    const s = analysed(auto).suggestions.find((x) => x.kind === 'granularity');
    if (s) {
      // Whatever remains lies beyond auto's batch, is small next to the gain auto took, and says what auto chose.
      assert.ok((s.change.batch as number) > chosen, `batch ${String(s.change.batch)}`);
      assert.ok(s.predictedGainPct! < atOne.predictedGainPct! / 2, `${s.predictedGainPct}% after auto vs ${atOne.predictedGainPct}% at batch 1`);
      assert.equal(s.evidence.currentBatch, chosen);
      assert.equal(s.evidence.batchMode, 'auto');
      assert.match(s.detail, /--batch auto` chose batch \d+/);
    }
    // The same run with fixed batch 1 recorded per point still gets the full suggestion.
    const fixed = syntheticRun({ workers: [1, 2, 4], durations: uniform(4000, 0.02), overheads: o, id: 'fixed' });
    for (const p of fixed.points) p.batch = { mode: 'fixed', size: 1 };
    assert.equal(analysed(fixed).suggestions.find((x) => x.kind === 'granularity')?.change.batch, chosen);
  });

  void it('oversubscription: more workers than CPUs with run-queue delay → stay within the CPUs', () => {
    // 4 workers on 2 CPUs: every task takes twice as long, half of it runnable-not-running.
    const run = syntheticRun({
      workers: [1, 2, 4], cpus: 2, overheads,
      durations: (p) => Array.from({ length: 200 }, () => (p > 2 ? 2 * 5 * (p / 2) / 2 : 5)),
      runQueueMs: (p) => (p > 2 ? 5 : 0),
    });
    const a = analysed(run);
    const s = a.suggestions.find((x) => x.kind === 'oversubscription');
    assert.ok(s, kinds(a).join());
    assert.deepEqual(s.change, { workers: [1, 2] });
    assert.equal(s.evidence.referenceWorkers, 4);
    assert.ok((s.evidence.runQueueShare as number) > 0.4);
    assert.ok(s.predictedGainPct! >= 0);
  });

  void it('busy CPUs within the CPU count are a machine-level verdict, not an oversubscription suggestion', () => {
    // No external-load record (an older run): run-queue delay within the CPU count is the evidence.
    const run = syntheticRun({ workers: [1, 2], cpus: 4, overheads, durations: uniform(100, 5), runQueueMs: (p) => (p === 2 ? 1.5 : 0) });
    const a = analysed(run);
    assert.equal(a.suggestions.find((x) => x.kind === 'oversubscription'), undefined);
    assert.equal(a.quality?.verdict, 'noisy');
    assert.deepEqual(a.quality?.trustedWorkers, [1]);
    assert.ok(a.quality?.reasons.some((r) => /At 2 workers threads waited for a CPU 30% of the time/.test(r)), a.quality?.reasons.join('\n'));
    // The estimate removes the delay: 5 ms tasks of which 1.5 ms waited for a CPU → 30% shorter.
    close(a.quality!.quietEstimate!['2'].makespanMs, run.points[1].makespanMs * 0.7, run.points[1].makespanMs * 0.01);
    close(a.quality!.quietEstimate!['1'].makespanMs, run.points[0].makespanMs, 1e-3, 'a point that did not wait is its own estimate');
  });

  void it('oversubscription tried: the best point of the new sweep against the old oversubscribed point', () => {
    const durations = (p: number): number[] => Array.from({ length: 200 }, () => (p > 2 ? 14 : 5));
    const before = syntheticRun({ workers: [1, 2, 4], cpus: 2, overheads, durations, runQueueMs: (p) => (p > 2 ? 7 : 0), id: 'over' });
    const s = analysed(before).suggestions.find((x) => x.kind === 'oversubscription')!;
    assert.deepEqual(s.change, { workers: [1, 2] });
    assert.equal(s.severity, 'warning');
    const after: RunFile = { ...syntheticRun({ workers: [1, 2], cpus: 2, overheads, durations, id: 'within' }), triedSuggestion: { runId: 'over', kind: 'oversubscription', predictedGainPct: s.predictedGainPct } };
    const tried = analysed(after, before).suggestions[0];
    assert.equal(tried.kind, 'oversubscription');
    const t4 = before.points[2].makespanMs;
    const best = Math.min(...after.points.map((p) => p.makespanMs));
    close(tried.measuredGainPct!, ((t4 - best) / t4) * 100, 0.05);
    close(tried.measuredGainPct!, s.predictedGainPct!, 1);
  });

  void it('serial-bottleneck: USL data past its peak → stop at the fastest count; σ, κ recovered from the run', () => {
    const run = syntheticRun({ workers: [1, 2, 4, 8, 16], durations: uslDurations });
    const a = analysed(run);
    assert.ok(a.usl && a.usl.trusted);
    close(a.usl.sigma, 0.05, 1e-3, 'σ');
    close(a.usl.kappa, 0.02, 1e-4, 'κ');
    close(a.usl.peakWorkers!, Math.sqrt(0.95 / 0.02), 0.05, 'p*');
    const s = a.suggestions.find((x) => x.kind === 'serial-bottleneck');
    assert.ok(s, kinds(a).join());
    assert.equal(s.severity, 'warning');
    assert.deepEqual(s.change, { workers: [1, 2, 4, 8] });
    const t8 = run.points[3].makespanMs;
    const t16 = run.points[4].makespanMs;
    close(s.predictedGainPct!, ((t16 - t8) / t16) * 100, 0.05);
  });

  void it('serial-bottleneck: when imbalance explains the flattening, the detail says so', () => {
    const run = syntheticRun({ workers: [1, 2, 4], durations: imbalancedDurations, overheads });
    const s = analysed(run).suggestions.find((x) => x.kind === 'serial-bottleneck');
    assert.ok(s);
    assert.equal(s.severity, 'info');
    assert.match(s.detail, /Load balance at 4 workers is only 0\.\d+/);
  });

  void it('serial-bottleneck: a flattening explained by CPU contention is withheld, not suggested', () => {
    // A well-scaling workload measured on a busy 2-CPU host: the 2-worker point waited for CPUs.
    const run = syntheticRun({ workers: [1, 2], cpus: 2, overheads, durations: (p) => Array.from({ length: 100 }, () => (p === 2 ? 12 : 5)), runQueueMs: (p) => (p === 2 ? 6 : 0) });
    const a = analysed(run);
    assert.deepEqual(a.suggestions, [], 'no code suggestion from a contaminated point');
    const w = a.withheld?.find((x) => x.kind === 'serial-bottleneck');
    assert.ok(w, JSON.stringify(a.withheld));
    assert.match(w.reason, /points at 2 workers/);
    assert.equal(a.amdahl, null, 'no fit from one trusted point');
    assert.notEqual(a.quality?.verdict, 'ok');
  });

  void it('serial-bottleneck: diminishing returns name the knee; too few points are said to be untrustworthy', () => {
    const run = syntheticRun({ workers: [1, 2, 4, 8], durations: uniform(240, 2, 0.15) });
    const a = analysed(run);
    const s = a.suggestions.find((x) => x.kind === 'serial-bottleneck');
    assert.ok(s, kinds(a).join());
    assert.equal(s.evidence.kneeWorkers, 4);
    assert.equal(s.severity, 'warning'); // efficiency at 8 workers < 0.5
    assert.deepEqual(s.change, { workers: [1, 2, 4] });
    assert.equal(s.predictedGainPct, null);
    assert.doesNotMatch(s.detail, /Load balance/);

    const few = analysed(syntheticRun({ workers: [1, 4, 8], durations: uniform(240, 2, 0.15) }));
    assert.ok(few.usl && !few.usl.trusted);
    assert.ok(few.notes.some((n) => /not to be trusted/.test(n)));
    assert.match(few.suggestions.find((x) => x.kind === 'serial-bottleneck')!.detail, /too few points/);
  });
});

void describe('analyzeRun on awkward runs', () => {
  void it('run-queue delay missing only for failed tasks: says so, without blaming /proc', () => {
    const run = syntheticRun({
      workers: [1, 2], durations: uniform(20, 2), failed: (_p, i) => i === 3,
      runQueueMs: (_p, i) => (i === 3 ? null : 0.1),
    });
    const notes = analysed(run).notes.join('\n');
    assert.doesNotMatch(notes, /schedstat/);
    assert.match(notes, /Run-queue delay is unknown for 2 failed tasks \(exited, timed out or out of memory/);
    const lone = syntheticRun({ workers: [1], durations: uniform(20, 2), failed: (_p, i) => i === 3, runQueueMs: (_p, i) => (i === 3 ? null : 0.1) });
    assert.match(analysed(lone).notes.join('\n'), /unknown for 1 failed task \(/);
    const noProc = syntheticRun({ workers: [1, 2], durations: uniform(20, 2), runQueueMs: () => null });
    assert.match(analysed(noProc).notes.join('\n'), /not measurable for \d+ of \d+ tasks \(no \/proc\/thread-self\/schedstat here\)/);
  });
  void it('nulls, failures, a cancelled run, a point with no finished repeat and no 1-worker point', () => {
    const run = syntheticRun({
      workers: [2, 4, 8], cpus: 4, repeat: 2, status: 'cancelled', overheads,
      durations: uniform(50, 3), runQueueMs: () => null, failed: (_p, i) => i % 7 === 0, lockWaitMs: (_p, i) => (i % 2 ? 0.5 : 0),
    });
    run.points[2] = { ...run.points[2], makespansMs: [], makespanMs: 0 };
    const a = analysed(run);
    assert.deepEqual(a.scaling.map((r) => r.workers), [2, 4]);
    assert.equal(a.scaling[0].speedup, 2);
    const notes = a.notes.join('\n');
    assert.match(notes, /cancelled/);
    assert.match(notes, /No 1-worker point/);
    assert.match(notes, /8-worker point has no finished repeat with tasks/);
    assert.match(notes, /Run-queue delay was not measurable/);
    assert.match(notes, /\d+ tasks? failed \(\d+ error\)/);
    assert.doesNotMatch(notes, /task\(s\)/);
    assert.ok(a.contention.every((c) => c.runQueueShare === 0 && c.lockWaitShare > 0));
    assert.ok(a.contention.every((c) => c.transferShare === 0), 'small messages: no transfer share');
  });

  void it('leaves the transfer share out where message sizes were not measured', () => {
    const run = syntheticRun({ workers: [1, 2], durations: uniform(20, 1) });
    for (const p of run.points) p.tasks.bytesIn = p.tasks.bytesIn.map(() => null);
    assert.ok(analysed(run).contention.every((c) => c.transferShare === undefined));
  });

  void it('an empty run and a single-point run give empty tables, not errors', () => {
    const empty = syntheticRun({ workers: [1], durations: () => [] });
    empty.points = [];
    const a = analysed(empty);
    assert.deepEqual([a.scaling, a.pop, a.suggestions], [[], [], []]);
    assert.equal(a.amdahl, null);
    assert.equal(a.usl, null);
    const single = analysed(syntheticRun({ workers: [4], durations: uniform(10, 1) }));
    assert.equal(single.amdahl, null);
    assert.equal(single.usl, null);
    assert.ok(single.notes.some((n) => /Fewer than two trusted worker counts/.test(n)));
  });

  void it('a tried suggestion whose earlier run is missing gets a note, not a crash', () => {
    const run: RunFile = { ...syntheticRun({ workers: [1, 2], durations: uniform(10, 1) }), triedSuggestion: { runId: 'gone', kind: 'granularity', predictedGainPct: 12 } };
    assert.ok(analysed(run).notes.some((n) => /gone/.test(n)));
  });

  void it('a rule that throws is reported in the notes', () => {
    const run = syntheticRun({ workers: [1, 2], durations: uniform(10, 1) });
    const failing = (): never => { throw new Error('boom'); };
    const ctxRun = runSuggestionRules({ run } as never, [failing]);
    assert.deepEqual(ctxRun.suggestions, []);
    assert.match(ctxRun.notes[0], /failing failed: boom/);
  });
});
