// A measured repeat's rows of the shared task table (server/worker/taskTable.ts) appended to a
// point's packed task columns (common/packedColumns.ts): typed arrays from the table to the run
// file, no JS value per task (docs/decisions/run-file.md "Typed columns end to end").
import { OPTIONAL_TASK_COLUMNS, type PackedColumn, type PackedTaskColumns } from '../../common/packedColumns';
import { TASK_COLUMNS, TASK_COLUMN_KIND, type TaskColumns } from '../../common/runFile';
import { F, FIELDS } from '../worker/taskTable';

/** What appendRepeatColumns reads of a repeat (pointRunner.ts RepeatOutcome). */
export interface RepeatRows {
  /** The shared task table: FIELDS numbers per row, epoch ms, NaN where not written. */
  table: Float64Array;
  /** Input index of each row. */
  order: Int32Array;
  dispatchOf: Int32Array;
  submitAt: Float64Array;
  /** Epoch ms of the repeat's start: the columns' times are relative to it. */
  t0: number;
  /** Remote (fleet) repeats: the host of each row, and when its result was received (epoch ms). */
  hostOf?: Float64Array;
  receivedAt?: Float64Array;
}

/** No rows; `remote`: with the fleet's columns (host, receivedMs). */
export function emptyPackedTaskColumns(remote = false): PackedTaskColumns {
  return grown(null, 0, remote);
}

/** Each column with room for `rows` rows, the rows of `from` copied in front. */
function grown(from: PackedTaskColumns | null, rows: number, remote = from?.host !== undefined): PackedTaskColumns {
  const out = {} as Record<keyof TaskColumns, PackedColumn>;
  for (const key of TASK_COLUMNS) {
    if (OPTIONAL_TASK_COLUMNS.has(key) && !remote) continue;
    const col = TASK_COLUMN_KIND[key] === 'boolean' ? new Uint8Array(rows) : new Float64Array(rows);
    if (from) col.set(from[key]!);
    out[key] = col;
  }
  return out as PackedTaskColumns;
}

/**
 * The point's columns with room for `rows` more rows, written once so that their memory is mapped:
 * made before a repeat is timed. The first write to fresh memory is what costs here (page faults:
 * 0.3–0.4 s for the 136 MB of a million rows on the development VM, against 20 ms to write them
 * again), and after the last task it delayed the saved run by as much.
 */
export function reserveRepeatColumns(prev: PackedTaskColumns, rows: number): PackedTaskColumns {
  const from = prev.index.length;
  const t = grown(prev, from + rows);
  for (const key of TASK_COLUMNS) t[key]?.fill(0, from);
  return t;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
/** A nullable field: NaN (null) stays NaN, a value is rounded to the µs. */
const orNaN = (x: number): number => (x !== x ? NaN : round3(x));
const orZero = (x: number): number => (x !== x ? 0 : round3(x));

/**
 * The point's columns with the rows of repeat `repeat` that ran appended (rows never dispatched,
 * a cancelled repeat's, are left out). Returns new arrays: columns already in a point are never
 * written in place, which lets the run file reuse their encoded text between saves (common/runFile.ts).
 * `reserved` (reserveRepeatColumns of the same `prev`) is written into when every row ran.
 */
export function appendRepeatColumns(prev: PackedTaskColumns, rep: RepeatRows, repeat: number, reserved: PackedTaskColumns | null = null): PackedTaskColumns {
  const { table, order, dispatchOf, submitAt, t0, hostOf, receivedAt } = rep;
  let ran = 0;
  for (let row = 0; row < order.length; row++) if (table[row * FIELDS + F.start] === table[row * FIELDS + F.start]) ran++;
  let k = prev.index.length;
  const t = reserved && reserved.index.length === k + ran ? reserved : grown(prev, k + ran);
  // Columns in locals: the loop runs a million times and each store then skips a property load.
  const { index, repeat: repeatCol, worker: workerCol, dispatch, submitMs, startMs, endMs, queueMs, cpuMs, runQueueMs, coreStart, coreEnd, lockWaitMs, gcMs, bytesIn, bytesOut, ok, host, receivedMs } = t;
  for (let row = 0; row < order.length; row++) {
    const b = row * FIELDS;
    const start = table[b + F.start];
    if (start !== start) continue; // never ran (cancelled before dispatch)
    const recv = table[b + F.recvAt];
    const worker = table[b + F.worker];
    const submit = submitAt[row];
    index[k] = order[row];
    repeatCol[k] = repeat;
    workerCol[k] = worker !== worker ? -1 : worker;
    dispatch[k] = dispatchOf[row];
    submitMs[k] = round3(submit - t0);
    startMs[k] = round3(start - t0);
    endMs[k] = round3(table[b + F.end] - t0);
    queueMs[k] = recv !== recv ? 0 : round3(Math.max(0, recv - submit));
    cpuMs[k] = orNaN(table[b + F.cpuMs]);
    runQueueMs[k] = orNaN(table[b + F.runQueueMs]);
    coreStart[k] = orNaN(table[b + F.coreStart]);
    coreEnd[k] = orNaN(table[b + F.coreEnd]);
    lockWaitMs[k] = orZero(table[b + F.lockWaitMs]);
    gcMs[k] = orZero(table[b + F.gcMs]);
    bytesIn[k] = orNaN(table[b + F.bytesIn]);
    bytesOut[k] = orNaN(table[b + F.bytesOut]);
    ok[k] = table[b + F.ok] === 1 ? 1 : 0;
    if (host && receivedMs) {
      const h = hostOf?.[row] ?? NaN;
      const at = receivedAt?.[row] ?? NaN;
      host[k] = h !== h ? -1 : h;
      receivedMs[k] = at !== at ? endMs[k] : round3(at - t0);
    }
    k++;
  }
  return t;
}
