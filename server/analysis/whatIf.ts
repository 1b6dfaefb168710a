// Calibrated what-if: predicted makespan = measured makespan × sim(changed) / sim(as recorded).
// Both simulations use the same per-input durations and overheads, so the model's bias cancels.
import type { Order, RunConfig } from '../../common/runFile';
import type { InputSample, PointSummary } from './pointSummary';
import { groupIntoDispatches, orderInputs, simulatePool, type DispatchOverheads } from './replay';
import { sum } from './stats';

/** A policy change to replay. Unset fields keep what was measured. */
export interface WhatIf {
  workers?: number;
  batch?: number;
  order?: Order;
  /** Seed for `order: 'shuffle'`. */
  seed?: number;
  /** Each input's duration under the change (e.g. with its lock wait removed). Default: measured. */
  duration?: (input: InputSample) => number;
  /** Overheads under the change (e.g. cheaper transfers). Default: estimated from the point. */
  overheads?: Partial<DispatchOverheads>;
}

export interface Replayer {
  /** Raw simulated makespan (ms) of point `at` under the change; `{}` replays what ran. */
  simulateMs(at: PointSummary, change: WhatIf): number;
  /** Calibrated prediction of the makespan of `at` under the change. */
  predictMakespanMs(at: PointSummary, change: WhatIf): number;
  /** (measured − predicted) / measured × 100 at `at`. */
  predictGainPct(at: PointSummary, change: WhatIf): number;
  /** Gain on the sum of makespans over `points` (how a re-run of the same sweep is compared). */
  predictSweepGainPct(points: readonly PointSummary[], change: WhatIf): number;
}

function dispatchesFor(at: PointSummary, config: Pick<RunConfig, 'batch'>, change: WhatIf): InputSample[][] {
  const byIndex = new Map(at.inputs.map((x) => [x.index, x]));
  const recorded = at.recordedDispatches
    .map((d) => d.map((i) => byIndex.get(i)).filter((x): x is InputSample => x !== undefined))
    .filter((d) => d.length > 0);
  const seen = new Set(recorded.flat().map((x) => x.index));
  // Inputs of other repeats that the median repeat did not reach (a cancelled point) go last.
  const rest = at.inputs.filter((x) => !seen.has(x.index));
  if (change.order === undefined && change.batch === undefined) {
    return rest.length ? [...recorded, ...groupIntoDispatches(rest, config.batch)] : recorded;
  }
  const sequence = change.order === undefined ? [...recorded.flat(), ...rest] : orderInputs(at.inputs, change.order, change.seed);
  return groupIntoDispatches(sequence, change.batch ?? config.batch);
}

function simulate(at: PointSummary, config: Pick<RunConfig, 'batch'>, change: WhatIf): number {
  const duration = change.duration ?? ((x: InputSample) => x.durationMs);
  const dispatches = dispatchesFor(at, config, change).map((d) => d.map((x) => Math.max(0, duration(x))));
  return simulatePool(dispatches, change.workers ?? at.workers, { ...at.overheads, ...change.overheads }).makespanMs;
}

export function createReplayer(config: Pick<RunConfig, 'batch'>): Replayer {
  // The replay of what ran is every prediction's denominator: simulate it once per point.
  const baseline = new WeakMap<PointSummary, number>();
  const simulateMs = (at: PointSummary, change: WhatIf): number => simulate(at, config, change);
  const baselineMs = (at: PointSummary): number => {
    let b = baseline.get(at);
    if (b === undefined) baseline.set(at, (b = simulateMs(at, {})));
    return b;
  };
  const predictMakespanMs = (at: PointSummary, change: WhatIf): number => {
    const base = baselineMs(at);
    return base > 0 ? (at.makespanMs * simulateMs(at, change)) / base : at.makespanMs;
  };
  const predictGainPct = (at: PointSummary, change: WhatIf): number =>
    ((at.makespanMs - predictMakespanMs(at, change)) / at.makespanMs) * 100;
  const predictSweepGainPct = (points: readonly PointSummary[], change: WhatIf): number => {
    const measured = sum(points.map((p) => p.makespanMs));
    if (!(measured > 0)) return 0;
    return ((measured - sum(points.map((p) => predictMakespanMs(p, change)))) / measured) * 100;
  };
  return { simulateMs, predictMakespanMs, predictGainPct, predictSweepGainPct };
}
