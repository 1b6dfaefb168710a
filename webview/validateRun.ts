// Validation of a run that arrives in the page. The schema in common/runFile.ts checks every part
// except the per-task columns, which common/packedColumns.ts checks by plain loops (a million-task
// run has 17 million entries; a per-element zod check would cost most of the first-paint budget).
// Every point leaves here with its columns packed (Float64Array, NaN for null; `ok` a Uint8Array),
// whatever form they arrived in: packed (the panel host: checked in place, not copied), encoded
// (a v2 run: decoded straight into typed arrays) or plain arrays. In the standalone report a
// point's columns may be deferred (webview/deferredTasks.ts): decoded later, off the main thread.
import * as z from 'zod';
import { ColumnError } from '../common/columnCodec';
import { OPTIONAL_TASK_COLUMNS, readPackedTaskColumns, type PackedTaskColumns } from '../common/packedColumns';
import { RunFile, RunFileError, READABLE_RUN_SCHEMAS, RUN_SCHEMA, runFileProblems, StoredRunFile, TASK_COLUMNS, TASK_COLUMN_KIND, unsupportedSchema, type Point, type TaskColumns } from '../common/runFile';

/** In the report, in place of a point's columns: how many rows they have (they are inlined apart). */
export const DeferredTasksMarker = z.object({ deferred: z.number().int().min(0) }).strict();

/** Columns of no rows: what a point holds until its deferred columns are decoded. */
export function noTasks(): PackedTaskColumns {
  const t = {} as Record<keyof TaskColumns, Float64Array | Uint8Array>;
  for (const k of TASK_COLUMNS) if (!OPTIONAL_TASK_COLUMNS.has(k)) t[k] = k === 'ok' ? new Uint8Array(0) : new Float64Array(0);
  return t as PackedTaskColumns;
}

/** The name of a point's columns in messages, as parseRunFile writes it. */
export const tasksWhere = (p: Pick<Point, 'workers'>): string => `points[workers=${p.workers}].tasks`;

export interface ValidatedRun {
  run: RunFile;
  /** Rows of each point whose columns were deferred (their columns: noTasks() until decoded). */
  deferred: Map<Point, number>;
}

/** Validate a run that arrived as data; throws RunFileError naming the first problems. */
export function validateRun(raw: unknown, source = 'run'): RunFile {
  return validateRunWithDeferred(raw, source, false).run;
}

/** As validateRun; with `allowDeferred`, a point's columns may be a DeferredTasksMarker. */
export function validateRunWithDeferred(raw: unknown, source: string, allowDeferred: boolean): ValidatedRun {
  if (raw === null || typeof raw !== 'object') throw new RunFileError(source, `expected an object, got ${raw === null ? 'null' : typeof raw}`);
  const schema = (raw as { schema?: unknown }).schema;
  if (!READABLE_RUN_SCHEMAS.includes(schema as string)) throw new RunFileError(source, unsupportedSchema(schema));
  const r = StoredRunFile.safeParse(raw);
  if (!r.success) {
    throw new RunFileError(source, runFileProblems(r.error));
  }
  const v2 = r.data.schema === RUN_SCHEMA;
  const deferred = new Map<Point, number>();
  const points = r.data.points.map((p) => {
    const marker = allowDeferred ? DeferredTasksMarker.safeParse(p.tasks) : null;
    if (marker?.success) {
      const point = { ...p, tasks: noTasks() as unknown as TaskColumns };
      deferred.set(point, marker.data.deferred);
      return point;
    }
    try {
      return { ...p, tasks: readPackedTaskColumns(p.tasks, TASK_COLUMN_KIND, tasksWhere(p), v2) as unknown as TaskColumns };
    } catch (e) {
      throw e instanceof ColumnError ? new RunFileError(source, e.message) : e;
    }
  });
  return { run: { ...r.data, schema: RUN_SCHEMA, points } as RunFile, deferred };
}
