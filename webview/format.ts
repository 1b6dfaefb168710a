// Chart-only number formats (the figures themselves are written by common/format.ts).
import { format } from 'd3';

/** Tick labels for a time axis in ms: precision follows the tick step; seconds past 10 s. */
export function timeTickFormat(domain: [number, number], ticks: number): (ms: number) => string {
  const seconds = Math.max(Math.abs(domain[0]), Math.abs(domain[1])) >= 10_000;
  const span = (domain[1] - domain[0]) / (seconds ? 1000 : 1);
  const step = span / Math.max(1, ticks);
  const digits = Math.max(0, Math.min(6, -Math.floor(Math.log10(step || 1))));
  const f = format(`.${digits}f`);
  return seconds ? (ms) => `${f(ms / 1000)} s` : (ms) => `${f(ms)} ms`;
}
