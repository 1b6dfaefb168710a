// The analysis reads every point's task columns packed (typed arrays, NaN for null, ok as 0/1:
// common/packedColumns.ts), whichever form the run holds them in: the engine's runs are packed
// already (nothing copied), a run read from a file is packed once per point (cached).
import { packTaskColumns, type PackedTaskColumns } from '../../common/packedColumns';
import { TASK_COLUMN_KIND, type Point } from '../../common/runFile';

const packed = new WeakMap<object, PackedTaskColumns>();

export function tasksOf(point: Pick<Point, 'tasks'>): PackedTaskColumns {
  let t = packed.get(point.tasks);
  if (!t) { t = packTaskColumns(point.tasks, TASK_COLUMN_KIND); packed.set(point.tasks, t); }
  return t;
}
