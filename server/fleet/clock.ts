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
