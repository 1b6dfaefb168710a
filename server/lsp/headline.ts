// Headline numbers of a run and its summary for lists (runs view, listRuns): pure.
import type { RunFile } from '../../common/runFile';
import type { RunHeadline, RunSummary } from '../../common/lsp';

/** The best measured speedup of a run (the number a user quotes), or null without analysis. */
export function runHeadline(run: RunFile): RunHeadline | null {
  const scaling = run.analysis?.scaling ?? [];
  let best: RunHeadline | null = null;
  for (const s of scaling) {
    if (!Number.isFinite(s.speedup)) continue;
    if (!best || s.speedup > best.speedup) best = { speedup: s.speedup, workers: s.workers, efficiency: s.efficiency };
  }
  return best;
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
  };
}

/** "5.8× on 8 workers · 72% efficient" */
export function formatHeadline(h: RunHeadline): string {
  const workers = `${h.workers} worker${h.workers === 1 ? '' : 's'}`;
  return `${h.speedup.toFixed(1)}× on ${workers} · ${Math.round(h.efficiency * 100)}% efficient`;
}
