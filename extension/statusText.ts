// Status bar text while a run is going. No vscode here.
import type { JobProgressParams } from '../common/lsp';
import { formatRate } from '../common/progressText';
import { fmtCores, fmtMs, fmtPct, plural } from '../common/format';

export function statusText(p: JobProgressParams | null, workloadName: string): string {
  if (!p) return `$(sync~spin) Scalescope: ${workloadName} · loading`;
  if (p.settling) return `$(watch) Scalescope: ${p.workers}w · settling (${fmtCores(p.settling.externalLoadCores)} busy elsewhere)`;
  const phase = p.warmup ? 'warm-up' : `${p.repeat + 1}/${p.repeats}`;
  return `$(sync~spin) Scalescope: ${p.workers}w ${phase} · ${formatRate(p.tasksPerSec)} · ${fmtPct(p.fraction, 0)}`;
}

export function statusTooltip(p: JobProgressParams | null, workloadName: string): string {
  const head = `Scalescope is running ${workloadName}`;
  if (!p) return `${head}\nClick to cancel or show the log.`;
  if (p.settling) return `${head}\nWaiting for the machine to settle before the next repeat: other processes use ${fmtCores(p.settling.externalLoadCores)} (${fmtMs(p.settling.waitedMs)} so far).\nClick to cancel or show the log.`;
  return `${head}\n${plural(p.workers, 'worker')} (point ${p.pointIndex + 1} of ${p.points}), ${p.warmup ? 'warm-up' : `repeat ${p.repeat + 1} of ${p.repeats}`}\n${p.tasksDone}/${p.tasksTotal} tasks\nClick to cancel or show the log.`;
}
