// Two runs side by side: per worker count measured in both, the makespans, the change with its
// interval (a difference is called only when the interval excludes zero, else "within noise"), the
// speedups and each run's verdict; then what differs in their configuration. Pure: returns text.
import type { Point, RunConfig, RunFile } from '../../common/runFile';
import { RUN_OPTION_KEYS } from '../../common/runOptions';
import { compareMakespans } from '../../common/significance';
import { superlinearCause, SUPERLINEAR_EFFICIENCY, verdictWords } from '../../common/speedupText';
import { scalingRows } from '../export/scalingTable';
import { NOT_MEASURED, fmtGainWithCi, fmtMs, fmtX } from '../../common/format';
import type { Style } from './style';
import { renderTable } from './table';

/** The run options (common/runOptions.ts) that differ. */
function configDiff(a: RunConfig, b: RunConfig): string[] {
  return RUN_OPTION_KEYS
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => `${k}: ${JSON.stringify(a[k] ?? null)} → ${JSON.stringify(b[k] ?? null)}`);
}

/** B against A at one worker count: the change of the median and, from the repeats, whether it is real. */
function changeCell(a: Point, b: Point, s: Style): [string, string] {
  const c = compareMakespans(a.makespansMs.length ? a.makespansMs : [a.makespanMs], b.makespansMs.length ? b.makespansMs : [b.makespanMs]);
  // compareMakespans measures a gain (A − B) / A; the table shows the change of B, so the signs flip.
  const text = fmtGainWithCi(-c.diffPct, c.ci ? [-c.ci[1], -c.ci[0]] : null);
  const verdict = c.significance === 'gain' ? s.green('B faster') : c.significance === 'loss' ? s.red('B slower') : 'within noise';
  return [text, verdict];
}

/** A run's speedup at one worker count: none without a 1-worker baseline, never a bare superlinear figure. */
function speedupCell(r: RunFile, workers: number): string {
  const row = r.analysis?.scaling.find((x) => x.workers === workers);
  if (!row || row.baseline === 'estimated') return NOT_MEASURED;
  return row.efficiency > SUPERLINEAR_EFFICIENCY ? `${fmtX(row.speedup)} (above ideal: ${superlinearCause(r.analysis?.quality, workers)})` : fmtX(row.speedup);
}

function runLine(label: string, r: RunFile, s: Style): string {
  const q = r.analysis?.quality;
  const trust = q ? `, ${q.verdict}: ${verdictWords(q.verdict)}` : '';
  return `  ${label}  ${r.id}  ${s.dim(`(${r.workload.name}, ${r.status}${trust})`)}`;
}

export function formatComparison(a: RunFile, b: RunFile, s: Style): string {
  const before = new Map(scalingRows(a).map((r) => [r.workers, r]));
  const pointsA = new Map(a.points.map((p) => [p.workers, p]));
  const pointsB = new Map(b.points.map((p) => [p.workers, p]));
  const rows: string[][] = [];
  for (const r of scalingRows(b)) {
    const old = before.get(r.workers);
    const pa = pointsA.get(r.workers);
    const pb = pointsB.get(r.workers);
    if (!old || !pa || !pb) continue;
    rows.push([String(r.workers), fmtMs(old.makespanMs), fmtMs(r.makespanMs), ...changeCell(pa, pb, s), speedupCell(a, r.workers), speedupCell(b, r.workers)]);
  }
  const lines = [
    s.bold('Comparing'),
    runLine('A', a, s),
    runLine('B', b, s),
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
      { header: 'change [95% CI]', align: 'right' },
      { header: 'difference', align: 'right' },
      { header: 'A speedup', align: 'right' },
      { header: 'B speedup', align: 'right' },
    ], rows));
  }
  return lines.join('\n') + '\n';
}
