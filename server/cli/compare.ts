// Two runs side by side: per worker count measured in both, the makespans, the change and the
// speedups; then what differs in their configuration. Pure: returns text.
import type { RunConfig, RunFile } from '../../common/runFile';
import { scalingRows } from '../export/scalingTable';
import { ms, times } from './numbers';
import type { Style } from './style';
import { renderTable } from './table';

function configDiff(a: RunConfig, b: RunConfig): string[] {
  const keys: (keyof RunConfig)[] = ['workers', 'repeat', 'warmup', 'timeoutMs', 'batch', 'order', 'cpuProfile'];
  return keys
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => `${k}: ${JSON.stringify(a[k] ?? null)} → ${JSON.stringify(b[k] ?? null)}`);
}

export function formatComparison(a: RunFile, b: RunFile, s: Style): string {
  const before = new Map(scalingRows(a).map((r) => [r.workers, r]));
  const rows: string[][] = [];
  for (const r of scalingRows(b)) {
    const old = before.get(r.workers);
    if (!old) continue;
    const change = ((r.makespanMs - old.makespanMs) / old.makespanMs) * 100;
    const text = `${change > 0 ? '+' : ''}${change.toFixed(1)}%`;
    rows.push([String(r.workers), ms(old.makespanMs), ms(r.makespanMs), change < 0 ? s.green(text) : change > 0 ? s.red(text) : text, times(old.speedup), times(r.speedup)]);
  }
  const lines = [
    s.bold('Comparing'),
    `  A  ${a.id}  ${s.dim(`(${a.workload.name}, ${a.status})`)}`,
    `  B  ${b.id}  ${s.dim(`(${b.workload.name}, ${b.status})`)}`,
  ];
  if (a.workload.path !== b.workload.path) lines.push(s.yellow('  different workloads: the numbers compare different work'));
  const diff = configDiff(a.config, b.config);
  lines.push('', s.bold('Configuration'), ...(diff.length ? diff.map((d) => `  ${d}`) : ['  same']));
  lines.push('', s.bold('Makespan'));
  if (rows.length === 0) {
    lines.push('  no worker count was measured in both runs');
  } else {
    lines.push(renderTable([
      { header: 'workers', align: 'right' },
      { header: 'A median', align: 'right' },
      { header: 'B median', align: 'right' },
      { header: 'change', align: 'right' },
      { header: 'A speedup', align: 'right' },
      { header: 'B speedup', align: 'right' },
    ], rows));
  }
  return lines.join('\n') + '\n';
}
