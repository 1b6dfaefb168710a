// How far a run's numbers can be trusted, as the terminal prints it: the verdict first (with its
// reasons and the machine's external load), then, after the suggestions, what was withheld. The
// wording of a verdict and of a superlinear cause is common/speedupText.ts's, shared by every front.
import type { Analysis, Quality, ScalingRow } from '../../common/runFile';
import { fmtFixed, plural } from '../../common/format';
import { superlinearCause, SUPERLINEAR_EFFICIENCY, trustedAt, verdictWords } from '../../common/speedupText';
import type { Style } from './style';
import { wrap } from './wrap';

/** Other processes using at least this many cores during a point earn the machine notice. */
const EXTERNAL_LOAD_NOTICE_CORES = 0.2;


/** The verdict block printed before everything else. */
export function verdictSection(q: Quality | undefined, s: Style, width: number): string | null {
  if (!q) return null;
  const colour = q.verdict === 'ok' ? s.green : q.verdict === 'noisy' ? s.yellow : s.red;
  // verdictWords('unreliable') already starts with the verdict.
  const words = verdictWords(q.verdict).replace(`${q.verdict}: `, '');
  const lines = [`${s.bold('Verdict')}  ${colour(`${q.verdict}: ${words}`)}`];
  for (const r of q.reasons) lines.push(...wrap(r, width, '    ').map((l, i) => (i ? l : `  - ${l.trimStart()}`)));
  const loads = Object.entries(q.externalLoadCores).map(([w, c]) => [Number(w), c] as const).sort((a, b) => a[0] - b[0]);
  const busy = loads.filter(([, c]) => c >= EXTERNAL_LOAD_NOTICE_CORES);
  if (busy.length) {
    const list = busy.map(([w, c]) => `${fmtFixed(c, 1)} at ${plural(w, 'worker')}`).join(', ');
    lines.push(...wrap(`${s.yellow('warning')} machine: other processes used CPU during the run (cores: ${list}); the numbers of those points include their load, not only your code's.`, width, '  '));
  }
  return lines.join('\n');
}

/** Footnotes under the scaling table: untrusted rows, superlinear rows with their cause, no baseline. */
export function scalingFootnotes(rows: readonly ScalingRow[], q: Quality | undefined, s: Style): string[] {
  const out: string[] = [];
  if (rows.some((r) => r.baseline === 'estimated')) {
    const least = Math.min(...rows.map((r) => r.workers));
    out.push(`  no 1-worker baseline: speedup and efficiency were not measured (the fewest workers, ${least}, would be assumed perfect); add 1 to --workers to measure them`);
  }
  for (const r of rows) {
    if (r.baseline === 'estimated') continue;
    if (r.efficiency > SUPERLINEAR_EFFICIENCY) out.push(`  ! ${plural(r.workers, 'worker')}: above ideal, ${superlinearCause(q, r.workers)}`);
    const est = q?.quietEstimate?.[String(r.workers)];
    if (est && est.efficiency > SUPERLINEAR_EFFICIENCY) out.push(`  ! ${plural(r.workers, 'worker')}, quiet-machine estimate: above ideal, ${superlinearCause(q, r.workers)}`);
  }
  const untrusted = rows.filter((r) => !trustedAt(q, r.workers)).map((r) => r.workers);
  if (q && untrusted.length) out.push(`  ? not trusted (${verdictWords(q.verdict)}): ${untrusted.map((w) => plural(w, 'worker')).join(', ')}; fits and code suggestions leave these points out`);
  if (q && rows.some((r) => r.workers === 1 && r.baseline !== 'estimated') && !trustedAt(q, 1) && rows.some((r) => r.workers > 1 && trustedAt(q, r.workers))) {
    out.push('  ? every speedup is measured against the 1-worker baseline, which was not trusted: the speedups are marked too');
  }
  return out.map((l) => s.dim(l));
}

/** Code suggestions not made because their points were not trusted. */
export function withheldSection(a: Analysis, s: Style, width: number): string | null {
  const w = a.withheld ?? [];
  if (w.length === 0) return null;
  const lines = [`${s.bold('Withheld')} ${s.dim('(not suggested: the points they stand on were not trusted)')}`];
  for (const x of w) {
    lines.push(`  ${s.bold(x.kind)}${x.title ? `: ${x.title}` : ''}`);
    lines.push(...wrap(`why withheld: ${x.reason}`, width, '      '));
  }
  return lines.join('\n');
}
