// The per-repeat task table: one row per task, written by the worker that runs it straight into a
// SharedArrayBuffer (no message per record, and nothing is lost when a worker dies mid-batch).
// Column-major: each field is one column of `rows` entries in the buffer (the Float64 fields, then
// `ok` as bytes), so that once a repeat has ended the engine turns its fields into the point's packed
// task columns in place (server/engine/repeatColumns.ts): the table's memory is the columns', with
// no second copy of a million rows (docs/decisions/run-file.md "A million rows in 300 MB").

/** The Float64 fields, in buffer order; NaN where not written. */
export const TABLE_FIELDS = [
  'worker',     // slot of the worker that ran it
  'recvAt',     // epoch ms when the worker began the dispatch (first task of a dispatch only)
  'start',      // epoch ms, task function entered (NaN: never ran)
  'end',        // epoch ms, task function settled (NaN while running / never run)
  'cpuMs',
  'runQueueMs',
  'coreStart',
  'coreEnd',
  'lockWaitMs',
  'gcMs',
  'bytesIn',
  'bytesOut',
] as const;
export type TableField = (typeof TABLE_FIELDS)[number];

/** The table's columns over one SharedArrayBuffer: a Float64Array per field and `ok` (1 ok, 0 failed or not ended). */
export type TaskTable = { readonly rows: number; readonly sab: SharedArrayBuffer; readonly ok: Uint8Array } & { readonly [K in TableField]: Float64Array };

const BYTES_PER_ROW = TABLE_FIELDS.length * 8 + 1;

/** Views of a table's buffer (the engine's, or a worker's after it received the buffer). */
export function tableOf(sab: SharedArrayBuffer): TaskTable {
  const rows = sab.byteLength / BYTES_PER_ROW;
  const t: Record<string, unknown> = { rows, sab, ok: new Uint8Array(sab, TABLE_FIELDS.length * 8 * rows, rows) };
  TABLE_FIELDS.forEach((f, i) => { t[f] = new Float64Array(sab, i * 8 * rows, rows); });
  return t as TaskTable;
}

/**
 * A table of `rows` rows with every field NaN (`ok` 0). Filling it writes every page, which is also
 * what maps its memory: made before a repeat is timed, the first write to fresh memory (page faults,
 * ≈ 3 ms per MB on the development VM) does not land inside the repeat or after its last task.
 */
export function createTable(rows: number): TaskTable {
  const t = tableOf(new SharedArrayBuffer(Math.max(1, rows) * BYTES_PER_ROW));
  for (const f of TABLE_FIELDS) t[f].fill(NaN);
  return t;
}
