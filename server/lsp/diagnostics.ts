// Diagnostics of a document: hint lines (severity as the analysis decided it, mapped by
// common/severity.ts like the report's), task failures with a source location, and a workload
// that failed to load. Pure: findings + text in, LSP data out.
import { fmtPctShort } from '../../common/format';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { placeAnchor } from './anchors';
import { hintKindLabel, peakShare, type DocumentFindings } from './findings';
import type { Hint } from '../../common/runFile';
import { lspSeverity } from '../../common/severity';

export const DIAGNOSTIC_SOURCE = 'scalescope';

/** The hint's severity in the editor: the one the report shows (the analysis sets it from the share lost). */
export function hintSeverity(hint: Hint): DiagnosticSeverity {
  return lspSeverity(hint.severity);
}

function wholeLine(line: number, text: string) {
  const start = text.length - text.trimStart().length;
  return { start: { line, character: start }, end: { line, character: Math.max(start, text.trimEnd().length) } };
}

export function diagnosticsFor(findings: DocumentFindings, lines: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (findings.loadError) {
    const l = placeAnchor(findings.loadError.anchor, lines);
    if (l !== null) {
      const col = findings.loadError.column;
      const range = col !== null && col >= 1
        ? { start: { line: l, character: col - 1 }, end: { line: l, character: Math.max(col, lines[l].trimEnd().length) } }
        : wholeLine(l, lines[l]);
      out.push({ range, severity: DiagnosticSeverity.Error, source: DIAGNOSTIC_SOURCE, code: 'load-error', message: `Workload cannot be loaded: ${findings.loadError.message}` });
    }
  }
  for (const { hint, anchor } of findings.hints) {
    const l = placeAnchor(anchor, lines);
    if (l === null) continue;
    const peak = peakShare(hint);
    const lost = peak ? ` (${fmtPctShort(peak.share)} of run time in ${hintKindLabel(hint.kind)} at ${peak.workers} workers)` : '';
    out.push({ range: wholeLine(l, lines[l]), severity: hintSeverity(hint), source: DIAGNOSTIC_SOURCE, code: hint.kind, message: `${hint.message}${lost}` });
  }
  for (const f of findings.failures) {
    const l = placeAnchor(f.anchor, lines);
    if (l === null) continue;
    const times = f.count === 1 ? 'once' : `${f.count} times`;
    out.push({ range: wholeLine(l, lines[l]), severity: DiagnosticSeverity.Error, source: DIAGNOSTIC_SOURCE, code: 'task-failed', message: `Task failed here ${times} in the last run (${f.causes.join(', ')}): ${f.message}` });
  }
  return out;
}
