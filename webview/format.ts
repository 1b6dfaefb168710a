// Number formatting shared by every view: one place decides how a duration or a share reads.
import { format } from 'd3';

const sig3 = format('.3~s');
const fixed1 = format('.1f');
const fixed2 = format('.2f');

export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const a = Math.abs(ms);
  if (a >= 60_000) return `${fixed1(ms / 60_000)} min`;
  if (a >= 1000) return `${fixed2(ms / 1000)} s`;
  if (a >= 1) return `${fixed2(ms)} ms`;
  if (a === 0) return '0 ms';
  return `${fixed1(ms * 1000)} µs`;
}

export function fmtBytes(b: number | null | undefined): string {
  if (b === null || b === undefined || !Number.isFinite(b)) return '—';
  if (b < 1024) return `${b} B`;
  if (b < 1024 * 1024) return `${fixed1(b / 1024)} KiB`;
  return `${fixed1(b / 1024 / 1024)} MiB`;
}

/** A 0..1 share as a percentage. */
export const fmtPct = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${fixed1(x * 100)}%`);
/** A gain already in percent, signed. */
export const fmtGain = (pct: number | null | undefined): string => (pct === null || pct === undefined || !Number.isFinite(pct) ? '—' : `${pct >= 0 ? '+' : ''}${fixed1(pct)}%`);
export const fmtX = (x: number): string => (Number.isFinite(x) ? `${fixed2(x)}×` : '—');
export function fmtNum(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a >= 1e6) return sig3(x);
  if (a !== 0 && a < 1e-4) return x.toExponential(2);
  return `${+x.toPrecision(3)}`;
}

/** Tick labels for a time axis in ms: precision follows the tick step; seconds past 10 s. */
export function timeTickFormat(domain: [number, number], ticks: number): (ms: number) => string {
  const seconds = Math.max(Math.abs(domain[0]), Math.abs(domain[1])) >= 10_000;
  const span = (domain[1] - domain[0]) / (seconds ? 1000 : 1);
  const step = span / Math.max(1, ticks);
  const digits = Math.max(0, Math.min(6, -Math.floor(Math.log10(step || 1))));
  const f = format(`.${digits}f`);
  return seconds ? (ms) => `${f(ms / 1000)} s` : (ms) => `${f(ms)} ms`;
}

/** Evidence values are free-form: numbers formatted, everything else as JSON text. */
export function fmtValue(v: unknown): string {
  if (typeof v === 'number') return fmtNum(v);
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '—';
  return JSON.stringify(v);
}
