// Contention analysis on synthetic runs: lock-wait hints per line, and the lock-contention,
// transfer-cost, gc-pressure and queue-wait suggestions with their replayed gains.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Point, RunFile, WaitSite } from '../../common/runFile';
import { analyzeRun } from '../../server/analysis/index';
import { HINT_WARNING_SHARE } from '../../server/analysis/hints';
import { syntheticRun, uniform } from './analysis-fixtures';

const FILE = '/w/work.ts';

function site(line: number, waitMs: number, count: number, kind: WaitSite['kind'] = 'mutex'): WaitSite {
  return { kind, location: { file: FILE, line }, functionName: 'critical', stack: [`task (${FILE}:30)`, `critical (${FILE}:${line})`], count, waitMs, holdMs: kind === 'atomics-wait' ? null : count * 0.5 };
}

const sumOf = (xs: ArrayLike<number>): number => Array.from(xs).reduce((a, b) => a + b, 0);
const lockTotal = (p: Point): number => sumOf(p.tasks.lockWaitMs);
const workerTime = (p: Point): number => p.workers * sumOf(p.makespansMs);

/** 40 tasks of 10 ms; from 2 workers on, 2 ms × (p − 1) of each is lock wait. */
function contendedRun(): RunFile {
  return syntheticRun({ workers: [1, 2, 4], repeat: 2, durations: uniform(40, 10), lockWaitMs: (p) => 2 * (p - 1) });
}

void describe('lock-contention hints', () => {
  void it('one hint per line: share = wait at the line / (p × Σ makespans), growing with p, 0 where nobody waited', () => {
    const run = contendedRun();
    for (const p of run.points) p.waitSites = p.workers === 1 ? [] : [site(12, lockTotal(p), 40 * p.workers)];
    const hints = analyzeRun(run).hints.filter((h) => h.kind === 'lock-contention');
    assert.equal(hints.length, 1);
    const [h] = hints;
    assert.deepEqual([h.file, h.line], [FILE, 12]);
    const expected = run.points.map((p) => ({ workers: p.workers, share: p.workers === 1 ? 0 : lockTotal(p) / workerTime(p) }));
    assert.deepEqual(h.shareByWorkers?.map((s) => s.workers), [1, 2, 4]);
    h.shareByWorkers?.forEach((s, i) => assert.ok(Math.abs(s.share - expected[i].share) < 1e-12, `share at ${s.workers}`));
    assert.ok(expected[2].share > expected[1].share && expected[1].share > 0);
    assert.equal(h.severity, expected[2].share >= HINT_WARNING_SHARE ? 'warning' : 'info');
    assert.match(h.message, /Threads wait here \d+% of their time at 4 workers \(1 worker: 0% · 2: [\d.]+% · 4: \d+%\): Mutex lock in critical\(\)/);
    assert.match(h.message, /lock then held 0.50 ms each/);
  });

  void it('no wait sites, no hint; a line under 1% of worker time gets none either', () => {
    const run = contendedRun();
    assert.deepEqual(analyzeRun(run).hints.filter((h) => h.kind === 'lock-contention'), []);
    for (const p of run.points) p.waitSites = [site(12, workerTime(p) * 0.005, 3)];
    assert.deepEqual(analyzeRun(run).hints.filter((h) => h.kind === 'lock-contention'), []);
  });

  void it('sites on several lines and kinds: one hint per line, biggest first, unlocated sites ignored', () => {
    const run = contendedRun();
    for (const p of run.points) {
      const w = lockTotal(p);
      p.waitSites = p.workers === 1 ? [] : [
        site(12, 0.25 * w, 10), site(20, 0.5 * w, 10, 'atomics-wait'), site(20, 0.25 * w, 5, 'semaphore'),
        { ...site(99, 1000, 1), location: null },
      ];
    }
    const hints = analyzeRun(run).hints.filter((h) => h.kind === 'lock-contention');
    assert.deepEqual(hints.map((h) => h.line), [20, 12]);
    assert.match(hints[0].message, /Atomics\.wait/, 'the kind with the most wait time names the line');
  });
});

void describe('lock-contention suggestion', () => {
  void it('names the line and predicts the replayed gain of removing its waits (more than halving them)', () => {
    const run = contendedRun();
    for (const p of run.points) p.waitSites = p.workers === 1 ? [] : [site(12, lockTotal(p), 40)];
    const s = analyzeRun(run).suggestions.find((x) => x.kind === 'lock-contention');
    assert.ok(s, 'a lock-contention suggestion');
    assert.deepEqual(s.location, { file: FILE, line: 12 });
    assert.deepEqual(s.evidence.gainOverWorkers, [2, 4]);
    // Without the wait every task at p workers is 10 − 2(p − 1) ms: 8 ms at 2, 4 ms at 4 (exact replay, no overheads).
    const measured = run.points[1].makespanMs + run.points[2].makespanMs;
    const predicted = run.points[1].makespanMs * 0.8 + run.points[2].makespanMs * 0.4;
    assert.ok(Math.abs((s.predictedGainPct ?? 0) - ((measured - predicted) / measured) * 100) < 0.1, `gain ${s.predictedGainPct}`);
    assert.ok((s.evidence.gainIfHalvedPct as number) < (s.predictedGainPct ?? 0));
    assert.match(s.title, /work\.ts:12/);
  });

  void it('splits a point\'s lock wait between lines by their recorded wait time', () => {
    const run = contendedRun();
    for (const p of run.points) p.waitSites = p.workers === 1 ? [] : [site(12, 0.75 * lockTotal(p), 30), site(20, 0.25 * lockTotal(p), 10)];
    const byLine = new Map(analyzeRun(run).suggestions.filter((x) => x.kind === 'lock-contention').map((x) => [x.location?.line, x.predictedGainPct ?? 0]));
    assert.ok((byLine.get(12) ?? 0) > (byLine.get(20) ?? 0) * 2, JSON.stringify([...byLine]));
  });
});

void describe('gc-pressure, transfer-cost and queue-wait suggestions', () => {
  void it('gc-pressure from recorded GC pauses: gain of halving them, bound of removing them', () => {
    const run = syntheticRun({ workers: [1, 2], repeat: 1, durations: uniform(40, 10), gcMs: () => 4 });
    const s = analyzeRun(run).suggestions.find((x) => x.kind === 'gc-pressure' && x.evidence.source === 'gc-observer');
    assert.ok(s);
    // Tasks 10 → 8 ms with GC halved: 20% on every point; 40% with no GC.
    assert.ok(Math.abs((s.predictedGainPct ?? 0) - 20) < 0.5, `gain ${s.predictedGainPct}`);
    assert.ok(Math.abs((s.evidence.gainWithoutGcPct as number) - 40) < 0.5);
    assert.equal(s.location, null);
    const quiet = syntheticRun({ workers: [1, 2], durations: uniform(40, 10), gcMs: () => 0.5 });
    assert.equal(analyzeRun(quiet).suggestions.some((x) => x.kind === 'gc-pressure' && x.evidence.source === 'gc-observer'), false);
  });

  void it('transfer-cost when messages are large and the dispatch gaps long; none for small messages', () => {
    const withBytes = (run: RunFile, bytes: number): RunFile => {
      for (const p of run.points) { p.tasks.bytesIn = p.tasks.bytesIn.map(() => bytes); p.tasks.bytesOut = p.tasks.bytesOut.map(() => bytes); }
      return run;
    };
    const make = () => syntheticRun({ workers: [1, 2], durations: uniform(24, 5), overheads: { sendMs: 4, returnMs: 2, mainThreadMs: 1 } });
    const s = analyzeRun(withBytes(make(), 2_000_000)).suggestions.find((x) => x.kind === 'transfer-cost');
    assert.ok(s);
    assert.ok((s.predictedGainPct ?? 0) > 20, `gain ${s.predictedGainPct}`);
    assert.equal(s.evidence.bytesInPerTask, 2_000_000);
    assert.match(s.title, /Copying 1\.9 MiB in and 1\.9 MiB out per task/);
    assert.equal(analyzeRun(withBytes(make(), 100)).suggestions.some((x) => x.kind === 'transfer-cost'), false);
  });

  void it('queue-wait only when batching, transfer and oversubscription do not explain it', () => {
    // Few long tasks (no batch to try), small messages, idle CPUs, but slow hand-out.
    const run = syntheticRun({ workers: [1, 4], durations: uniform(8, 20), overheads: { sendMs: 15 } });
    const s = analyzeRun(run).suggestions.find((x) => x.kind === 'queue-wait');
    assert.ok(s, JSON.stringify(analyzeRun(run).suggestions.map((x) => x.kind)));
    assert.equal(s.evidence.upperBound, true);
    assert.ok((s.predictedGainPct ?? 0) > 0);
    // Many short tasks: the granularity rule explains the queue wait, so queue-wait stays silent.
    const fine = syntheticRun({ workers: [1, 4], durations: uniform(2000, 0.05), overheads: { sendMs: 0.2, mainThreadMs: 0.05 } });
    const kinds = analyzeRun(fine).suggestions.map((x) => x.kind);
    assert.ok(kinds.includes('granularity') && !kinds.includes('queue-wait'), JSON.stringify(kinds));
  });
});
