// A worker's pull loop (docs/decisions/engine.md, "Pull dispatch"): one long piscina task per worker
// and repeat claims batches of rows from the shared queue and runs them, writing each task's row
// into the shared task table, until every row is handed out. No message per task: the hand-over
// between two tasks is one Atomics.add.
import { claim, claimAt, orderAt, Q } from './taskQueue';
import type { DispatchResult } from './protocol';

/** What the loop needs from the worker around each task (worker.ts: probes, table row, errors). */
export interface TaskHooks {
  begin(row: number, index: number, recvAt: number): void;
  call(index: number): unknown;
  end(ok: boolean, result: unknown, out: DispatchResult): void;
  now(): number;
}

/**
 * The loop returns to the worker's event loop every YIELD_TASKS tasks or YIELD_MS, at a claim
 * boundary: GC entries (charged to the tasks they overlapped from a 256-task ring) and the
 * workload's own timers are delivered there, as they were between message dispatches.
 */
export const YIELD_TASKS = 64;
export const YIELD_MS = 10;

interface LoopState { from: number; row: number; to: number; recvAt: number; sinceYield: number; lastYield: number }

/**
 * Runs claims until the queue is exhausted (null) or a claim had failing tasks (returned at the end
 * of that claim, so that their messages and stacks reach the engine even if this worker dies later;
 * the engine then starts a new pull). A task returning a promise continues the loop from its settling.
 */
export function pullTasks(q: Int32Array, slot: number, hooks: TaskHooks): DispatchResult | null | Promise<DispatchResult | null> {
  const st: LoopState = { from: 0, row: 0, to: 0, recvAt: 0, sinceYield: 0, lastYield: hooks.now() };
  return resumeSoon(q, slot, hooks, st, { errors: [] });
}

/**
 * Runs the loop from the event loop's check phase. The loop is always entered from here (first and
 * after every yield), so every task sampled by the CPU profiler sits under one call path and the
 * flame chart compares like with like across worker counts.
 */
function resumeSoon(q: Int32Array, slot: number, hooks: TaskHooks, st: LoopState, out: DispatchResult): Promise<DispatchResult | null> {
  return new Promise((resolve, reject) => setImmediate(() => {
    st.sinceYield = 0;
    st.lastYield = hooks.now();
    try { resolve(loop(q, slot, hooks, st, out)); } catch (e) { reject(e); }
  }));
}

function loop(q: Int32Array, slot: number, hooks: TaskHooks, st: LoopState, out: DispatchResult): DispatchResult | null | Promise<DispatchResult | null> {
  const slots = q[Q.slots];
  for (;;) {
    if (st.row >= st.to) {
      if (out.errors.length) return out;
      const t = hooks.now();
      if (st.sinceYield >= YIELD_TASKS || t - st.lastYield >= YIELD_MS) return resumeSoon(q, slot, hooks, st, out);
      const from = claim(q);
      if (from < 0) return null;
      st.from = st.row = from;
      st.to = Math.min(q[Q.rows], from + q[Q.batch]);
      // The claim is on record before its first task: if this worker dies, the engine knows which
      // rows it held (the one running fails, the rest are run again).
      if (slot >= 0 && slot < slots) { Atomics.store(q, claimAt(slot), from); Atomics.store(q, claimAt(slot) + 1, st.to); }
      st.recvAt = t;
    }
    const row = st.row++;
    const index = q[orderAt(slots, row)];
    hooks.begin(row, index, row === st.from ? st.recvAt : NaN);
    st.sinceYield++;
    let result: unknown;
    try {
      result = hooks.call(index);
    } catch (e) {
      hooks.end(false, e, out);
      Atomics.add(q, Q.done, 1);
      continue;
    }
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      return Promise.resolve(result as Promise<unknown>).then(
        (value) => { hooks.end(true, value, out); Atomics.add(q, Q.done, 1); return loop(q, slot, hooks, st, out); },
        (e: unknown) => { hooks.end(false, e, out); Atomics.add(q, Q.done, 1); return loop(q, slot, hooks, st, out); },
      );
    }
    hooks.end(true, result, out);
    Atomics.add(q, Q.done, 1);
  }
}
