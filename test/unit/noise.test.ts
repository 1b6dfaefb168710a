// The noise verdict's pure parts on synthetic data with known answers: bootstrap intervals, the
// significance rule, the block design, the load → verdict rule, the quiet-machine estimate.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupsCi, medianCi } from '../../common/bootstrap';
import { compareMakespans, compareSweeps, significanceOf } from '../../common/significance';
import { speedupHeadline } from '../../common/speedupText';
import type { RepeatMachine, RunFile } from '../../common/runFile';
import { analyzeRun } from '../../server/analysis';
import { externalShareOfWait, pointLoad, repeatVerdict, stolenCores, NOISY_SPREAD_PCT } from '../../server/analysis/quality';
import { parseProcStatBusyMs, repeatMachine } from '../../server/engine/machineProbe';
import { choosePlan, MAX_OPEN_THREADS, planSteps } from '../../server/engine/plan';
import { syntheticRun } from './analysis-fixtures';

const close = (a: number, b: number, tol: number, what = ''): void => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b} (±${tol})`);

/** A machine record of a repeat whose other processes used `cores` on average. */
function machine(repeat: number, wallMs: number, cores: number): RepeatMachine {
  return { repeat, order: repeat, wallMs, systemCpuMs: null, ownCpuMs: 0, externalCpuMs: cores * wallMs, externalLoadCores: cores, runQueueMs: 0, cpuMhz: null, source: 'proc' };
}

/**
 * Attaches machine records to every point: `load(p)` cores used elsewhere during each repeat, and the
 * workers' run-queue delay of the repeat as the sum over its tasks.
 */
function withLoad(run: RunFile, load: (p: number) => number): RunFile {
  for (const p of run.points) {
    p.machine = p.makespansMs.map((m, r) => {
      let rq = 0;
      p.tasks.repeat.forEach((rep, i) => { if (rep === r) rq += p.tasks.runQueueMs[i] ?? 0; });
      return { ...machine(r, m, load(p.workers)), runQueueMs: rq };
    });
  }
  return run;
}

void describe('bootstrap intervals', () => {
  void it('the median of identical repeats has a zero-width interval; one repeat has none', () => {
    assert.deepEqual(medianCi([5, 5, 5]), [5, 5]);
    assert.equal(medianCi([5]), null);
  });

  void it('holds the median and stays within the data, reproducibly', () => {
    const xs = [10, 11, 12, 13, 30];
    const ci = medianCi(xs)!;
    assert.ok(ci[0] >= 10 && ci[1] <= 30 && ci[0] <= 12 && ci[1] >= 12, String(ci));
    assert.deepEqual(medianCi(xs), ci, 'seeded: the same data give the same interval');
  });

  void it('a ratio of two groups: exact when neither varies', () => {
    assert.deepEqual(groupsCi([[100, 100], [50, 50]], ([a, b]) => a / b), [2, 2]);
    assert.equal(groupsCi([[100], [50, 50]], ([a, b]) => a / b), null);
  });

  void it('covers the true value about 95% of the time (normal repeats, n = 10)', () => {
    // Deterministic pseudo-normal samples (sum of uniforms) around a true median of 100.
    let s = 1;
    const rnd = (): number => { s = (s * 16807) % 2147483647; return s / 2147483647; };
    let covered = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const xs = Array.from({ length: 10 }, () => 100 + 10 * (rnd() + rnd() + rnd() + rnd() - 2));
      const [lo, hi] = medianCi(xs)!;
      if (lo <= 100 && 100 <= hi) covered++;
    }
    assert.ok(covered / trials > 0.85 && covered / trials <= 1, `coverage ${covered / trials}`);
  });
});

void describe('significance', () => {
  void it('a gain or a loss only when the interval excludes zero', () => {
    assert.equal(significanceOf([1, 5]), 'gain');
    assert.equal(significanceOf([-5, -1]), 'loss');
    assert.equal(significanceOf([-1, 5]), 'within-noise');
    assert.equal(significanceOf(null), 'within-noise');
  });

  void it('separated repeats are significant, overlapping ones are within noise', () => {
    const faster = compareMakespans([100, 102, 98, 101], [80, 81, 79, 80]);
    close(faster.diffPct, 20.4, 0.5);
    assert.equal(faster.significance, 'gain');
    const slower = compareMakespans([100, 102, 98, 101], [120, 119, 121, 122]);
    assert.equal(slower.significance, 'loss');
    assert.ok(slower.diffPct < 0);
    const noise = compareMakespans([100, 130, 90], [95, 125, 105]);
    assert.equal(noise.significance, 'within-noise');
    assert.equal(compareMakespans([100], [50]).significance, 'within-noise', 'one repeat each: nothing says it is beyond noise');
  });

  void it('over a sweep: the gain on the sum of medians', () => {
    const c = compareSweeps([[100, 100, 100], [60, 60, 60]], [[90, 90, 90], [50, 50, 50]]);
    close(c.diffPct, 12.5, 1e-9);
    assert.deepEqual(c.ci, [12.5, 12.5]);
    assert.equal(c.significance, 'gain');
  });
});

void describe('measurement plan', () => {
  void it('blocks: every count once per block, shuffled per block, reproducible from the seed', () => {
    const plan = { kind: 'blocks' as const, seed: 7 };
    const steps = planSteps([1, 2, 4, 8], 5, plan);
    assert.equal(steps.length, 20);
    for (let b = 0; b < 5; b++) {
      const block = steps.slice(b * 4, b * 4 + 4);
      assert.deepEqual(block.map((s) => s.workers).sort((x, y) => x - y), [1, 2, 4, 8]);
      assert.ok(block.every((s) => s.repeat === b));
    }
    assert.deepEqual(steps.map((s) => s.order), steps.map((_, i) => i));
    assert.deepEqual(planSteps([1, 2, 4, 8], 5, plan), steps, 'same seed, same order');
    const orders = new Set(Array.from({ length: 5 }, (_, b) => steps.slice(b * 4, b * 4 + 4).map((s) => s.workers).join()));
    assert.ok(orders.size > 1, 'blocks are not all in the same order');
  });

  void it('sequential: all repeats of a count, then the next; too many open threads fall back to it', () => {
    assert.deepEqual(planSteps([1, 2], 2, { kind: 'sequential', seed: 0 }).map((s) => [s.workers, s.repeat]), [[1, 0], [1, 1], [2, 0], [2, 1]]);
    assert.equal(choosePlan([1, 2, 4], undefined, 3).kind, 'blocks');
    assert.equal(choosePlan([1, 2, 4], undefined, 3).seed, 3);
    assert.equal(choosePlan([MAX_OPEN_THREADS, 1], undefined, 3).kind, 'sequential');
    assert.equal(choosePlan([1, 2, 4], undefined, 3, true).kind, 'sequential', 'a fleet run: a joining agent is used from the next count');
    assert.deepEqual(choosePlan([1, 2], { kind: 'blocks', seed: 9 }, 3, true), { kind: 'blocks', seed: 9 }, 'unless a plan is asked for');
    assert.deepEqual(choosePlan([1], { kind: 'blocks', seed: 9 }), { kind: 'blocks', seed: 9 }, 'a recorded plan is kept');
  });
});

void describe('machine probe', () => {
  void it('reads busy time from /proc/stat: all but idle and iowait, in 10 ms ticks', () => {
    assert.equal(parseProcStatBusyMs('cpu  100 5 20 1000 50 1 2 3 0 0\ncpu0 1 2 3\n'), (100 + 5 + 20 + 1 + 2 + 3) * 10);
    assert.equal(parseProcStatBusyMs('intr 1 2\n'), null);
  });

  void it('external = system − own, never below zero; load in cores over the wall time', () => {
    const a = { atMs: 0, systemCpuMs: 1000, ownCpuMs: 50, childCpuMs: 0, dispatcherRunQueueNs: 0, mhz: NaN };
    const b = { atMs: 200, systemCpuMs: 1500, ownCpuMs: 250, childCpuMs: 0, dispatcherRunQueueNs: 2e6, mhz: NaN };
    const m = repeatMachine(a, b, 0, 3, 'proc', 12);
    assert.equal(m.externalCpuMs, 300);
    assert.equal(m.externalLoadCores, 1.5);
    assert.equal(m.dispatcherRunQueueMs, 2);
    assert.equal(m.cpuMhz, null);
    assert.equal(m.order, 3);
    const idle = repeatMachine(a, { ...b, systemCpuMs: 1100 }, 0, 0, 'proc', null);
    assert.equal(idle.externalCpuMs, 0);
  });
});

void describe('machine probe, live', () => {
  void it('sees a busy process beside it, through /proc/stat and through os.cpus() (macOS, Windows)', async () => {
    const { spawn } = await import('node:child_process');
    const { MachineProbe } = await import('../../server/engine/machineProbe');
    const busy = spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 200));
      for (const probe of [new MachineProbe(), new MachineProbe({ portable: true })]) {
        const a = probe.snapshot();
        // The run's own work (counted as own, not external): 200 ms of CPU, however busy the machine.
        const c0 = process.cpuUsage();
        const t = performance.now();
        while (process.cpuUsage(c0).user < 200_000 && performance.now() - t < 5000) { /* spin */ }
        const m = repeatMachine(a, probe.snapshot(), 0, 0, probe.source, null);
        probe.close();
        assert.ok(m.ownCpuMs! >= 150, `own CPU ${m.ownCpuMs} ms over a 200 ms CPU spin`);
        assert.ok(m.externalLoadCores! >= 0.5, `${probe.source}: a busy loop beside the run is ${m.externalLoadCores} cores`);
      }
    } finally {
      busy.kill('SIGKILL');
    }
  });
});

void describe('verdict', () => {
  void it('other load counts only where it competes with the workers', () => {
    close(stolenCores(2, 0.9, 2), 0.9, 1e-9);
    assert.equal(stolenCores(4, 2, 16), 0, 'plenty of free cores');
    assert.equal(stolenCores(4, 1, 2), 1, 'own oversubscription (2 of it) is not noise');
    assert.equal(repeatVerdict(machine(0, 500, 0.9), 2, 2), 'unreliable');
    assert.equal(repeatVerdict(machine(0, 500, 0.9), 1, 2), 'ok');
    assert.equal(repeatVerdict(machine(0, 500, 0.3), 2, 2), 'noisy');
  });

  void it('a quiet run with 10% spread is ok (no false alarm); a busy 2-worker point is not', () => {
    const durations = (): number[] => Array.from({ length: 100 }, () => 2);
    const quiet = withLoad(syntheticRun({ workers: [1, 2], cpus: 2, repeat: 3, durations, jitter: (p, r) => 1 + 0.05 * r }), () => 0.02);
    const qa = analyzeRun(quiet).quality!;
    assert.equal(qa.verdict, 'ok', qa.reasons.join('\n'));
    assert.ok(qa.spreadPct['2'] >= 9 && qa.spreadPct['2'] < NOISY_SPREAD_PCT);
    assert.deepEqual(qa.reasons, []);

    const busy = withLoad(syntheticRun({ workers: [1, 2], cpus: 2, repeat: 3, durations }), (p) => (p === 2 ? 0.85 : 0.9));
    const ba = analyzeRun(busy).quality!;
    assert.equal(ba.verdict, 'unreliable');
    assert.deepEqual(ba.trustedWorkers, [1]);
    assert.equal(ba.externalLoadCores['2'], 0.85);
    assert.match(ba.reasons[0], /At 2 workers other processes used 0\.9 of 2 cores, taking about (3\d|4\d)% of the CPU the workers needed/);
  });

  void it('waiting for a CPU while others are busy marks a point even with CPUs to spare on paper', () => {
    // 1 worker on 2 CPUs beside one busy core: no CPU is "stolen" on paper, but the run's threads
    // (the worker and the dispatcher) waited 12% of the time.
    const run = withLoad(syntheticRun({ workers: [1, 2], cpus: 2, repeat: 3, durations: () => Array.from({ length: 100 }, () => 2) }), () => 0.95);
    for (const m of run.points[0].machine!) { m.runQueueMs = 0.08 * m.wallMs; m.dispatcherRunQueueMs = 0.04 * m.wallMs; }
    const l = pointLoad(run.points[0], 2);
    assert.equal(l.stolenCores, 0);
    close(l.waitShare, 0.12, 1e-9);
    assert.equal(l.verdict, 'noisy');
    assert.match(l.reasons[0], /At 1 worker the run's threads waited for a CPU 12% of the time while other processes used 1\.0 of 2 cores/);
    // The same waiting on a quiet machine is the run's own (its dispatcher): no alarm.
    for (const m of run.points[0].machine!) { m.externalCpuMs = 0.05 * m.wallMs; m.externalLoadCores = 0.05; }
    assert.equal(pointLoad(run.points[0], 2).verdict, 'ok');
  });

  void it('repeats that disagree widely make a point noisy, then unreliable', () => {
    const durations = (): number[] => Array.from({ length: 50 }, () => 2);
    const run = withLoad(syntheticRun({ workers: [1, 2], cpus: 4, repeat: 3, durations, jitter: (p, r) => (p === 2 && r === 2 ? 1.5 : 1) }), () => 0);
    const q = analyzeRun(run).quality!;
    assert.equal(q.verdict, 'noisy');
    assert.match(q.reasons[0], /At 2 workers the 3 repeats differ by 50%/);
    assert.equal(pointLoad(run.points[0], 4).verdict, 'ok');
  });
});

void describe('no diagnosis from contaminated points', () => {
  void it('a clean workload on a busy machine: no serial fraction, no code suggestion, the estimate restores it', () => {
    // 2 ms independent tasks; at 2 workers another process took a third of each worker's CPU:
    // 1 ms of every 3 ms task was run-queue delay.
    const run = withLoad(syntheticRun({
      workers: [1, 2], cpus: 2, repeat: 3,
      durations: (p) => Array.from({ length: 200 }, () => (p === 2 ? 3 : 2)),
      runQueueMs: (p) => (p === 2 ? 1 : 0),
    }), (p) => (p === 2 ? 0.67 : 0.9));
    const a = analyzeRun(run);
    assert.notEqual(a.quality!.verdict, 'ok');
    assert.deepEqual(a.suggestions, []);
    assert.equal(a.amdahl, null);
    assert.deepEqual(a.karpFlatt, []);
    const raw = a.scaling.find((r) => r.workers === 2)!.efficiency;
    close(raw, 0.667, 0.01, 'raw efficiency');
    close(a.quality!.quietEstimate!['2'].efficiency, 1, 0.01, 'quiet estimate');
    // The share of run-queue delay the external load explains: all of it here (2 workers, 2 CPUs).
    assert.equal(externalShareOfWait(2, 0.67, 2), 1);
    assert.equal(externalShareOfWait(4, 0, 2), 0, 'own oversubscription stays');
    assert.equal(externalShareOfWait(1, 0.1, 2), 0, 'background load explains nothing');
    close(externalShareOfWait(4, 1, 2), 1 / 3, 1e-9);
  });

  void it('a fit with R² < 0 is not given; a Karp–Flatt e outside [0, 1] is left out', () => {
    // Superlinear then collapsing: nothing Amdahl can explain.
    const run = syntheticRun({ workers: [1, 2, 3], cpus: 8, durations: (p) => Array.from({ length: 60 }, () => (p === 2 ? 0.9 : p === 3 ? 3 : 2)) });
    const a = analyzeRun(run);
    assert.ok(a.amdahl === null || a.amdahl.r2 >= 0);
    assert.ok(a.karpFlatt.every((k) => k.e >= 0 && k.e <= 1), JSON.stringify(a.karpFlatt));
    assert.ok(a.notes.some((n) => /Karp–Flatt's serial fraction falls outside \[0, 1\] at 2 workers/.test(n)), a.notes.join('\n'));
  });

  void it('a lone point that is not 1 worker says it has no baseline instead of a speedup', () => {
    const a = analyzeRun(syntheticRun({ workers: [2], cpus: 8, durations: () => [5, 5, 5, 5] }));
    assert.equal(a.scaling[0].baseline, 'estimated');
    assert.equal(speedupHeadline(a.scaling[0], a.quality), '2 workers: no 1-worker baseline, speedup not measured');
    assert.ok(a.notes.some((n) => /No 1-worker point: speedups are relative to 2 workers/.test(n)));
  });
});

void describe('speedup wording', () => {
  const row = { workers: 2, speedup: 3.88, efficiency: 1.94, speedupCi: [3.1, 4.7] as [number, number], baseline: 'measured' as const };
  void it('never a bare superlinear figure', () => {
    const text = speedupHeadline(row, { verdict: 'noisy', reasons: [], externalLoadCores: { '1': 1, '2': 0.1 }, spreadPct: {}, trustedWorkers: [] });
    assert.equal(text, '≈3.9× on 2 workers (busy machine, ±0.8; above ideal: the 1 worker baseline ran on a busier machine (1.0 vs 0.1 other cores))');
    assert.doesNotMatch(text, /194%/);
  });
  void it('a trusted point reads plainly', () => {
    assert.equal(speedupHeadline({ ...row, speedup: 1.9, efficiency: 0.95 }, { verdict: 'ok', reasons: [], externalLoadCores: {}, spreadPct: {}, trustedWorkers: [1, 2] }), '1.9× on 2 workers · 95% efficient');
  });
});
