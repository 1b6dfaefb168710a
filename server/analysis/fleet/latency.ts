// One latency over a fleet's tasks or jobs, with what it can be trusted for: a median from fewer
// than FLEET_MIN_TASKS samples and a 95th percentile from fewer than FLEET_MIN_FOR_P95 are not
// given (null), and a figure that spans two clocks carries the agent's clock uncertainty.
import type { FleetLatency } from '../../../common/runFile';
import { quantile } from '../../../common/stats';

/** Fewer samples than this and a host's median (latency, task time) is not given. */
export const FLEET_MIN_TASKS = 10;
/** A 95th percentile needs at least two samples above it. */
export const FLEET_MIN_FOR_P95 = 40;

/** Summary of `samples` (NaN entries are not measured and left out). */
export function fleetLatency(samples: ArrayLike<number>, clockUncertaintyMs: number): FleetLatency {
  const xs: number[] = [];
  for (let i = 0; i < samples.length; i++) if (samples[i] === samples[i]) xs.push(samples[i]);
  return {
    count: xs.length,
    medianMs: xs.length >= FLEET_MIN_TASKS ? quantile(xs, 0.5) : null,
    p95Ms: xs.length >= FLEET_MIN_FOR_P95 ? quantile(xs, 0.95) : null,
    clockUncertaintyMs: Math.max(0, clockUncertaintyMs),
  };
}
