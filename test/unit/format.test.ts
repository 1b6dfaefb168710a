// common/format.ts: how every front writes a figure (docs/decisions/formatting.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NOT_MEASURED, fmtBytes, fmtCores, fmtCount, fmtFixed, fmtFraction, fmtGain, fmtGainWithCi, fmtMs, fmtNum, fmtPct, fmtPctShort, fmtX, plural, workerList,
} from '../../common/format';

const MINUS = '\u2212';

test('one mark for a figure that was not measured, from every formatter', () => {
  assert.equal(NOT_MEASURED, '—');
  const formatters: ((x: number | null | undefined) => string)[] = [fmtMs, fmtPct, fmtPctShort, fmtGain, fmtX, fmtFraction, fmtBytes, fmtNum, fmtCores, fmtFixed];
  for (const f of formatters) {
    for (const x of [null, undefined, NaN, Infinity, -Infinity]) assert.equal(f(x), NOT_MEASURED, `${f.name}(${x})`);
  }
  assert.equal(fmtGainWithCi(null, null), NOT_MEASURED);
});

test('durations: three significant digits; µs below 0.1 ms, s from 1 s, min from 60 s', () => {
  const cases: [number, string][] = [
    [0, '0 ms'],
    [0.0004, '0.4 µs'],
    [0.001, '1 µs'],
    [0.0123, '12 µs'],
    [0.0994, '99 µs'],
    [0.0996, '0.10 ms'], // 99.6 µs rounds to 100 µs: the next unit
    [0.1, '0.10 ms'],
    [0.25, '0.25 ms'],
    [1.234, '1.23 ms'],
    [9.996, '10.0 ms'], // rounds across a digit boundary: one decimal fewer
    [12.34, '12.3 ms'],
    [99.96, '100 ms'],
    [345.6, '346 ms'],
    [999.4, '999 ms'],
    [999.6, '1.00 s'],
    [1500, '1.50 s'],
    [12_345, '12.3 s'],
    [59_940, '59.9 s'],
    [59_960, '1.0 min'],
    [125_000, '2.1 min'],
    [-3.2, `${MINUS}3.20 ms`],
    [-0.05, `${MINUS}50 µs`],
  ];
  for (const [ms, text] of cases) assert.equal(fmtMs(ms), text, `fmtMs(${ms})`);
});

test('percentages: shares, short shares in prose, signed gains with their interval', () => {
  assert.equal(fmtPct(0.726), '72.6%');
  assert.equal(fmtPct(0.97, 0), '97%');
  assert.equal(fmtPct(0), '0.0%');
  assert.equal(fmtPct(0.145, 0), '15%', 'half rounds up as the decimal figure reads, not as its binary value');
  assert.equal(fmtPct(-0.25), `${MINUS}25.0%`);
  assert.equal(fmtPct(-0.0001), '0.0%', 'a value that rounds to zero has no sign');
  assert.deepEqual([0, 0.0004, 0.045, 0.0999, 0.1, 0.24].map((x) => fmtPctShort(x)), ['0%', '0.0%', '4.5%', '10%', '10%', '24%']);
  assert.equal(fmtGain(12.5), '+12.5%');
  assert.equal(fmtGain(-3), `${MINUS}3.0%`);
  assert.equal(fmtGain(0), '0.0%');
  assert.equal(fmtGain(0.04), '0.0%', 'a gain that rounds to zero has no sign');
  assert.equal(fmtGain(20, 0), '+20%');
  assert.equal(fmtGainWithCi(-4.7, [-9, 1.2]), `${MINUS}4.7% [${MINUS}9.0% to +1.2%]`);
  assert.equal(fmtGainWithCi(8.4, null), '+8.4%');
});

test('ratios, fractions, cores, bytes and free numbers', () => {
  assert.equal(fmtX(1.944), '1.94×');
  assert.equal(fmtX(3.85, 1), '3.9×');
  assert.equal(fmtX(0), '0.00×');
  assert.equal(fmtFraction(0.97), '0.97');
  assert.equal(fmtFraction(0.031, 3), '0.031');
  assert.equal(fmtFraction(1.2), NOT_MEASURED, 'outside 0..1 a fraction is noise, not a figure');
  assert.equal(fmtFraction(-0.1), NOT_MEASURED);
  assert.equal(fmtFixed(0.35, 1), '0.4');
  assert.equal(fmtFixed(-0.001, 1), '0.0');
  assert.equal(fmtFixed(-1.5, 2), `${MINUS}1.50`);
  assert.equal(fmtCores(0.93), '0.9 cores');
  assert.equal(fmtCores(0), '0.0 cores');
  assert.deepEqual([0, 512, 2048, 2e6, 3 * 1024 ** 3].map((b) => fmtBytes(b)), ['0 B', '512 B', '2.0 KiB', '1.9 MiB', '3.0 GiB']);
  assert.deepEqual([0, 0.002, 0.98765, 250, 1.5e6, 2.5e-5, -0.5].map((x) => fmtNum(x)), ['0', '0.002', '0.988', '250', '1.5M', '2.50e-5', `${MINUS}0.5`]);
});

test('plurals: regular, -es, -ies, fractions and irregular nouns', () => {
  assert.equal(plural(1, 'worker'), '1 worker');
  assert.equal(plural(2, 'worker'), '2 workers');
  assert.equal(plural(0, 'worker'), '0 workers');
  assert.equal(plural(1.5, 'point'), '1.5 points');
  assert.equal(plural(3, 'match'), '3 matches');
  assert.equal(plural(2, 'process'), '2 processes');
  assert.equal(plural(2, 'entry'), '2 entries');
  assert.equal(plural(2, 'day'), '2 days');
  assert.equal(plural(2, 'worker count'), '2 worker counts');
  assert.equal(plural(2, 'child', 'children'), '2 children');
  assert.equal(plural(1, 'child', 'children'), '1 child');
  assert.deepEqual([[], [1], [2], [1, 2], [1, 2, 4]].map((c) => workerList(c)), ['no workers', '1 worker', '2 workers', '1 and 2 workers', '1, 2 and 4 workers']);
});

test('counts: thousands separators as en-US writes them, without Intl', () => {
  for (const n of [0, 7, 950, 1000, 10_000, 123_456, 1_000_000, 98_765_432]) assert.equal(fmtCount(n), n.toLocaleString('en-US'));
  assert.equal(fmtCount(-1234), `${MINUS}1,234`);
  assert.equal(fmtCount(NaN), NOT_MEASURED);
});
