// Calibrated what-if: predicted makespan = measured makespan × sim(changed) / sim(as recorded).
// Both simulations use the same per-input durations and overheads, so the model's bias cancels.
// A recorded program's makespan is its whole wall time: start-up, its main thread's own work and
// exit lie outside the tasks the replay models, and no change to the tasks moves them. There only
// the tasks' window is scaled and the rest kept (`untimedMs`), or a program that starts for a
// second and runs 20 ms of tasks would be predicted to finish in a few ms without its copies.
import { batchUsed } from '../../common/pointBatch';
import type { Order, RunConfig } from '../../common/runFile';
import { inputSample, type InputSample } from './inputColumns';
import type { PointSummary } from './pointSummary';
import { orderPositions, simulateSchedule, type DispatchOverheads, type Schedule } from './replay';
import { sum } from '../../common/stats';
import { tasksOf } from './taskColumns';

/** A policy change to replay. Unset fields keep what was measured. */
export interface WhatIf {
  workers?: number;
  batch?: number;
  order?: Order;
  /** Seed for `order: 'shuffle'` (the engine's default is 1). */
  seed?: number;
  /**
   * Each input's duration under the change (e.g. with its lock wait removed). Default: measured.
   * The sample object is reused from input to input: read it, do not keep it.
   */
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

/** The recorded hand-out sequence, then any inputs the median repeat did not reach (cancelled point). */
function recordedSequence(at: PointSummary): { order: Int32Array; offsets: Int32Array | null } {
  const { order, offsets } = at.recorded;
  if (order.length === at.inputs.length) return { order, offsets };
  const seen = new Uint8Array(at.inputs.length);
  for (const i of order) seen[i] = 1;
  const full = new Int32Array(at.inputs.length);
  full.set(order);
  let k = order.length;
  for (let i = 0; i < seen.length; i++) if (!seen[i]) full[k++] = i;
  return { order: full, offsets: null };
}

function durationsUnder(at: PointSummary, change: WhatIf): ArrayLike<number> {
  const f = change.duration;
  if (!f) return at.inputs.durationMs;
  const out = new Float64Array(at.inputs.length);
  const sample = {} as InputSample;
  for (let i = 0; i < out.length; i++) out[i] = Math.max(0, f(inputSample(at.inputs, i, sample)));
  return out;
}

function scheduleFor(at: PointSummary, config: Pick<RunConfig, 'batch'>, change: WhatIf, sequence: ReturnType<typeof recordedSequence>): Schedule {
  const durationMs = durationsUnder(at, change);
  if (change.order === undefined && change.batch === undefined) {
    // What ran, dispatch for dispatch; unreached inputs (if any) in batches of the configured size.
    if (sequence.offsets) return { durationMs, order: sequence.order, offsets: sequence.offsets };
    return { durationMs, order: sequence.order, batch: batchUsed(config, at.point) };
  }
  // The engine orders by the durations it knows (measured), whatever the change does to them.
  const order = change.order === undefined ? sequence.order : orderPositions(at.inputs.durationMs, change.order, change.seed);
  return { durationMs, order, batch: change.batch ?? batchUsed(config, at.point) };
}

/**
 * A point's makespan outside its tasks' window in the median repeat (first hand-out or start to
 * last end), never below 0: what a recorded program spends before and after its tasks.
 */
export function untimedMs(at: PointSummary): number {
  const t = tasksOf(at.point);
  let first = Infinity, last = -Infinity;
  for (let i = 0; i < t.repeat.length; i++) {
    if (t.repeat[i] !== at.medianRepeat) continue;
    const s = Math.min(t.submitMs[i], t.startMs[i]);
    if (s < first) first = s;
    if (t.endMs[i] > last) last = t.endMs[i];
  }
  if (!(last > first)) return 0;
  return Math.max(0, at.medianRepeatMakespanMs - (last - first));
}

/** `untimed`: per point, the makespan no change to its tasks moves (recorded programs: untimedMs; workloads: none). */
export function createReplayer(config: Pick<RunConfig, 'batch'>, untimed: (at: PointSummary) => number = () => 0): Replayer {
  // Per point: the recorded sequence and the replay of what ran (every prediction's denominator).
  const sequences = new WeakMap<PointSummary, ReturnType<typeof recordedSequence>>();
  const baseline = new WeakMap<PointSummary, number>();
  const sequenceOf = (at: PointSummary): ReturnType<typeof recordedSequence> => {
    let s = sequences.get(at);
    if (!s) sequences.set(at, (s = recordedSequence(at)));
    return s;
  };
  const simulateMs = (at: PointSummary, change: WhatIf): number =>
    simulateSchedule(scheduleFor(at, config, change, sequenceOf(at)), change.workers ?? at.workers, { ...at.overheads, ...change.overheads }).makespanMs;
  const baselineMs = (at: PointSummary): number => {
    let b = baseline.get(at);
    if (b === undefined) baseline.set(at, (b = simulateMs(at, {})));
    return b;
  };
  const untimedOf = new WeakMap<PointSummary, number>();
  const predictMakespanMs = (at: PointSummary, change: WhatIf): number => {
    const base = baselineMs(at);
    if (!(base > 0)) return at.makespanMs;
    let fixed = untimedOf.get(at);
    if (fixed === undefined) untimedOf.set(at, (fixed = Math.min(at.makespanMs, untimed(at))));
    return fixed + ((at.makespanMs - fixed) * simulateMs(at, change)) / base;
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
