// What the Runs view shows: saved runs grouped per workload, newest first, with headline numbers.
// No vscode here: the tree provider only maps these nodes to TreeItems.
import * as path from 'node:path';
import type { RunSummary } from '../common/lsp';
import { formatRunTime } from '../common/runTime';
import { plural } from '../common/format';
import { headlineText, verdictWords } from '../common/speedupText';

export interface WorkloadNode { kind: 'workload'; workloadPath: string; label: string; description: string; runs: RunNode[] }
export interface RunNode { kind: 'run'; run: RunSummary; label: string; description: string; tooltip: string }

export function runNode(run: RunSummary): RunNode {
  const h = run.headline;
  const numbers = h ? headlineText(h, { brief: true }) : 'no scaling data';
  const status = run.status === 'complete' ? '' : ` · ${run.status}`;
  const failures = run.failures ? ` · ${run.failures} failed` : '';
  return {
    kind: 'run',
    run,
    label: formatRunTime(run.startedAt),
    description: `${numbers}${status}${failures}`,
    tooltip: [
      `${run.workloadName} — ${run.id}`,
      `workers ${run.workers.join(', ')}`,
      h ? `best: ${headlineText(h)}` : 'no analysis',
      ...(h?.quality ? [`verdict: ${verdictWords(h.quality.verdict)}`, ...h.quality.reasons] : []),
      `status ${run.status}${run.failures ? `, ${plural(run.failures, 'failed task')}` : ''}`,
      run.file,
    ].join('\n'),
  };
}

/** Workloads sorted by name; runs newest first; the workload line shows its latest headline. */
export function groupRuns(runs: readonly RunSummary[], workspaceFolders: readonly string[] = []): WorkloadNode[] {
  const groups = new Map<string, RunSummary[]>();
  for (const r of runs) {
    const list = groups.get(r.workloadPath) ?? [];
    list.push(r);
    groups.set(r.workloadPath, list);
  }
  const nodes: WorkloadNode[] = [];
  for (const [workloadPath, list] of groups) {
    list.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    const folder = workspaceFolders.find((f) => workloadPath.startsWith(f + path.sep));
    const rel = folder ? path.relative(folder, workloadPath) : workloadPath;
    nodes.push({
      kind: 'workload',
      workloadPath,
      label: path.basename(workloadPath),
      description: `${plural(list.length, 'run')} · ${path.dirname(rel) === '.' ? '' : path.dirname(rel)}`.replace(/ · $/, ''),
      runs: list.map(runNode),
    });
  }
  return nodes.sort((a, b) => a.label.localeCompare(b.label) || a.workloadPath.localeCompare(b.workloadPath));
}
