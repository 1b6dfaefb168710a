// Discrete-event simulation of the engine's pool: the model behind every predicted gain.
// Semantics mirror the engine's dispatcher (server/engine/pointRunner.ts; the engine orders and batches
// with orderInputs/groupIntoDispatches below): inputs, once ordered, are cut into dispatches of
// `batch` consecutive inputs; at most p dispatches are in flight; a worker runs its dispatch's
// inputs one after another; when a dispatch completes, the next one in order goes to the freed
// worker. docs/decisions/analysis.md explains how the overheads are estimated.
import type { Order } from '../../common/runFile';
import { seededRandom } from '../../common/stats';

/** Fixed costs of the pool, in ms, estimated from a measured run (see overheads.ts). */
export interface DispatchOverheads {
  /** Engine hands a dispatch to the pool → its first task starts on the worker. */
  sendMs: number;
  /** A dispatch's last task ends → the engine can hand that worker its next dispatch. */
  returnMs: number;
  /** Main-thread time per dispatch: the engine cannot hand out dispatches faster than this. */
  mainThreadMs: number;
  /** Gap between two consecutive tasks of one dispatch on the worker. */
  taskGapMs: number;
}

export const NO_OVERHEADS: DispatchOverheads = { sendMs: 0, returnMs: 0, mainThreadMs: 0, taskGapMs: 0 };

export interface SimResult {
  /** Time at which the last task ends. */
  makespanMs: number;
  /** Sum of task durations run by each worker. */
  busyMsByWorker: number[];
  dispatches: number;
}

/**
 * A sequence of tasks to replay: `durationMs[order[k]]` is the k-th task handed out; dispatch d
 * holds tasks offsets[d] .. offsets[d+1] of the sequence, or, without offsets, `batch` at a time.
 */
export interface Schedule {
  durationMs: ArrayLike<number>;
  order: ArrayLike<number>;
  offsets?: ArrayLike<number>;
  batch?: number;
}

/**
 * Replays `s` on `workers` workers. The worker that becomes available first takes the next
 * dispatch (lowest index on ties). No allocation per task: a million tasks replay in milliseconds.
 */
export function simulateSchedule(s: Schedule, workers: number, o: DispatchOverheads): SimResult {
  const p = Math.max(1, Math.floor(workers));
  const availableAt = new Float64Array(p);
  const busy = new Float64Array(p);
  const n = s.order.length;
  const batch = Math.max(1, Math.floor(s.batch ?? 1));
  const count = s.offsets ? s.offsets.length - 1 : Math.ceil(n / batch);
  let mainFreeAt = 0;
  let makespan = 0;
  for (let d = 0; d < count; d++) {
    const a = s.offsets ? s.offsets[d] : d * batch;
    const b = s.offsets ? s.offsets[d + 1] : Math.min(n, a + batch);
    let w = 0;
    for (let i = 1; i < p; i++) if (availableAt[i] < availableAt[w]) w = i;
    const submit = Math.max(availableAt[w], mainFreeAt);
    mainFreeAt = submit + o.mainThreadMs;
    let t = submit + o.sendMs;
    for (let k = a; k < b; k++) {
      if (k > a) t += o.taskGapMs;
      const dur = s.durationMs[s.order[k]];
      t += dur;
      busy[w] += dur;
    }
    if (t > makespan) makespan = t;
    availableAt[w] = t + o.returnMs;
  }
  return { makespanMs: makespan, busyMsByWorker: Array.from(busy), dispatches: count };
}

/** Replays dispatches given as lists of task durations, in dispatch order. */
export function simulatePool(dispatches: readonly (readonly number[])[], workers: number, o: DispatchOverheads): SimResult {
  const durationMs = dispatches.flat();
  const offsets = [0];
  for (const d of dispatches) offsets.push(offsets[offsets.length - 1] + d.length);
  return simulateSchedule({ durationMs, order: durationMs.map((_, i) => i), offsets }, workers, o);
}

export interface Ordered {
  index: number;
  durationMs: number;
}

/** Seeded Fisher–Yates, in place: the permutation depends only on the length and the seed. */
export function shuffleInPlace<T>(items: T[] | Int32Array, seed: number): void {
  const rnd = seededRandom(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const x = items[i];
    items[i] = items[j];
    items[j] = x;
  }
}

/**
 * The engine's input orders: `given` = tasks() order; `longest-first` = by known duration,
 * longest first, ties in given order; `shuffle` = seeded Fisher–Yates over the given order.
 */
export function orderInputs<T extends Ordered>(inputs: readonly T[], order: Order, seed = 1): T[] {
  const given = [...inputs].sort((a, b) => a.index - b.index);
  if (order === 'given') return given;
  if (order === 'longest-first') return given.sort((a, b) => b.durationMs - a.durationMs || a.index - b.index);
  shuffleInPlace(given, seed);
  return given;
}

/**
 * The same orders over positions 0..n−1 of inputs already sorted by index, with their durations:
 * orderPositions(d, o)[k] = position of the k-th input orderInputs would hand out.
 */
export function orderPositions(durationMs: ArrayLike<number>, order: Order, seed = 1): Int32Array {
  const pos = new Int32Array(durationMs.length);
  for (let i = 0; i < pos.length; i++) pos[i] = i;
  if (order === 'longest-first') return pos.sort((a, b) => durationMs[b] - durationMs[a] || a - b);
  if (order === 'shuffle') shuffleInPlace(pos, seed);
  return pos;
}

/** Cuts an ordered list into dispatches of `batch` consecutive items (the last may be shorter). */
export function groupIntoDispatches<T>(items: readonly T[], batch: number): T[][] {
  const b = Math.max(1, Math.floor(batch));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += b) out.push(items.slice(i, i + b));
  return out;
}
