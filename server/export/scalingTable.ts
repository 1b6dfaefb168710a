// One row per sweep point: the measured makespans joined with the analysis of that worker count.
// Shared by the terminal table and the CSV export so that both always show the same numbers.
import type { RunFile } from '../../common/runFile';

export interface ScalingRow {
  workers: number;
  /** Median makespan over repeats (ms) and its spread. */
  makespanMs: number;
  makespanMinMs: number;
  makespanMaxMs: number;
  repeats: number;
  /** Task executions recorded at this point (all repeats). */
  tasks: number;
  failedTasks: number;
  speedup: number | null;
  speedupMin: number | null;
  speedupMax: number | null;
  efficiency: number | null;
  karpFlattE: number | null;
  loadBalance: number | null;
  communicationEfficiency: number | null;
  parallelEfficiency: number | null;
  computationScalability: number | null;
  queueWaitShare: number | null;
  lockWaitShare: number | null;
  runQueueShare: number | null;
  gcShare: number | null;
  transferShare: number | null;
}

function byWorkers<T extends { workers: number }>(items: readonly T[] | undefined, workers: number): T | undefined {
  return items?.find((i) => i.workers === workers);
}

export function scalingRows(run: RunFile): ScalingRow[] {
  const a = run.analysis;
  return run.points.map((p) => {
    const s = byWorkers(a?.scaling, p.workers);
    const kf = byWorkers(a?.karpFlatt, p.workers);
    const pop = byWorkers(a?.pop, p.workers);
    const c = byWorkers(a?.contention, p.workers);
    const spans = p.makespansMs.length ? p.makespansMs : [p.makespanMs];
    const measured = s !== undefined && (s.baseline ?? (run.points.some((x) => x.workers === 1) ? 'measured' : 'estimated')) === 'measured';
    return {
      workers: p.workers,
      makespanMs: p.makespanMs,
      makespanMinMs: Math.min(...spans),
      makespanMaxMs: Math.max(...spans),
      repeats: p.makespansMs.length,
      tasks: p.tasks.index.length,
      failedTasks: p.tasks.ok.filter((ok) => !ok).length,
      // Without a measured 1-worker point a speedup is not measured: left empty, not 2.00 and 100%.
      speedup: measured ? s.speedup : null,
      speedupMin: measured ? s.speedupMin ?? null : null,
      speedupMax: measured ? s.speedupMax ?? null : null,
      efficiency: measured ? s.efficiency : null,
      karpFlattE: kf?.e ?? null,
      loadBalance: pop?.loadBalance ?? null,
      communicationEfficiency: pop?.communicationEfficiency ?? null,
      parallelEfficiency: pop?.parallelEfficiency ?? null,
      computationScalability: pop?.computationScalability ?? null,
      queueWaitShare: c?.queueWaitShare ?? null,
      lockWaitShare: c?.lockWaitShare ?? null,
      runQueueShare: c?.runQueueShare ?? null,
      gcShare: c?.gcShare ?? null,
      transferShare: c?.transferShare ?? null,
    };
  });
}
