// How every front (CLI, LSP, extension, webview, HTML export, suggestion texts) writes a number:
// one mark for "not measured", one rounding rule per kind of figure. Rules and why:
// docs/decisions/formatting.md. Chart-only formats (time-axis ticks) stay in webview/format.ts.

/** The mark for a figure that was not measured (null, undefined, NaN, ±Infinity). */
export const NOT_MEASURED = '—';

/** A true minus sign (U+2212), as in typeset figures; d3's formats use it too. */
const MINUS = '\u2212';

type Maybe = number | null | undefined;

const measured = (x: Maybe): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Rounds half away from zero at `digits` decimals, as the decimal figure reads: toFixed alone rounds
 * 0.35 to "0.3" (its binary value is below 0.35), and 0.145 × 100 is 14.499…; the factor of one
 * epsilon undoes that representation error and nothing larger.
 */
function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  return (Math.sign(x) * Math.round(Math.abs(x) * f * (1 + Number.EPSILON))) / f;
}

/** `x` with `digits` decimals and a true minus sign; a value that rounds to zero has no sign. */
export function fmtFixed(x: Maybe, digits = 2): string {
  if (!measured(x)) return NOT_MEASURED;
  const r = roundTo(x, digits);
  const text = Math.abs(r).toFixed(digits);
  return r < 0 ? `${MINUS}${text}` : text;
}

/** Three significant digits of a non-negative value: 1.23, 12.3, 123 (more digits from 1000 on). */
function sig3(a: number): string {
  if (roundTo(a, 2) < 10) return roundTo(a, 2).toFixed(2);
  if (roundTo(a, 1) < 100) return roundTo(a, 1).toFixed(1);
  return String(Math.round(a));
}

/**
 * A duration given in ms: "85 µs", "0.50 ms", "1.20 ms", "12.3 ms", "346 ms", "1.50 s", "12.3 s",
 * "2.5 min". Three significant digits; µs only below 0.1 ms (whole µs), so that a column of
 * millisecond figures keeps one unit as long as it can.
 */
export function fmtMs(ms: Maybe): string {
  if (!measured(ms)) return NOT_MEASURED;
  if (ms === 0) return '0 ms';
  const sign = ms < 0 ? MINUS : '';
  const a = Math.abs(ms);
  const us = a * 1000;
  if (us < 0.95) return `${sign}${us.toFixed(1)} µs`;
  if (Math.round(us) < 100) return `${sign}${Math.round(us)} µs`;
  if (Math.round(a) < 1000) return `${sign}${sig3(a)} ms`;
  const s = a / 1000;
  if (roundTo(s, 1) < 60) return `${sign}${sig3(s)} s`;
  return `${sign}${roundTo(a / 60_000, 1).toFixed(1)} min`;
}

/** A 0..1 share as a percentage: fmtPct(0.726) = "72.6%", fmtPct(0.97, 0) = "97%". */
export function fmtPct(share: Maybe, digits = 1): string {
  return measured(share) ? `${fmtFixed(share * 100, digits)}%` : NOT_MEASURED;
}

/** A 0..1 share in running prose: whole percent from 10% on, one decimal below ("4.5%", "24%", "0%"). */
export function fmtPctShort(share: Maybe): string {
  if (!measured(share)) return NOT_MEASURED;
  const v = share * 100;
  return fmtPct(share, roundTo(Math.abs(v), 1) >= 10 || v === 0 ? 0 : 1);
}

/** A change already in percent, signed: "+12.5%", "−4.7%", "0.0%" (a zero change has no sign). */
export function fmtGain(pct: Maybe, digits = 1): string {
  if (!measured(pct)) return NOT_MEASURED;
  const text = fmtFixed(pct, digits);
  return `${roundTo(pct, digits) > 0 ? '+' : ''}${text}%`;
}

/** A change with its 95% interval: "−4.7% [−9.0% to +1.2%]"; the bare change when there is none. */
export function fmtGainWithCi(pct: Maybe, ci: readonly [number, number] | null | undefined): string {
  return ci ? `${fmtGain(pct)} [${fmtGain(ci[0])} to ${fmtGain(ci[1])}]` : fmtGain(pct);
}

/** A speedup or another ratio of times: "1.94×" (`digits` decimals, 2 unless told). */
export function fmtX(x: Maybe, digits = 2): string {
  return measured(x) ? `${fmtFixed(x, digits)}×` : NOT_MEASURED;
}

/** A value that only means something in 0..1 (load balance, efficiencies of POP): "0.97"; outside, not measured. */
export function fmtFraction(x: Maybe, digits = 2): string {
  return measured(x) && x >= 0 && x <= 1 ? fmtFixed(x, digits) : NOT_MEASURED;
}

/** Bytes in binary units: "512 B", "2.0 KiB", "1.9 MiB", "1.2 GiB". */
export function fmtBytes(b: Maybe): string {
  if (!measured(b)) return NOT_MEASURED;
  const a = Math.abs(b);
  if (a < 1024) return `${fmtFixed(b, 0)} B`;
  if (a < 1024 ** 2) return `${fmtFixed(b / 1024, 1)} KiB`;
  if (a < 1024 ** 3) return `${fmtFixed(b / 1024 ** 2, 1)} MiB`;
  return `${fmtFixed(b / 1024 ** 3, 1)} GiB`;
}

const SI: readonly [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M']];

/** A free-standing number (fit parameters, evidence): three significant digits, "1.5M" from a million, "2.50e-5" when tiny. */
export function fmtNum(x: Maybe): string {
  if (!measured(x)) return NOT_MEASURED;
  const a = Math.abs(x);
  const sign = x < 0 ? MINUS : '';
  for (const [size, prefix] of SI) if (a >= size) return `${sign}${+(a / size).toPrecision(3)}${prefix}`;
  if (a !== 0 && a < 1e-4) return `${sign}${a.toExponential(2)}`;
  return `${sign}${+a.toPrecision(3)}`;
}

/**
 * A count with thousands separators, as en-US writes it: "950", "10,000", "1,000,000". Not
 * toLocaleString: its first call loads the locale data, 30–50 ms of a report's first Timeline
 * frame in Chromium (docs/decisions/webview.md, "Time to the first frame of the report").
 */
export function fmtCount(n: number): string {
  if (!Number.isFinite(n)) return NOT_MEASURED;
  const digits = String(Math.abs(Math.round(n)));
  const grouped = digits.replace(/\B(?=(\d{3})+$)/g, ',');
  return Math.round(n) < 0 ? `${MINUS}${grouped}` : grouped;
}

/** CPU load in cores, one decimal: "0.9 cores" (a fraction of a core reads plural too). */
export function fmtCores(cores: Maybe): string {
  return measured(cores) ? `${fmtFixed(cores, 1)} cores` : NOT_MEASURED;
}

/** The regular English plural: "worker" → "workers", "match" → "matches", "entry" → "entries". */
function pluralOf(word: string): string {
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

/** "1 worker", "2 workers", "1.5 points", "3 matches"; `pluralWord` for an irregular noun. */
export function plural(n: number, word: string, pluralWord = pluralOf(word)): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

/** "1 worker", "1 and 2 workers", "1, 2 and 4 workers". */
export function workerList(counts: readonly number[]): string {
  if (counts.length === 0) return 'no workers';
  const last = counts[counts.length - 1];
  const head = counts.slice(0, -1);
  const nums = head.length ? `${head.join(', ')} and ${last}` : `${last}`;
  return `${nums} ${counts.length === 1 && last === 1 ? 'worker' : 'workers'}`;
}

/** A suggestion's settings change in words: "order = longest-first, batch = 64"; "" when it sets nothing. */
export function describeChange(change: Record<string, unknown>): string {
  return Object.entries(change)
    .map(([k, v]) => `${k} = ${Array.isArray(v) ? v.join(',') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}
