// Validation of a run that arrives in the page. The schema in common/runFile.ts is used for every
// part except the per-task columns, which are checked by plain loops: a million-task run has
// 17 million entries and a per-element zod check would cost most of the first-paint budget.
// Columns may be plain arrays (a run file), encoded columns (a v2 run file, the report: decoded
// here, see common/columnCodec.ts) or typed arrays (packRunForWebview, from the panel host); views
// read plain and typed arrays by index, and treat NaN like null.
import { z } from 'zod';
import { ColumnError, decodeColumn, firstBadEntry, isEncodedColumn, type ColumnKind } from '../common/columnCodec';
import { Point, RunFile, RunFileError, READABLE_RUN_SCHEMAS, RUN_SCHEMA, RUN_SCHEMA_V1, TASK_COLUMNS, TASK_COLUMN_KIND, unsupportedSchema, type TaskColumns } from '../common/runFile';

/** First bad entry of a column, or -1. Typed arrays come from packRunForWebview (NaN = null). */
function firstBad(a: unknown, kind: ColumnKind): number {
  if (a instanceof Uint8Array) { if (kind !== 'boolean') return 0; for (let i = 0; i < a.length; i++) if (a[i] > 1) return i; return -1; }
  if (a instanceof Float64Array) {
    if (kind === 'boolean') return 0;
    if (kind === 'number') for (let i = 0; i < a.length; i++) if (a[i] !== a[i]) return i;
    return -1;
  }
  if (!Array.isArray(a)) return 0;
  return firstBadEntry(a, kind);
}

const FastTaskColumns = z.custom<TaskColumns>((v) => v !== null && typeof v === 'object').superRefine((v, ctx) => {
  const cols = v as unknown as Record<string, unknown>;
  for (const key of TASK_COLUMNS) {
    const a = cols[key];
    if (isEncodedColumn(a)) continue; // decoded (and checked) once the point is known, below
    if (!Array.isArray(a) && !(a instanceof Float64Array) && !(a instanceof Uint8Array)) { ctx.addIssue({ code: 'custom', path: [key], message: 'expected an array' }); continue; }
    const bad = firstBad(a, TASK_COLUMN_KIND[key]);
    if (bad >= 0) ctx.addIssue({ code: 'custom', path: [key, bad], message: `expected ${TASK_COLUMN_KIND[key] === 'nullableNumber' ? 'a number or null' : `a ${TASK_COLUMN_KIND[key]}`}` });
  }
});

const FastRunFile = RunFile.extend({ schema: z.enum([RUN_SCHEMA, RUN_SCHEMA_V1]), points: z.array(Point.extend({ tasks: FastTaskColumns })) });

/** Validate a run that arrived as data; throws RunFileError naming the first problems. */
export function validateRun(raw: unknown, source = 'run'): RunFile {
  if (raw === null || typeof raw !== 'object') throw new RunFileError(source, `expected an object, got ${raw === null ? 'null' : typeof raw}`);
  const schema = (raw as { schema?: unknown }).schema;
  if (!READABLE_RUN_SCHEMAS.includes(schema as string)) throw new RunFileError(source, unsupportedSchema(schema));
  const r = FastRunFile.safeParse(raw);
  if (!r.success) {
    throw new RunFileError(source, r.error.issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; '));
  }
  const v2 = r.data.schema === RUN_SCHEMA;
  const run = { ...r.data, schema: RUN_SCHEMA } as RunFile;
  run.points = run.points.map((p) => {
    const stored = p.tasks as unknown as Record<keyof TaskColumns, unknown>;
    const tasks = { ...stored } as Record<keyof TaskColumns, unknown>;
    let n: number | undefined;
    for (const key of TASK_COLUMNS) {
      const col = stored[key];
      if (isEncodedColumn(col)) {
        try {
          tasks[key] = decodeColumn(col, TASK_COLUMN_KIND[key], n, v2);
        } catch (e) {
          throw e instanceof ColumnError ? new RunFileError(source, `points[workers=${p.workers}].tasks.${key}: ${e.message}`) : e;
        }
      }
      const length = (tasks[key] as ArrayLike<unknown>).length;
      n ??= length;
      if (length !== n) throw new RunFileError(source, `points[workers=${p.workers}].tasks.${key} has ${length} entries, expected ${n}`);
    }
    return { ...p, tasks: tasks as TaskColumns };
  });
  return run;
}
