import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mean, median, medianOfFinite, minimize1d, nnls2, quantile, rSquared, seededRandom, slopeThroughOrigin, sum } from '../../common/stats';

void describe('analysis stats', () => {
  void it('sum, mean, median (odd and even counts)', () => {
    assert.equal(sum([1, 2, 3.5]), 6.5);
    assert.equal(mean([2, 4, 9]), 5);
    assert.ok(Number.isNaN(mean([])));
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  void it('medianOfFinite skips values not measured, agrees with median, leaves its input alone', () => {
    const xs = new Float64Array([NaN, 5, 1, Infinity, 3, NaN]);
    assert.equal(medianOfFinite(xs), 3);
    assert.equal(medianOfFinite([4, NaN, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(medianOfFinite([NaN, NaN])));
    assert.ok(Number.isNaN(medianOfFinite([])));
    assert.ok(Object.is(xs[0], NaN) && xs[1] === 5 && xs[2] === 1, 'input untouched');
    // Many ties, odd and even counts: the same as the sorting median.
    const random = seededRandom(7);
    const big = Float64Array.from({ length: 100_001 }, () => Math.floor(random() * 5));
    assert.equal(medianOfFinite(big), median(big));
    const even = Float64Array.from({ length: 10_000 }, () => random());
    assert.equal(medianOfFinite(even), median(even));
  });

  void it('quantile interpolates between order statistics and leaves its input alone', () => {
    const xs = [10, 0, 20, 30];
    assert.equal(quantile(xs, 0), 0);
    assert.equal(quantile(xs, 1), 30);
    assert.ok(Math.abs(quantile(xs, 0.1) - 3) < 1e-12); // position 0.3 between 0 and 10
    assert.deepEqual(xs, [10, 0, 20, 30]);
    assert.ok(Number.isNaN(quantile([], 0.5)));
  });

  void it('R²: 1 for an exact fit, 1 − SSres/SStot otherwise', () => {
    assert.equal(rSquared([1, 2, 3], [1, 2, 3]), 1);
    // SSres = 0.5, SStot = 2 → 0.75
    assert.equal(rSquared([1, 2, 3], [1.5, 2, 2.5]), 0.75);
    assert.equal(rSquared([2, 2], [2, 2]), 1);
    assert.equal(rSquared([2, 2], [1, 3]), 0);
  });

  void it('slope through the origin', () => {
    assert.equal(slopeThroughOrigin([1, 2], [2, 4]), 2);
    assert.ok(Number.isNaN(slopeThroughOrigin([0], [1])));
  });

  void it('non-negative least squares recovers both coefficients, and clamps a negative one to 0', () => {
    const x1 = [1, 2, 3, 4];
    const x2 = [1, 4, 9, 16];
    const [a, b] = nnls2(x1, x2, x1.map((x, i) => 0.3 * x + 0.05 * x2[i]));
    assert.ok(Math.abs(a - 0.3) < 1e-12 && Math.abs(b - 0.05) < 1e-12);
    // y = x1 − 0.1·x2 has a negative κ: the constrained optimum has b = 0.
    const [a2, b2] = nnls2(x1, x2, x1.map((x, i) => x - 0.1 * x2[i]));
    assert.equal(b2, 0);
    assert.ok(a2 > 0);
  });

  void it('minimize1d finds an interior minimum and an edge minimum', () => {
    assert.ok(Math.abs(minimize1d((x) => (x - 0.37) ** 2, 0, 1) - 0.37) < 1e-9);
    assert.ok(minimize1d((x) => x, 0, 1) < 1e-9);
  });

  void it('seeded random is reproducible and in [0,1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const xs = Array.from({ length: 100 }, () => a());
    assert.deepEqual(xs, Array.from({ length: 100 }, () => b()));
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    assert.notDeepEqual(xs, Array.from({ length: 100 }, seededRandom(8)));
  });
});
