// Discrete-event simulation of the engine's pool: the model behind every predicted gain.
// Semantics mirror the engine's dispatcher (DESIGN.md "Dispatch"): inputs, once ordered, are cut
// into dispatches of `batch` consecutive inputs; at most p dispatches are in flight; a worker runs
// its dispatch's inputs one after another; when a dispatch completes, the next one in order goes to
// the freed worker. See docs/decisions/analysis.md for how the overheads are estimated.
import type { Order } from '../../common/runFile';
import { seededRandom } from './stats';

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
 * Runs `dispatches` (each a list of task durations, in dispatch order) on `workers` workers.
 * The freed worker that becomes available first takes the next dispatch (lowest index on ties).
 */
export function simulatePool(dispatches: readonly (readonly number[])[], workers: number, o: DispatchOverheads): SimResult {
  const p = Math.max(1, Math.floor(workers));
  const availableAt = new Array<number>(p).fill(0);
  const busy = new Array<number>(p).fill(0);
  let mainFreeAt = 0;
  let makespan = 0;
  for (const tasks of dispatches) {
    let w = 0;
    for (let i = 1; i < p; i++) if (availableAt[i] < availableAt[w]) w = i;
    const submit = Math.max(availableAt[w], mainFreeAt);
    mainFreeAt = submit + o.mainThreadMs;
    let t = submit + o.sendMs;
    for (let j = 0; j < tasks.length; j++) {
      if (j > 0) t += o.taskGapMs;
      t += tasks[j];
      busy[w] += tasks[j];
    }
    if (t > makespan) makespan = t;
    availableAt[w] = t + o.returnMs;
  }
  return { makespanMs: makespan, busyMsByWorker: busy, dispatches: dispatches.length };
}

export interface Ordered {
  index: number;
  durationMs: number;
}

/**
 * The engine's input orders: `given` = tasks() order; `longest-first` = by known duration,
 * longest first, ties in given order; `shuffle` = seeded Fisher–Yates over the given order.
 */
export function orderInputs<T extends Ordered>(inputs: readonly T[], order: Order, seed = 1): T[] {
  const given = [...inputs].sort((a, b) => a.index - b.index);
  if (order === 'given') return given;
  if (order === 'longest-first') return given.sort((a, b) => b.durationMs - a.durationMs || a.index - b.index);
  const rnd = seededRandom(seed);
  for (let i = given.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [given[i], given[j]] = [given[j], given[i]];
  }
  return given;
}

/** Cuts an ordered list into dispatches of `batch` consecutive items (the last may be shorter). */
export function groupIntoDispatches<T>(items: readonly T[], batch: number): T[][] {
  const b = Math.max(1, Math.floor(batch));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += b) out.push(items.slice(i, i + b));
  return out;
}
