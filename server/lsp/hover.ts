// Hovers: the per-worker-count table over the task function, the per-worker share over hint lines.
import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import type { RunFile } from '../../common/runFile';
import { placeAnchor } from './anchors';
import { findTaskFunctionLine } from './taskFunction';
import { hintKindLabel, pct, type DocumentFindings } from './findings';

function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

/** Markdown table, one row per measured worker count. */
export function scalingTable(run: RunFile): string {
  const a = run.analysis;
  const rows = run.points.map((p) => {
    const s = a?.scaling.find((x) => x.workers === p.workers);
    const pop = a?.pop.find((x) => x.workers === p.workers);
    const c = a?.contention.find((x) => x.workers === p.workers);
    return `| ${p.workers} | ${fmtMs(p.makespanMs)} | ${s ? `${s.speedup.toFixed(2)}×` : '–'} | ${s ? pct(s.efficiency) : '–'} | ${pop ? pct(pop.loadBalance) : '–'} | ${c ? pct(c.lockWaitShare) : '–'} |`;
  });
  return ['| workers | makespan | speedup | efficiency | load balance | lock wait |', '|---:|---:|---:|---:|---:|---:|', ...rows].join('\n');
}

export function hoverFor(findings: DocumentFindings, text: string, lines: readonly string[], line: number): Hover | null {
  const parts: string[] = [];
  for (const { hint, anchor } of findings.hints) {
    if (placeAnchor(anchor, lines) !== line) continue;
    parts.push(`**Scalescope: ${hintKindLabel(hint.kind)}** — ${hint.message}`);
    const shares = hint.shareByWorkers ?? [];
    if (shares.length) {
      parts.push(['| workers | share of run time |', '|---:|---:|', ...shares.map((s) => `| ${s.workers} | ${pct(s.share)} |`)].join('\n'));
    }
  }
  const run = findings.run;
  if (run && findTaskFunctionLine(text) === line) {
    parts.push(`**Scalescope: ${run.workload.name}** — run ${run.id} (${run.status}, ${run.startedAt})`);
    parts.push(scalingTable(run));
    if (run.analysis?.usl?.peakWorkers) parts.push(`USL predicts the peak at ${run.analysis.usl.peakWorkers.toFixed(1)} workers${run.analysis.usl.trusted ? '' : ' (too few points to trust)'}.`);
  }
  if (!parts.length) return null;
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') } };
}
