// What the coordinator and the agents send each other through BullMQ (docs/decisions/fleet.md).
// Inputs, shared() values and results cross by v8 serialization (what worker_threads use, so a
// workload's Maps, typed arrays and Dates arrive as they would on one machine), base64 in the job's JSON.
import { deserialize, serialize } from 'node:v8';
import type { FailureCause } from '../../common/runFile';
import { TABLE_FIELDS, type TaskTable } from '../worker/taskTable';
import type { HostControlJob } from './hostWire';

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
  /** --cpuprofile: each pool thread profiles the point at this interval (hostWire.ts ships the profiles). */
  cpuProfileIntervalUs?: number | null;
}
export interface ClosePointJob { kind: 'close'; queue: string }
export type ControlJob = OpenPointJob | ClosePointJob | HostControlJob;

/** One dispatch (a task, or a batch with --batch): `rows` are the repeat's rows, `indexes` the inputs'. */
export interface TaskJob { rows: number[]; indexes: number[]; inputs: string }

/**
 * A row of a task table on the wire, row-major: the table's fields (server/worker/taskTable.ts
 * TABLE_FIELDS) in order, then `ok`; null for NaN. A job's rows are few (a batch), so a plain array
 * of numbers is what BullMQ's JSON carries best; the engine's table itself is column-major.
 */
export const WIRE_FIELDS = TABLE_FIELDS.length + 1;
const TIME_FIELDS = new Set<string>(['recvAt', 'start', 'end']);

/** The first `rows` rows of `t` on the wire, times shifted by `skewMs` (a host whose clock is off, in tests). */
export function tableToWire(t: TaskTable, rows: number, skewMs = 0): (number | null)[] {
  const out = new Array<number | null>(rows * WIRE_FIELDS);
  for (let k = 0; k < rows; k++) {
    TABLE_FIELDS.forEach((f, i) => {
      const v = t[f][k];
      out[k * WIRE_FIELDS + i] = v !== v ? null : TIME_FIELDS.has(f) ? v + skewMs : v;
    });
    out[k * WIRE_FIELDS + TABLE_FIELDS.length] = t.ok[k];
  }
  return out;
}

/** Wire row `k` into row `row` of `t`, times less `offsetMs` (onto the coordinator's clock); bytesIn is the coordinator's and kept. */
export function wireRowInto(wire: readonly (number | null)[], k: number, t: TaskTable, row: number, offsetMs: number): void {
  TABLE_FIELDS.forEach((f, i) => {
    if (f === 'bytesIn') return;
    const v = wire[k * WIRE_FIELDS + i];
    const x = v === null || v === undefined ? NaN : v;
    t[f][row] = TIME_FIELDS.has(f) ? x - offsetMs : x;
  });
  t.ok[row] = wire[k * WIRE_FIELDS + TABLE_FIELDS.length] === 1 ? 1 : 0;
}

/** An agent's answer to a TaskJob: its rows on the wire (WIRE_FIELDS numbers per row), on the agent's clock. */
export interface TaskJobResult {
  host: string;
  table: (number | null)[];
  errors: { k: number; message: string; stack: string; cause: FailureCause }[];
}
