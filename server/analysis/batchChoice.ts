// The batch `--batch auto` picks (docs/decisions/engine.md, "Batch auto"), from what the engine
// measured in a warm-up repeat run at PROBE_BATCH: the hand-over a claim costs beyond the gap every
// task pays, and the mean task time. Pure, so the engine (server/engine/autoBatch.ts) and the
// `granularity` suggestion state the same rule and bounds.

/** Hand-over may cost at most this share of the work a claim hands out. */
export const AUTO_HANDOVER_SHARE = 0.02;
/**
 * Every worker keeps at least this many claims (dispatches), so that the last claims are small next
 * to a worker's share and batching does not create a tail; the granularity search uses the same bound.
 */
export const MIN_DISPATCHES_PER_WORKER = 8;
/** Powers of two up to this (as the granularity search). */
export const MAX_BATCH = 4096;
/**
 * The warm-up that measures runs at this batch (or the cap, if smaller): its gaps at claim
 * boundaries hold the hand-over, those inside a claim what a task costs whatever the batch.
 */
export const PROBE_BATCH = 8;

export interface BatchChoice {
  size: number;
  /** The largest batch load balance allows: floor(tasks / (workers · MIN_DISPATCHES_PER_WORKER)), ≥ 1, ≤ MAX_BATCH. */
  maxSize: number;
  /** Hand-over's share of a claim's time at `size` (hand-over / (hand-over + size · task)). */
  share: number;
  reason: string;
}

/** The largest power of two ≤ x (x ≥ 1). */
const floorPow2 = (x: number): number => 2 ** Math.floor(Math.log2(Math.max(1, x)));

/** The largest batch load balance allows: every worker keeps ≥ MIN_DISPATCHES_PER_WORKER claims. */
export const maxBatchFor = (tasks: number, workers: number): number => Math.min(MAX_BATCH, floorPow2(tasks / (Math.max(1, workers) * MIN_DISPATCHES_PER_WORKER)));

/** The batch of the measuring warm-up. */
export const probeBatchFor = (tasks: number, workers: number): number => Math.min(PROBE_BATCH, maxBatchFor(tasks, workers));

/**
 * The smallest power of two whose claims spend at most AUTO_HANDOVER_SHARE of their time in hand-over,
 * capped by load balance. `handOverMs` is what a claim (a dispatch) costs beyond the gap every task
 * pays whatever the batch (its recording): only that part is amortised by batching.
 */
export function chooseBatch(m: { handOverMs: number; taskMs: number; tasks: number; workers: number }): BatchChoice {
  const maxSize = maxBatchFor(m.tasks, m.workers);
  const shareAt = (b: number): number => (m.handOverMs + b * m.taskMs > 0 ? m.handOverMs / (m.handOverMs + b * m.taskMs) : 0);
  if (!(m.handOverMs >= 0) || !(m.taskMs >= 0)) return { size: 1, maxSize, share: NaN, reason: 'nothing measured in the warm-up: batch 1' };
  // share ≤ s ⇔ b ≥ h·(1 − s) / (s·t)
  const needed = m.handOverMs === 0 ? 0 : m.taskMs > 0 ? (m.handOverMs * (1 - AUTO_HANDOVER_SHARE)) / (AUTO_HANDOVER_SHARE * m.taskMs) : Infinity;
  const pct = Math.round(AUTO_HANDOVER_SHARE * 100);
  if (needed <= 1) return { size: 1, maxSize, share: shareAt(1), reason: `hand-over is ≤ ${pct}% of a task's time at batch 1` };
  const wanted = 2 ** Math.ceil(Math.log2(Math.min(needed, 2 * MAX_BATCH)));
  if (wanted <= maxSize) return { size: wanted, maxSize, share: shareAt(wanted), reason: `the smallest power of two that keeps hand-over ≤ ${pct}% of a claim's time` };
  return {
    size: maxSize, maxSize, share: shareAt(maxSize),
    reason: maxSize === 1
      ? `too few tasks to batch: every worker keeps ≥ ${MIN_DISPATCHES_PER_WORKER} claims`
      : `capped so that every worker keeps ≥ ${MIN_DISPATCHES_PER_WORKER} claims (load balance); ${wanted} would keep hand-over ≤ ${pct}%`,
  };
}
