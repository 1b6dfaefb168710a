// Headline of a run and its summary for lists (runs view, listRuns): pure. The wording is
// common/speedupText.ts headlineText, the same on every front.
import type { RunFile } from '../../common/runFile';
import type { RunHeadline, RunSummary } from '../../common/lsp';
import { speedupTrustedAt } from '../../common/speedupText';

/**
 * The best speedup of a run (the number a user quotes), or null without analysis. When the verdict
 * trusts only some points, the best of those: a busy point's figure is not the run's headline. A
 * speedup below 1 is still the headline of a run that only got slower: it says so.
 */
export function runHeadline(run: RunFile): RunHeadline | null {
  const quality = run.analysis?.quality;
  const finite = (run.analysis?.scaling ?? []).filter((s) => Number.isFinite(s.speedup));
  // The 1-worker row is the baseline (1.0× by definition): the headline only when it is all there is.
  const parallel = finite.filter((s) => s.workers > 1);
  const rows = parallel.length ? parallel : finite;
  const trusted = rows.filter((s) => speedupTrustedAt(quality, s.workers));
  const candidates = trusted.length ? trusted : rows;
  if (!candidates.length) return null;
  const best = candidates.reduce((b, s) => (s.speedup > b.speedup ? s : b));
  // Runs analysed before `baseline` existed: no 1-worker point means the speedup is relative to an estimate.
  const baseline = best.baseline ?? (run.points.some((p) => p.workers === 1) ? 'measured' : 'estimated');
  return {
    speedup: best.speedup, workers: best.workers, efficiency: best.efficiency, baseline,
    ...(best.speedupCi ? { speedupCi: best.speedupCi } : {}),
    ...(quality ? { quality } : {}),
  };
}

export function summarizeRun(run: RunFile, file: string): RunSummary {
  return {
    id: run.id,
    file,
    workloadPath: run.workload.path,
    workloadName: run.workload.name,
    startedAt: run.startedAt,
    status: run.status,
    workers: run.points.map((p) => p.workers),
    failures: run.failures.length,
    headline: runHeadline(run),
    profiled: run.config.cpuProfile === true,
  };
}
