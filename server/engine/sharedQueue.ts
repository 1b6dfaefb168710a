// How a point's tasks reach its workers (docs/decisions/engine.md, "Pull dispatch"): by default each
// worker pulls rows from the repeat's shared queue (server/worker/taskQueue.ts, pullLoop.ts), with
// every input cloned into each worker once; the engine falls back to one message per dispatch when
// the inputs are too large to hold a copy in every worker, or when asked to.
import type { PointDispatch } from '../../common/runFile';
import { cloneSize } from '../worker/cloneSize';
import type { TaskTable } from '../worker/taskTable';
import type { WorkloadInputs } from '../worker/protocol';
import type { EngineColumns } from './repeatColumns';

/** Diagnostic switch (tests, benches): SCALESCOPE_DISPATCH=message forces message dispatch. */
export const DISPATCH_ENV = 'SCALESCOPE_DISPATCH';
/** Each worker holds a copy of every input: at most this share of its old-space limit, and at most MAX_INPUT_COPY_BYTES. */
const INPUT_HEAP_SHARE = 1 / 16;
const MAX_INPUT_COPY_BYTES = 256 * 1024 * 1024;

/** Fills the inputs' clone sizes (each measured once per sweep) and returns their sum (NaN if one cannot be cloned). */
export function totalInputBytes(inputs: WorkloadInputs, inputBytes: Float64Array): number {
  let total = 0;
  for (let i = 0; i < inputs.length; i++) {
    let b = inputBytes[i];
    if (b !== b) b = inputBytes[i] = cloneSize(inputs[i]);
    total += b;
  }
  return total;
}

export function chooseDispatch(inputs: WorkloadInputs, inputBytes: Float64Array, heapLimitMb: number, env: NodeJS.ProcessEnv = process.env): PointDispatch {
  if (env[DISPATCH_ENV] === 'message') return { kind: 'message', reason: `${DISPATCH_ENV}=message` };
  const total = totalInputBytes(inputs, inputBytes);
  const limit = Math.min(MAX_INPUT_COPY_BYTES, heapLimitMb * 1024 * 1024 * INPUT_HEAP_SHARE);
  if (!(total <= limit)) {
    return { kind: 'message', reason: `the inputs take ${(total / 1048576).toFixed(1)} MB cloned, over the ${(limit / 1048576).toFixed(1)} MB each worker may hold (1/16 of its heap limit, at most 256 MB): each input is sent with its dispatch` };
  }
  return { kind: 'shared-queue' };
}

/**
 * After a repeat: the rows a pull ran have no engine-side dispatch record; a pull claim is a
 * dispatch (claims start at multiples of `batch`, so the id is the message path's id for the same
 * rows) handed out when the worker claimed it (its first task's receipt time).
 */
export function fillPulledDispatches(table: TaskTable, engine: EngineColumns, batch: number): void {
  const { dispatch: dispatchOf, submitAt } = engine;
  for (let row = 0; row < dispatchOf.length; row++) {
    if (dispatchOf[row] !== -1) continue;
    const start = table.start[row];
    if (Number.isNaN(start)) continue;
    const first = row - (row % batch);
    const recv = table.recvAt[first];
    dispatchOf[row] = Math.floor(row / batch);
    submitAt[row] = Number.isNaN(recv) ? start : recv;
  }
}
