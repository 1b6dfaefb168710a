import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { amdahlSpeedup, fitAmdahl } from '../../server/analysis/amdahl';
import { karpFlatt } from '../../server/analysis/karpFlatt';
import { baselineT1, scalingTable } from '../../server/analysis/scaling';
import { fitUsl, uslCapacity, uslPeak } from '../../server/analysis/usl';

const close = (a: number, b: number, tol: number, what = ''): void => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b} (±${tol})`);

void describe('speedup and efficiency', () => {
  void it('uses the median makespan and keeps the min–max band of the repeats', () => {
    const pts = [
      { workers: 1, makespanMs: 100, makespansMs: [100, 110, 90] },
      { workers: 4, makespanMs: 40, makespansMs: [40, 50, 25] },
    ];
    const t1 = baselineT1(pts);
    assert.deepEqual(t1, { ms: 100, estimated: false, workers: 1, repeatsMs: [100, 110, 90] });
    const rows = scalingTable(pts, t1!);
    assert.deepEqual(rows[0], { workers: 1, speedup: 1, efficiency: 1, makespanMs: 100, baseline: 'measured', speedupMin: 100 / 110, speedupMax: 100 / 90, makespanCi: [90, 110], speedupCi: [1, 1], efficiencyCi: [1, 1] });
    assert.equal(rows[1].speedup, 2.5);
    assert.equal(rows[1].efficiency, 0.625);
    assert.equal(rows[1].speedupMin, 2);
    assert.equal(rows[1].speedupMax, 4);
  });

  void it('gives bootstrap intervals: the baseline row is exactly 1×, other rows span the repeats of both points', () => {
    const pts = [
      { workers: 1, makespanMs: 100, makespansMs: [100, 110, 90] },
      { workers: 4, makespanMs: 40, makespansMs: [40, 50, 25] },
    ];
    const rows = scalingTable(pts, baselineT1(pts)!);
    assert.deepEqual(rows[0].speedupCi, [1, 1]);
    assert.equal(rows[0].baseline, 'measured');
    const [lo, hi] = rows[1].speedupCi!;
    assert.ok(lo < 2.5 && hi > 2.5, `${lo}..${hi} holds the point estimate`);
    assert.ok(lo >= 90 / 50 - 1e-9 && hi <= 110 / 25 + 1e-9, 'within the extreme ratios of the repeats');
    assert.deepEqual(rows[1].efficiencyCi, [Math.round((lo / 4) * 1e4) / 1e4, Math.round((hi / 4) * 1e4) / 1e4]);
    assert.deepEqual(rows[1].makespanCi, [25, 50]);
    // One repeat says nothing about spread: no interval rather than a zero-width one.
    const single = scalingTable([{ workers: 1, makespanMs: 100, makespansMs: [100] }, { workers: 2, makespanMs: 60, makespansMs: [60] }], baselineT1([{ workers: 1, makespanMs: 100, makespansMs: [100] }])!);
    assert.equal(single[1].speedupCi, undefined);
    assert.equal(single[1].makespanCi, undefined);
  });

  void it('estimates T(1) = T(pmin)·pmin when there is no 1-worker point', () => {
    const t1 = baselineT1([{ workers: 4, makespanMs: 30, makespansMs: [30] }, { workers: 2, makespanMs: 50, makespansMs: [50] }]);
    assert.deepEqual(t1, { ms: 100, estimated: true, workers: 2, repeatsMs: [100] });
    assert.equal(scalingTable([{ workers: 2, makespanMs: 50, makespansMs: [50] }], t1!)[0].baseline, 'estimated');
    assert.equal(baselineT1([]), null);
  });
});

void describe('Amdahl', () => {
  void it('S(p) formula by hand: f = 0.1, p = 4 → 1/(0.1 + 0.225) = 3.0769…', () => {
    close(amdahlSpeedup(0.1, 4), 1 / 0.325, 1e-12);
  });

  void it('recovers the serial fraction from exact speedups, R² = 1', () => {
    const pts = [1, 2, 4, 8, 16].map((p) => ({ workers: p, speedup: amdahlSpeedup(0.07, p) }));
    const fit = fitAmdahl(pts)!;
    close(fit.serialFraction, 0.07, 1e-6, 'f');
    close(fit.r2, 1, 1e-9, 'r2');
  });

  void it('recovers f within 0.01 from speedups with ±2% noise', () => {
    const pts = [1, 2, 3, 4, 6, 8].map((p, i) => ({ workers: p, speedup: amdahlSpeedup(0.15, p) * (1 + 0.02 * Math.sin(i * 2.1)) }));
    close(fitAmdahl(pts)!.serialFraction, 0.15, 0.01, 'f');
  });

  void it('clamps to [0,1] and is null without a parallel point', () => {
    assert.equal(fitAmdahl([{ workers: 1, speedup: 1 }]), null);
    assert.equal(fitAmdahl([{ workers: 4, speedup: 4 }]), null);
    assert.equal(fitAmdahl([{ workers: 1, speedup: 1 }, { workers: 4, speedup: 4.5 }])!.serialFraction < 1e-6, true);
  });
});

void describe('Karp–Flatt', () => {
  void it('e(p) = (1/S − 1/p)/(1 − 1/p) by hand, p = 1 left out', () => {
    // S = 3 at p = 4: (1/3 − 1/4)/(3/4) = (1/12)/(3/4) = 1/9
    const e = karpFlatt([{ workers: 1, speedup: 1 }, { workers: 4, speedup: 3 }, { workers: 2, speedup: 2 }]);
    assert.equal(e.length, 2);
    close(e[0].e, 1 / 9, 1e-12);
    assert.equal(e[0].workers, 4);
    close(e[1].e, 0, 1e-12);
  });

  void it('is constant and equal to f on pure Amdahl data', () => {
    for (const row of karpFlatt([2, 4, 8].map((p) => ({ workers: p, speedup: amdahlSpeedup(0.2, p) })))) close(row.e, 0.2, 1e-12);
  });
});

void describe('USL', () => {
  void it('C(p) and p* by hand: σ = 0.1, κ = 0.01', () => {
    // C(4) = 4/(1 + 0.3 + 0.12) = 4/1.42
    close(uslCapacity(0.1, 0.01, 4), 4 / 1.42, 1e-12);
    close(uslPeak(0.1, 0.01)!, Math.sqrt(90), 1e-12);
    assert.equal(uslPeak(0.1, 0), null);
    assert.equal(uslPeak(1.2, 0.01), 1);
  });

  void it('recovers σ and κ from exact points, with the peak', () => {
    const pts = [1, 2, 4, 8, 16, 32].map((p) => ({ workers: p, speedup: uslCapacity(0.05, 0.002, p) }));
    const fit = fitUsl(pts)!;
    close(fit.sigma, 0.05, 1e-6, 'σ');
    close(fit.kappa, 0.002, 1e-7, 'κ');
    close(fit.peakWorkers!, Math.sqrt(0.95 / 0.002), 1e-3, 'p*');
    close(fit.r2, 1, 1e-9, 'r2');
    assert.equal(fit.trusted, true);
  });

  void it('recovers σ and κ from noisy points (±1.5%) within tolerance', () => {
    const pts = [1, 2, 3, 4, 6, 8, 12, 16].map((p, i) => ({ workers: p, speedup: uslCapacity(0.08, 0.004, p) * (1 + 0.015 * Math.sin(i * 1.7 + 0.3)) }));
    const fit = fitUsl(pts)!;
    close(fit.sigma, 0.08, 0.02, 'σ');
    close(fit.kappa, 0.004, 0.0015, 'κ');
    assert.ok(fit.r2 > 0.95);
  });

  void it('keeps σ, κ ≥ 0, gives no peak for linear scaling, and distrusts < 4 points', () => {
    const ideal = fitUsl([1, 2, 4, 8].map((p) => ({ workers: p, speedup: p })))!;
    assert.equal(ideal.kappa, 0);
    assert.ok(ideal.sigma >= 0 && ideal.sigma < 1e-9);
    assert.equal(ideal.peakWorkers, null);
    const superlinear = fitUsl([1, 2, 4].map((p) => ({ workers: p, speedup: p * 1.1 })))!;
    assert.ok(superlinear.sigma >= 0 && superlinear.kappa >= 0);
    assert.equal(superlinear.trusted, false);
    assert.equal(fitUsl([{ workers: 1, speedup: 1 }]), null);
  });
});
