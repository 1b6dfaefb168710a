// The clock a fleet process reads: epoch ms (performance.timeOrigin + now, as the pool threads
// record), plus a skew that tests inject into an agent through SCALESCOPE_TEST_CLOCK_SKEW_MS to
// stand in for a host whose clock is off. Everything an agent reports is on this clock.
import { performance } from 'node:perf_hooks';

export const CLOCK_SKEW_ENV = 'SCALESCOPE_TEST_CLOCK_SKEW_MS';

export function clockSkewMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env[CLOCK_SKEW_ENV] ?? 0);
  return Number.isFinite(v) ? v : 0;
}

export type Clock = () => number;

export function processClock(skewMs = clockSkewMs()): Clock {
  return () => performance.timeOrigin + performance.now() + skewMs;
}

/**
 * This process's clock minus the machine's monotonic clock (process.hrtime), ms: constant for a
 * process, and on one machine the exact difference of two processes' clocks is the difference of
 * theirs. Each process puts its clock on the epoch by one reading of the wall clock as it starts
 * (performance.timeOrigin), off by however long it was descheduled between that reading and the
 * monotonic one: the clocks of processes started together differ by that too, not only by a skew a
 * test injects. Logged by agents under test (CLOCK_SKEW_ENV set) so that the tests know the truth.
 */
export function clockMinusMonotonicMs(clock: Clock): number {
  let best = Infinity;
  let out = 0;
  for (let i = 0; i < 5; i++) {
    const a = Number(process.hrtime.bigint()) / 1e6;
    const c = clock();
    const b = Number(process.hrtime.bigint()) / 1e6;
    if (b - a < best) { best = b - a; out = c - (a + b) / 2; }
  }
  return out;
}
