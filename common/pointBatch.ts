// The batch a point ran at, and the run's batch in words: one place for `--batch auto`, whose size
// is chosen per point (common/runFile.ts PointBatch; docs/decisions/engine.md, "Batch auto").
import type { Point, RunConfig } from './runFile';
import { fmtMs } from './format';

/** Inputs per dispatch of the point's measured repeats: what it recorded, else the config's (runs before `auto`). */
export function batchUsed(config: Pick<RunConfig, 'batch'>, point: Pick<Point, 'batch'> | undefined): number {
  if (point?.batch) return point.batch.size;
  return typeof config.batch === 'number' ? config.batch : 1;
}

/** "batch 8", or "batch auto (1 w: 64, 2 w: 128)" with each point's choice. */
export function batchText(config: Pick<RunConfig, 'batch'>, points: readonly Pick<Point, 'workers' | 'batch'>[]): string {
  if (config.batch !== 'auto') return `batch ${config.batch}`;
  const chosen = points.filter((p) => p.batch).map((p) => `${p.workers} w: ${p.batch!.size}`);
  return `batch auto${chosen.length ? ` (${chosen.join(', ')})` : ''}`;
}

/**
 * Why auto chose a point's batch, from the figures it recorded: "batch 64: hand-over 2 µs per claim
 * (beyond 5 µs between any two tasks) vs 1 µs per task, one warm-up repeat at batch 8 (medians, mean
 * task); the smallest power of two …".
 */
export function autoBatchReason(b: NonNullable<Point['batch']>): string | null {
  if (b.mode !== 'auto') return null;
  const beyond = b.taskGapMs !== undefined ? ` (beyond ${fmtMs(b.taskGapMs)} between any two tasks)` : '';
  const measured = b.handOverMs !== undefined && b.taskMs !== undefined
    ? `: hand-over ${fmtMs(b.handOverMs)} per claim${beyond} vs ${fmtMs(b.taskMs)} per task, one warm-up repeat at batch ${b.probeBatch ?? 1} (median gaps, mean task)`
    : '';
  return `batch ${b.size}${measured}; ${b.reason ?? ''}`.replace(/; $/, '');
}
