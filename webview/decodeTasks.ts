// Pure: the standalone report's deferred task columns (inlined apart from the run, see
// webview/deferredTasks.ts), decoded and validated into packed columns. Runs in the report's task
// worker (webview/tasksWorker.ts), or on the main thread where no worker can be started. No zod
// here (the worker bundles this file): the column kinds come with the request.
import { ColumnError } from '../common/columnCodec';
import { readPackedTaskColumns, type ColumnKinds, type PackedTaskColumns } from '../common/packedColumns';
import { TASKS_ENCODING_GZIP_BASE64 } from '../common/page';
import { inflateColumn } from './inflateColumns';

/**
 * What the page asks of the decoder: the inlined JSON text, the kinds of the columns to decode (one
 * group of them, one worker's share: see webview/deferredTasks.ts), and per point its name and rows.
 * Without `text`, the text of the decoder's previous request (parsed once: parseTasks).
 */
export interface DecodeRequest {
  /** The element's content: the columns' JSON, or, with `encoding`, each column's JSON compressed (inflateColumns.ts). */
  text?: string;
  encoding?: string;
  kinds: Partial<ColumnKinds>;
  points: { where: string; rows: number }[];
}

export type DecodeReply = { ok: true; points: PackedTaskColumns[] } | { ok: false; error: string };

/** The element's text parsed (once for every group of columns decoded from it): one stored entry per point. */
export interface ParsedTasks { stored: unknown[]; encoding?: string }

export function parseTasks(req: DecodeRequest): ParsedTasks {
  if (req.encoding !== undefined && req.encoding !== TASKS_ENCODING_GZIP_BASE64) throw new ColumnError(`task columns: unknown encoding "${req.encoding}"`);
  return { stored: parseStored(req), encoding: req.encoding };
}

/**
 * Decode every point's columns (those of `kinds`) from the parsed text, inflating first each
 * compressed column among them (only those: a worker inflates its own share); rejects with
 * ColumnError naming the point and column at fault.
 */
export async function decodeParsed(parsed: ParsedTasks, req: Pick<DecodeRequest, 'kinds' | 'points'>): Promise<PackedTaskColumns[]> {
  if (parsed.encoding === undefined) return decodeStored(parsed.stored, req);
  const inflated = await Promise.all(req.points.map(async ({ where }, i) => {
    const cols = pointColumns(parsed.stored[i], where);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(req.kinds)) {
      const v = cols[key];
      if (v === undefined) continue;
      if (typeof v !== 'string') throw new ColumnError(`${where}.${key}: expected a compressed column`);
      let json: string;
      try { json = await inflateColumn(v); } catch (e) { throw e instanceof ColumnError ? new ColumnError(`${where}.${key}: ${e.message}`) : e; }
      try { out[key] = JSON.parse(json); } catch (e) { throw new ColumnError(`${where}.${key}: invalid JSON (${(e as Error).message})`); }
    }
    return out;
  }));
  return decodeStored(inflated, req);
}

/** Decode every point's columns (those of `kinds`) from the request's text (see decodeParsed). */
export async function decodeTasksFrom(req: DecodeRequest): Promise<PackedTaskColumns[]> {
  return decodeParsed(parseTasks(req), req);
}

/** Decode every point's columns (those of `kinds`) from their JSON text; throws ColumnError naming the point and column at fault. */
export function decodeTasks(req: DecodeRequest): PackedTaskColumns[] {
  return decodeStored(parseStored(req), req);
}

function parseStored(req: DecodeRequest): unknown[] {
  let stored: unknown;
  try { stored = JSON.parse(req.text ?? ''); } catch (e) { throw new ColumnError(`task columns: invalid JSON (${(e as Error).message})`); }
  if (!Array.isArray(stored) || stored.length !== req.points.length) throw new ColumnError(`task columns: expected the columns of ${req.points.length} points`);
  return stored;
}

function pointColumns(cols: unknown, where: string): Record<string, unknown> {
  if (cols === null || typeof cols !== 'object' || Array.isArray(cols)) throw new ColumnError(`${where}: expected an object of columns`);
  return cols as Record<string, unknown>;
}

function decodeStored(stored: unknown[], req: Pick<DecodeRequest, 'kinds' | 'points'>): PackedTaskColumns[] {
  return req.points.map(({ where, rows }, i) => {
    const packed = readPackedTaskColumns(pointColumns(stored[i], where), req.kinds as ColumnKinds, where);
    // Every column has as many entries as the first (readPackedTaskColumns checks): that is the point's rows.
    const first = Object.values(packed)[0];
    if (first && first.length !== rows) throw new ColumnError(`${where} has ${first.length} rows, the run says ${rows}`);
    return packed;
  });
}
