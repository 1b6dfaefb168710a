// The one in-memory form of a point's per-task columns on their way to the page and inside it
// (docs/decisions/webview.md "Transport of a large run"): every column a Float64Array with NaN for
// null, as the engine's shared task table holds them (server/worker/taskTable.ts), except `ok`, a
// Uint8Array of 0/1. The panel host packs a loaded run into it; the report's task decoder
// (webview/tasksWorker.ts) decodes the file's encoded columns straight into it; the views read it.
// Typed arrays clone as one block and can be transferred (their buffers: packedBuffers).
// Pure: no Node and no DOM. No zod either: the report's task worker bundles this file, so the
// columns and their kinds are a parameter (TASK_COLUMN_KIND of common/runFile.ts).
import { ColumnError, checkStoredColumn, decodeEncodedTyped, isEncodedColumn, type ColumnKind, type EncodedColumn } from './columnCodec';
import type { TaskColumns } from './runFile';

export type PackedColumn = Float64Array | Uint8Array;
export type PackedTaskColumns = { [K in keyof TaskColumns]: K extends 'ok' ? Uint8Array : Float64Array };
/** Each task column and what it holds: TASK_COLUMN_KIND. */
export type ColumnKinds = Record<keyof TaskColumns, ColumnKind>;
/**
 * The task columns a point may lack (runs before them, runs with nothing to put there: `host`,
 * `receivedMs` and `enqueuedMs` are a fleet run's, docs/fleet.md, and a fleet run made before
 * `enqueuedMs` has the other two; `location` a recorded run's, docs/decisions/record.md).
 * Absent, never empty; when present, as long as the others. Here, not in common/runFile.ts, because
 * the report's task worker bundles this file without zod.
 */
export const OPTIONAL_TASK_COLUMNS: ReadonlySet<string> = new Set(['host', 'receivedMs', 'enqueuedMs', 'location']);
/** The optional columns a fleet run has. */
export const FLEET_TASK_COLUMNS: ReadonlySet<string> = new Set(['host', 'receivedMs', 'enqueuedMs']);

/** A plain column (already valid for its kind) as its packed typed array; a packed one as it is. */
export function packColumn(col: readonly (number | boolean | null)[] | PackedColumn, kind: ColumnKind): PackedColumn {
  if (ArrayBuffer.isView(col)) return col;
  // The typed-array constructors copy a plain array natively (booleans become 0/1); only nulls need a loop.
  if (kind === 'boolean') return new Uint8Array(col as unknown as ArrayLike<number>);
  if (kind === 'number' || !col.includes(null)) return new Float64Array(col as ArrayLike<number>);
  const out = new Float64Array(col.length);
  for (let i = 0; i < col.length; i++) { const v = col[i]; out[i] = v === null ? NaN : (v as number); }
  return out;
}

/** A packed column as its plain form (null for NaN, booleans for 0/1). */
export function unpackColumn(col: PackedColumn, kind: ColumnKind): (number | boolean | null)[] {
  const out: (number | boolean | null)[] = [];
  for (let i = 0; i < col.length; i++) { const v = col[i]; out.push(kind === 'boolean' ? v === 1 : v !== v ? null : v); }
  return out;
}

/** A point's plain columns (a validated run) packed; packed ones as they are. */
export function packTaskColumns(tasks: TaskColumns | PackedTaskColumns, kinds: ColumnKinds): PackedTaskColumns {
  const out = {} as Record<keyof TaskColumns, PackedColumn>;
  for (const key of Object.keys(kinds) as (keyof TaskColumns)[]) {
    const col = tasks[key];
    if (col === undefined && OPTIONAL_TASK_COLUMNS.has(key)) continue;
    out[key] = packColumn(col as (number | boolean | null)[], kinds[key]);
  }
  return out as PackedTaskColumns;
}

const typeName = (a: unknown): string => (ArrayBuffer.isView(a) ? a.constructor.name : Array.isArray(a) ? 'an array' : a === null ? 'null' : typeof a);

/** Checks a column that arrived packed, in place (nothing copied). Throws ColumnError. */
export function checkPackedColumn(a: unknown, kind: ColumnKind, expected?: number): number {
  if (kind === 'boolean') {
    if (!(a instanceof Uint8Array)) throw new ColumnError(`is ${typeName(a)}, expected a Uint8Array`);
    for (let i = 0; i < a.length; i++) if (a[i] > 1) throw new ColumnError(`entry ${i} is ${a[i]}, expected 0 or 1`);
  } else {
    if (!(a instanceof Float64Array)) throw new ColumnError(`is ${typeName(a)}, expected a Float64Array`);
    if (kind === 'number') for (let i = 0; i < a.length; i++) if (a[i] !== a[i]) throw new ColumnError(`entry ${i} is NaN (null), expected a number`);
  }
  if (expected !== undefined && a.length !== expected) throw new ColumnError(`has ${a.length} entries, expected ${expected}`);
  return a.length;
}

/**
 * Validates one column in any form it may arrive in (packed, a plain array, or in a v2 file an
 * encoded column) and returns it packed: a packed column as is, the others copied once, an encoded
 * one decoded straight into its typed array. Throws ColumnError.
 */
export function readPackedColumn(stored: unknown, kind: ColumnKind, expected?: number, allowEncoded = true): PackedColumn {
  if (ArrayBuffer.isView(stored)) { checkPackedColumn(stored, kind, expected); return stored as PackedColumn; }
  const rows = checkStoredColumn(stored, kind, expected, allowEncoded);
  return isEncodedColumn(stored) ? decodeEncodedTyped(stored as EncodedColumn, rows, kind) : packColumn(stored as (number | boolean | null)[], kind);
}

/**
 * A point's columns, validated and packed (see readPackedColumn); every column must have as many
 * entries as the first. `where` names the point in messages ("points[workers=4].tasks"), so the
 * error names the column: "points[workers=4].tasks.endMs: entry 2 is NaN (null), expected a number".
 */
export function readPackedTaskColumns(stored: Record<string, unknown>, kinds: ColumnKinds, where: string, allowEncoded = true): PackedTaskColumns {
  const out = {} as Record<keyof TaskColumns, PackedColumn>;
  let n: number | undefined;
  for (const key of Object.keys(kinds) as (keyof TaskColumns)[]) {
    if (stored[key] === undefined && OPTIONAL_TASK_COLUMNS.has(key)) continue;
    try {
      out[key] = readPackedColumn(stored[key], kinds[key], n, allowEncoded);
    } catch (e) {
      throw e instanceof ColumnError ? new ColumnError(`${where}.${key}: ${e.message}`) : e;
    }
    n ??= out[key].length;
  }
  return out as PackedTaskColumns;
}

/** The buffers of packed columns, for a postMessage transfer list (each buffer once). */
export function packedBuffers(columns: Iterable<PackedColumn>): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const c of columns) if (c.buffer instanceof ArrayBuffer) seen.add(c.buffer);
  return [...seen];
}

