// Validation of a run that arrives in the page. The schema in common/runFile.ts is used for every
// part except the per-task columns, which are checked by plain loops: a million-task run has
// 17 million entries and a per-element zod check would cost most of the first-paint budget.
// Columns may be plain arrays (a run file, the report) or typed arrays (packRunForWebview, from
// the panel host); views read both by index, and treat NaN like null.
import { z } from 'zod';
import { Point, RunFile, RunFileError, RUN_SCHEMA, TASK_COLUMNS, type TaskColumns } from '../common/runFile';

type Kind = 'number' | 'nullableNumber' | 'boolean';
const COLUMN_KIND: Record<keyof TaskColumns, Kind> = {
  index: 'number', repeat: 'number', worker: 'number', dispatch: 'number', submitMs: 'number', startMs: 'number',
  endMs: 'number', queueMs: 'number', cpuMs: 'nullableNumber', runQueueMs: 'nullableNumber', coreStart: 'nullableNumber',
  coreEnd: 'nullableNumber', lockWaitMs: 'number', gcMs: 'number', bytesIn: 'nullableNumber', bytesOut: 'nullableNumber', ok: 'boolean',
};

/** First bad entry of a column, or -1. Typed arrays come from packRunForWebview (NaN = null). */
function firstBad(a: unknown, kind: Kind): number {
  if (a instanceof Uint8Array) { if (kind !== 'boolean') return 0; for (let i = 0; i < a.length; i++) if (a[i] > 1) return i; return -1; }
  if (a instanceof Float64Array) {
    if (kind === 'boolean') return 0;
    if (kind === 'number') for (let i = 0; i < a.length; i++) if (a[i] !== a[i]) return i;
    return -1;
  }
  if (!Array.isArray(a)) return 0;
  const n = a.length;
  if (kind === 'boolean') { for (let i = 0; i < n; i++) if (typeof a[i] !== 'boolean') return i; return -1; }
  if (kind === 'number') { for (let i = 0; i < n; i++) if (typeof a[i] !== 'number') return i; return -1; }
  for (let i = 0; i < n; i++) { const v = a[i]; if (v !== null && typeof v !== 'number') return i; }
  return -1;
}

const FastTaskColumns = z.custom<TaskColumns>((v) => v !== null && typeof v === 'object').superRefine((v, ctx) => {
  const cols = v as unknown as Record<string, unknown>;
  for (const key of TASK_COLUMNS) {
    const a = cols[key];
    if (!Array.isArray(a) && !(a instanceof Float64Array) && !(a instanceof Uint8Array)) { ctx.addIssue({ code: 'custom', path: [key], message: 'expected an array' }); continue; }
    const bad = firstBad(a, COLUMN_KIND[key]);
    if (bad >= 0) ctx.addIssue({ code: 'custom', path: [key, bad], message: `expected ${COLUMN_KIND[key] === 'nullableNumber' ? 'a number or null' : `a ${COLUMN_KIND[key]}`}` });
  }
});

const FastRunFile = RunFile.extend({ points: z.array(Point.extend({ tasks: FastTaskColumns })) });

/** Validate a run that arrived as data; throws RunFileError naming the first problems. */
export function validateRun(raw: unknown, source = 'run'): RunFile {
  if (raw === null || typeof raw !== 'object') throw new RunFileError(source, `expected an object, got ${raw === null ? 'null' : typeof raw}`);
  const schema = (raw as { schema?: unknown }).schema;
  if (schema !== RUN_SCHEMA) throw new RunFileError(source, `unsupported schema ${JSON.stringify(schema) ?? 'undefined'} (expected ${RUN_SCHEMA})`);
  const r = FastRunFile.safeParse(raw);
  if (!r.success) {
    throw new RunFileError(source, r.error.issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; '));
  }
  const run = r.data as RunFile;
  for (const p of run.points) {
    const n = p.tasks.index.length;
    for (const key of TASK_COLUMNS) {
      if (p.tasks[key].length !== n) throw new RunFileError(source, `points[workers=${p.workers}].tasks.${key} has ${p.tasks[key].length} entries, expected ${n}`);
    }
  }
  return run;
}
