// Hovers: the per-worker-count table over the task function, the per-worker share over hint lines.
// A hover sits in a box about 500 px wide whose table cells wrap (VS Code's hover CSS): the table
// stays narrow (short headers, optional columns only when they hold something) and numbers keep
// their unit with a no-break space, so that no figure is split across lines.
import { fmtFixed, fmtMs, fmtPctShort, fmtX, NOT_MEASURED } from '../../common/format';
import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import type { RunFile } from '../../common/runFile';
import { formatRunTime } from '../../common/runTime';
import { SUPERLINEAR_EFFICIENCY, headlineText, speedupTrustedAt, superlinearCause, verdictWords } from '../../common/speedupText';
import { placeAnchor } from './anchors';
import { findTaskFunctionLine } from './taskFunction';
import { runHeadline } from './headline';
import { hintKindLabel, type DocumentFindings } from './findings';

const NBSP = '\u00a0';

/** A duration that keeps its unit on the number's line. */
const msCell = (ms: number): string => fmtMs(ms).replace(' ', NBSP);

/** Markdown table, one row per measured worker count, with footnotes for what a bare figure would hide. */
export function scalingTable(run: RunFile): string {
  const a = run.analysis;
  const quality = a?.quality;
  const lockCol = (a?.contention ?? []).some((c) => c.lockWaitShare >= 0.005);
  const hasOne = run.points.some((p) => p.workers === 1);
  const notes = new Set<string>();
  const rows = run.points.map((p) => {
    const s = a?.scaling.find((x) => x.workers === p.workers);
    const pop = a?.pop.find((x) => x.workers === p.workers);
    const c = a?.contention.find((x) => x.workers === p.workers);
    let speedup = NOT_MEASURED;
    let efficiency = NOT_MEASURED;
    if (s && (s.baseline ?? (hasOne ? 'measured' : 'estimated')) === 'measured') {
      speedup = `${speedupTrustedAt(quality, p.workers) ? '' : '≈'}${fmtX(s.speedup)}`;
      efficiency = fmtPctShort(s.efficiency);
      if (s.efficiency > SUPERLINEAR_EFFICIENCY) {
        efficiency += `${NBSP}†`;
        notes.add(`† above ideal at ${p.workers} workers: ${superlinearCause(quality, p.workers)}.`);
      }
    } else if (s) {
      notes.add('No 1-worker point: speedup and efficiency were not measured.');
    }
    const cells = [String(p.workers), msCell(p.makespanMs), speedup, efficiency, fmtPctShort(pop?.loadBalance)];
    if (lockCol) cells.push(fmtPctShort(c?.lockWaitShare));
    return `| ${cells.join(' | ')} |`;
  });
  const head = ['workers', 'makespan', 'speedup', 'efficiency', 'balance', ...(lockCol ? ['lock wait'] : [])];
  const table = [`| ${head.join(' | ')} |`, `|${head.map(() => '---:').join('|')}|`, ...rows].join('\n');
  if (quality && quality.verdict !== 'ok') notes.add('≈: measured on a busy machine, see the verdict below.');
  return [table, ...notes].join('\n\n');
}

export function hoverFor(findings: DocumentFindings, text: string, lines: readonly string[], line: number): Hover | null {
  const parts: string[] = [];
  for (const { hint, anchor } of findings.hints) {
    if (placeAnchor(anchor, lines) !== line) continue;
    // The finding itself is the diagnostic VS Code shows in the same hover: only what it lacks here.
    const shares = hint.shareByWorkers ?? [];
    if (!shares.length) continue;
    parts.push(`**Scalescope: ${hintKindLabel(hint.kind)} at this line**, share of run time per worker count`);
    parts.push(['| workers | share |', '|---:|---:|', ...shares.map((s) => `| ${s.workers} | ${fmtPctShort(s.share)} |`)].join('\n'));
  }
  const run = findings.run;
  if (run && findTaskFunctionLine(text) === line) {
    const h = runHeadline(run);
    parts.push(`**Scalescope: ${run.workload.name}** — ${h ? headlineText(h) : 'no scaling data'}`);
    parts.push(`Run ${run.id} (${run.status}, ${formatRunTime(run.startedAt)})`);
    parts.push(scalingTable(run));
    // After the table: the reasons can be long, and the headline already names the verdict.
    const quality = run.analysis?.quality;
    if (quality && quality.verdict !== 'ok') parts.push(`**Verdict: ${verdictWords(quality.verdict)}.** ${quality.reasons.join(' ')}`.trim());
    const usl = run.analysis?.usl;
    if (usl?.peakWorkers && usl.r2 >= 0) parts.push(`USL predicts the peak at ${fmtFixed(usl.peakWorkers, 1)} workers${usl.trusted ? '' : ' (too few points to trust)'}.`);
  }
  if (!parts.length) return null;
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') } };
}
