// Everything a suggestion rule may look at, computed once per analysis.
import type { Analysis, RunFile } from '../../common/runFile';
import type { PointSummary } from './pointSummary';
import type { Replayer } from './whatIf';

export interface AnalysisContext {
  run: RunFile;
  /** Points with at least one finished repeat, sorted by worker count (see pointSummary.ts). */
  points: PointSummary[];
  /** T(1) behind the speedups: measured, or estimated as T(pmin)·pmin when there is no 1-worker point. */
  t1: { ms: number; estimated: boolean } | null;
  scaling: Analysis['scaling'];
  amdahl: Analysis['amdahl'];
  karpFlatt: Analysis['karpFlatt'];
  usl: Analysis['usl'];
  pop: Analysis['pop'];
  imbalance: Analysis['imbalance'];
  contention: Analysis['contention'];
  /** Calibrated discrete-event replay of the pool (whatIf.ts, replay.ts). */
  replay: Replayer;
}

export function pointAt(ctx: AnalysisContext, workers: number): PointSummary | undefined {
  return ctx.points.find((p) => p.workers === workers);
}

/** Points with more than one worker: where parallel behaviour (imbalance, contention) can show. */
export function parallelPoints(ctx: AnalysisContext): PointSummary[] {
  return ctx.points.filter((p) => p.workers > 1);
}
