// A measured repeat's rows of the shared task table (server/worker/taskTable.ts) as a point's packed
// task columns (common/packedColumns.ts): typed arrays from the table to the run file, no JS value
// per task. The table is column-major, so its fields become columns in place: a point's first
// repeat costs no copy at all (docs/decisions/run-file.md "A million rows in 300 MB").
import { FLEET_TASK_COLUMNS, OPTIONAL_TASK_COLUMNS, type PackedColumn, type PackedTaskColumns } from '../../common/packedColumns';
import { TASK_COLUMNS, TASK_COLUMN_KIND, type TaskColumns } from '../../common/runFile';
import type { TaskTable } from '../worker/taskTable';

/**
 * What the engine records of a repeat next to the workers' table, one entry per row: the columns
 * of the point that come from the engine rather than from the workers.
 */
export interface EngineColumns {
  /** Input index of each row (the dispatch order, as the index column will hold it). */
  index: Float64Array;
  /** Dispatch number of each row (−1: not handed out). */
  dispatch: Float64Array;
  /** Epoch ms at which each row was handed out (NaN: not handed out). */
  submitAt: Float64Array;
}

/** What appendRepeatColumns reads of a repeat (pointRunner.ts RepeatOutcome). */
export interface RepeatRows {
  /** The shared task table: epoch ms, NaN where not written. */
  table: TaskTable;
  /** Input index of each row. */
  order: Int32Array;
  engine: EngineColumns;
  /** Epoch ms of the repeat's start: the columns' times are relative to it. */
  t0: number;
  /** Remote (fleet) repeats: the host of each row, when its result was received and when its job was sent (epoch ms). */
  hostOf?: Float64Array;
  receivedAt?: Float64Array;
  enqueuedAt?: Float64Array;
}

/**
 * The engine's columns for a repeat of `order.length` rows, each written once so that its memory is
 * mapped before the repeat is timed (see reserveRepeatColumns).
 */
export function engineColumns(order: Int32Array): EngineColumns {
  const rows = order.length;
  return { index: Float64Array.from(order), dispatch: new Float64Array(rows).fill(-1), submitAt: new Float64Array(rows).fill(NaN) };
}

/** No rows; `remote`: with the fleet's columns (host, receivedMs, enqueuedMs). */
export function emptyPackedTaskColumns(remote = false): PackedTaskColumns {
  return grown(null, 0, remote);
}

/** Each column with room for `rows` rows, the rows of `from` copied in front; `remote` (no `from`): with the optional columns. */
function grown(from: PackedTaskColumns | null, rows: number, remote = false): PackedTaskColumns {
  const out = {} as Record<keyof TaskColumns, PackedColumn>;
  for (const key of TASK_COLUMNS) {
    // The optional columns `from` has (a point keeps the columns it started with), or the fleet's for a new remote point.
    if (OPTIONAL_TASK_COLUMNS.has(key) && (from ? from[key] === undefined : !(remote && FLEET_TASK_COLUMNS.has(key)))) continue;
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
 * again), and after the last task it delayed the saved run by as much. A point with no rows yet
 * needs none: its first repeat's columns are its table (appendRepeatColumns).
 */
export function reserveRepeatColumns(prev: PackedTaskColumns, rows: number): PackedTaskColumns | null {
  const from = prev.index.length;
  if (from === 0) return null;
  const t = grown(prev, from + rows);
  for (const key of TASK_COLUMNS) t[key]?.fill(0, from);
  return t;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Turns the repeat's table and engine columns into its packed columns, in place: the rows that ran
 * are moved to the front (rows never dispatched, a cancelled repeat's, are left out), each field
 * rewritten as its column (times relative to t0 and rounded to the µs, null as NaN), and the columns
 * are views of the first `ran` rows; nothing is allocated but the `repeat` column.
 */
export function repeatColumnsInPlace(rep: RepeatRows, repeat: number): PackedTaskColumns {
  const { table, order, engine, t0, hostOf, receivedAt, enqueuedAt } = rep;
  const { worker, recvAt, start: startAt, end: endAt, cpuMs, runQueueMs, coreStart, coreEnd, lockWaitMs, gcMs, bytesIn, bytesOut, ok } = table;
  const { index, dispatch, submitAt } = engine;
  let k = 0;
  // Row `row` is read before row k ≤ row is written: moving rows forward never overwrites one not yet read.
  for (let row = 0; row < order.length; row++) {
    const start = startAt[row];
    if (start !== start) continue; // never ran (cancelled before dispatch)
    const recv = recvAt[row];
    const w = worker[row];
    const submit = submitAt[row];
    index[k] = index[row];
    dispatch[k] = dispatch[row];
    submitAt[k] = round3(submit - t0);
    worker[k] = w !== w ? -1 : w;
    startAt[k] = round3(start - t0);
    endAt[k] = round3(endAt[row] - t0);
    recvAt[k] = recv !== recv ? 0 : round3(Math.max(0, recv - submit));
    cpuMs[k] = orNaN(cpuMs[row]);
    runQueueMs[k] = orNaN(runQueueMs[row]);
    coreStart[k] = orNaN(coreStart[row]);
    coreEnd[k] = orNaN(coreEnd[row]);
    lockWaitMs[k] = orZero(lockWaitMs[row]);
    gcMs[k] = orZero(gcMs[row]);
    bytesIn[k] = orNaN(bytesIn[row]);
    bytesOut[k] = orNaN(bytesOut[row]);
    ok[k] = ok[row] === 1 ? 1 : 0;
    if (hostOf && receivedAt) {
      // In place like the table's fields (row k ≤ row): the host index, and the receipt relative to t0.
      const h = hostOf[row];
      const at = receivedAt[row];
      hostOf[k] = h !== h ? -1 : h;
      receivedAt[k] = at !== at ? endAt[k] : round3(at - t0);
      if (enqueuedAt) {
        const sent = enqueuedAt[row];
        enqueuedAt[k] = sent !== sent ? submitAt[k] : round3(sent - t0);
      }
    }
    k++;
  }
  // Typed by the run file's columns: a column added there has to say here where its rows come from.
  // A fresh array is zeros: left unwritten for repeat 0, its pages are never mapped (8 MB at 1M rows).
  const repeatCol = new Float64Array(k);
  if (repeat !== 0) repeatCol.fill(repeat);
  const cols: Record<keyof TaskColumns, PackedColumn | undefined> = {
    index, repeat: repeatCol, worker, dispatch, submitMs: submitAt, startMs: startAt, endMs: endAt, queueMs: recvAt,
    cpuMs, runQueueMs, coreStart, coreEnd, lockWaitMs, gcMs, bytesIn, bytesOut, ok, host: hostOf, receivedMs: receivedAt, enqueuedMs: hostOf && receivedAt ? enqueuedAt : undefined, location: undefined,
  };
  const out = {} as Record<keyof TaskColumns, PackedColumn>;
  for (const key of TASK_COLUMNS) {
    const col = cols[key];
    if (!col) continue; // an optional column this repeat has no rows for
    out[key] = col.length === k ? col : col.subarray(0, k);
  }
  return out as PackedTaskColumns;
}
/** A nullable field: NaN (null) stays NaN, a value is rounded to the µs. */
function orNaN(x: number): number { return x !== x ? NaN : round3(x); }
function orZero(x: number): number { return x !== x ? 0 : round3(x); }

/**
 * The point's columns with the rows of repeat `repeat` that ran appended. The repeat's table becomes
 * columns in place (repeatColumnsInPlace): those are the point's columns when it had none, else
 * they are copied after `prev`'s, into `reserved` (reserveRepeatColumns of the same `prev`) when
 * every row ran. Returns new arrays: columns already in a point are never written in place, which
 * lets the run file reuse their encoded text between saves (common/runFile.ts).
 */
export function appendRepeatColumns(prev: PackedTaskColumns, rep: RepeatRows, repeat: number, reserved: PackedTaskColumns | null = null): PackedTaskColumns {
  const cols = repeatColumnsInPlace(rep, repeat);
  const from = prev.index.length;
  if (from === 0) return cols;
  const ran = cols.index.length;
  const t = reserved && reserved.index.length === from + ran ? reserved : grown(prev, from + ran);
  for (const key of TASK_COLUMNS) if (cols[key]) t[key]!.set(cols[key]!, from);
  return t;
}
