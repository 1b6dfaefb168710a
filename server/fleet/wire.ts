// What the coordinator and the agents send each other through BullMQ (docs/decisions/fleet.md).
// Inputs, shared() values and results cross by v8 serialization (what worker_threads use, so a
// workload's Maps, typed arrays and Dates arrive as they would on one machine), base64 in the job's JSON.
import { deserialize, serialize } from 'node:v8';
import type { FailureCause } from '../../common/runFile';

export const encodeValue = (v: unknown): string => serialize(v).toString('base64');
export const decodeValue = (s: string): unknown => deserialize(Buffer.from(s, 'base64'));

/** Control job: open a point on an agent (its pool of `slots` threads, global slots from `base`). */
export interface OpenPointJob {
  kind: 'open';
  runId: string;
  queue: string;
  /** The point's worker count across the fleet (ctx.workers in the workload). */
  workers: number;
  base: number;
  slots: number;
  bundleHash: string;
  /** The bundle's file URL on the coordinator: agents write it into stacks so the coordinator's source map applies. */
  coordinatorBundleUrl: string;
  shared: string;
  heapLimitMb: number | null;
  timeoutMs: number;
  /** Who asked, for the agent's log (it runs workload code only from the coordinator it was pointed at). */
  coordinator: string;
}
export interface ClosePointJob { kind: 'close'; queue: string }
export type ControlJob = OpenPointJob | ClosePointJob;

/** One dispatch (a task, or a batch with --batch): `rows` are the repeat's rows, `indexes` the inputs'. */
export interface TaskJob { rows: number[]; indexes: number[]; inputs: string }

/** An agent's answer to a TaskJob: FIELDS numbers per row (server/worker/taskTable.ts; null for NaN), on the agent's clock. */
export interface TaskJobResult {
  host: string;
  table: (number | null)[];
  errors: { k: number; message: string; stack: string; cause: FailureCause }[];
}
