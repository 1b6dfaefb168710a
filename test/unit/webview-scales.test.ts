// Chart models and scales of the webview, without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scaleLinear } from 'd3';
import { amdahlSpeedup, measuredPoints, scalingModel, uslSpeedup } from '../../webview/model/scalingModel';
import { compareRows, configChanges } from '../../webview/model/compareModel';
import { fmtGain, fmtMs, fmtNum } from '../../common/format';
import { timeTickFormat } from '../../webview/format';
import { grade } from '../../webview/charts/popTable';
import { karpFlattReading } from '../../webview/views/scalingView';
import { syntheticRun } from '../fixtures/syntheticRun';

test('Amdahl and USL speedups follow their formulas', () => {
  assert.equal(amdahlSpeedup(1, 0.1), 1);
  assert.ok(Math.abs(amdahlSpeedup(4, 0.1) - 1 / (0.1 + 0.9 / 4)) < 1e-12);
  assert.equal(uslSpeedup(1, 0.05, 0.01), 1);
  assert.ok(Math.abs(uslSpeedup(8, 0.05, 0.01) - 8 / (1 + 0.05 * 7 + 0.01 * 8 * 7)) < 1e-12);
  assert.equal(uslSpeedup(10, 0, 0), 10);
});

test('scaling model: curves extend past the measured counts and include the USL peak', () => {
  const run = syntheticRun({ workers: [1, 2, 4, 8] });
  const m = scalingModel(run);
  assert.equal(m.measured.length, 4);
  assert.ok(m.xMax >= 16, 'at least twice the largest measured count');
  const usl = run.analysis!.usl!;
  assert.ok(m.peak && Math.abs(m.peak.workers - usl.peakWorkers!) < 1e-9);
  assert.ok(m.xMax >= m.peak.workers);
  assert.equal(m.usl![0][0], 1);
  assert.ok(Math.abs(m.usl![m.usl!.length - 1][0] - m.xMax) < 1e-9);
  // The y range holds every measured max and every curve point.
  for (const p of m.measured) assert.ok(p.max <= m.yMax);
  for (const [, s] of [...m.usl!, ...m.amdahl!]) assert.ok(s <= m.yMax + 1e-9);
  assert.equal(m.trusted, true);
});

test('scaling model without analysis computes speedup from makespans and has no fits', () => {
  const run = syntheticRun({ workers: [2, 4], noAnalysis: true });
  const m = scalingModel(run);
  assert.equal(m.amdahl, null);
  assert.equal(m.usl, null);
  assert.equal(m.peak, null);
  assert.equal(m.trusted, false);
  const [a, b] = measuredPoints(run);
  assert.ok(Math.abs(a.speedup - 2) < 1e-9, 'T(1) estimated from the smallest count');
  assert.ok(Math.abs(b.speedup - (2 * run.points[0].makespanMs) / run.points[1].makespanMs) < 1e-9);
  assert.ok(b.min <= b.speedup && b.speedup <= b.max);
});

test('a linear scale over the model maps worker counts and speedups onto the plot', () => {
  const m = scalingModel(syntheticRun());
  const x = scaleLinear().domain([1, m.xMax]).range([0, 600]).nice();
  const y = scaleLinear().domain([0, m.yMax]).range([300, 0]).nice();
  assert.equal(y(0), 300);
  for (const p of m.measured) { assert.ok(x(p.workers) >= 0 && x(p.workers) <= 600); assert.ok(y(p.speedup) >= 0 && y(p.speedup) <= 300); }
});

test('compare rows: delta per worker count and config changes', () => {
  const base = syntheticRun({ workers: [1, 2, 4] });
  const other = syntheticRun({ workers: [1, 2, 4, 8], seed: 7, inflation: 0.01 });
  other.config.order = 'longest-first';
  const rows = compareRows(base, other);
  assert.deepEqual(rows.map((r) => r.workers), [1, 2, 4, 8]);
  const r2 = rows[1];
  assert.ok(Math.abs(r2.deltaPct! - ((r2.otherMs! - r2.baseMs!) / r2.baseMs!) * 100) < 1e-9);
  assert.equal(rows[3].baseMs, null);
  assert.equal(rows[3].deltaPct, null);
  const changes = configChanges(base, other);
  assert.deepEqual(changes.map((c) => c.key).sort(), ['config.order', 'config.workers']);
  assert.equal(changes.find((c) => c.key === 'config.order')!.other, 'longest-first');
  assert.deepEqual(configChanges(base, base), []);
  // Every run draws a fresh plan seed: that is no difference between the runs, a changed plan kind is.
  const seeded = (r: typeof base, kind: 'blocks' | 'sequential', seed: number): typeof base => ({ ...r, config: { ...r.config, plan: { kind, seed } } });
  assert.deepEqual(configChanges(seeded(base, 'blocks', 1), seeded(base, 'blocks', 2)), []);
  assert.deepEqual(configChanges(seeded(base, 'blocks', 1), seeded(base, 'sequential', 2)), [{ key: 'config.plan', base: 'blocks', other: 'sequential' }]);
});

test('formats: durations, gains, numbers, time ticks, POP grades', () => {
  assert.equal(fmtMs(1.234), '1.23 ms');
  assert.equal(fmtMs(1500), '1.50 s');
  assert.equal(fmtMs(0.25), '0.25 ms');
  assert.equal(fmtMs(null), '—');
  assert.equal(fmtGain(12.5), '+12.5%');
  assert.equal(fmtGain(-3), '−3.0%'); // a true minus sign, as d3 writes it
  assert.equal(fmtNum(0.002), '0.002');
  assert.equal(fmtNum(0.98765), '0.988');
  assert.equal(timeTickFormat([0, 100], 5)(20), '20 ms');
  assert.equal(timeTickFormat([0, 1], 5)(0.2), '0.2 ms');
  assert.equal(timeTickFormat([0, 60_000], 6)(20_000), '20 s');
  assert.deepEqual([grade(0.9), grade(0.7), grade(0.3)], ['good', 'fair', 'poor']);
});

test('the Karp–Flatt trend is read as rising, falling or flat', () => {
  assert.match(karpFlattReading(0.02, 0.08), /rises with p: overhead/);
  assert.match(karpFlattReading(1.86, 1.24), /falls/);
  assert.match(karpFlattReading(0.042, 0.043), /stays flat/);
});

test('scaling model: without a usable fit nothing is predicted and the axis ends at the largest measured count', () => {
  const run = syntheticRun({ workers: [1, 2, 3] });
  run.analysis!.amdahl = null;
  run.analysis!.usl = null;
  const m = scalingModel(run);
  assert.equal(m.predicts, false);
  assert.equal(m.xMax, 3);
  assert.ok(scalingModel(syntheticRun({ workers: [1, 2, 4, 8] })).predicts);
});
