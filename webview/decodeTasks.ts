// Pure: the standalone report's deferred task columns (inlined apart from the run, see
// webview/deferredTasks.ts), decoded and validated into packed columns. Runs in the report's task
// worker (webview/tasksWorker.ts), or on the main thread where no worker can be started. No zod
// here (the worker bundles this file): the column kinds come with the request.
import { ColumnError } from '../common/columnCodec';
import { readPackedTaskColumns, type ColumnKinds, type PackedTaskColumns } from '../common/packedColumns';

/**
 * What the page asks of the decoder: the inlined JSON text, the kinds of the columns to decode (all
 * of them, or one worker's share: see webview/deferredTasks.ts), and per point its name and rows.
 */
export interface DecodeRequest {
  text: string;
  kinds: Partial<ColumnKinds>;
  points: { where: string; rows: number }[];
}

export type DecodeReply = { ok: true; points: PackedTaskColumns[] } | { ok: false; error: string };

/** Decode every point's columns (those of `kinds`); throws ColumnError naming the point and column at fault. */
export function decodeTasks(req: DecodeRequest): PackedTaskColumns[] {
  let stored: unknown;
  try { stored = JSON.parse(req.text); } catch (e) { throw new ColumnError(`task columns: invalid JSON (${(e as Error).message})`); }
  if (!Array.isArray(stored) || stored.length !== req.points.length) throw new ColumnError(`task columns: expected the columns of ${req.points.length} points`);
  return req.points.map(({ where, rows }, i) => {
    const cols: unknown = stored[i];
    if (cols === null || typeof cols !== 'object' || Array.isArray(cols)) throw new ColumnError(`${where}: expected an object of columns`);
    const packed = readPackedTaskColumns(cols as Record<string, unknown>, req.kinds as ColumnKinds, where);
    // Every column has as many entries as the first (readPackedTaskColumns checks): that is the point's rows.
    const first = Object.values(packed)[0];
    if (first && first.length !== rows) throw new ColumnError(`${where} has ${first.length} rows, the run says ${rows}`);
    return packed;
  });
}
