// Inlay hints: the share of run time lost at each hinted line, at the end of that line. Pure.
import { fmtPctShort } from '../../common/format';
import { InlayHintKind, type InlayHint } from 'vscode-languageserver-types';
import { placeAnchor } from './anchors';
import { hintKindLabel, peakShare, type DocumentFindings } from './findings';

/** Hints for the 0-based line range [fromLine, toLine] of the document. */
export function inlayHintsFor(findings: DocumentFindings, lines: readonly string[], fromLine = 0, toLine = Number.MAX_SAFE_INTEGER): InlayHint[] {
  const out: InlayHint[] = [];
  for (const { hint, anchor } of findings.hints) {
    const peak = peakShare(hint);
    if (!peak) continue;
    const l = placeAnchor(anchor, lines);
    if (l === null || l < fromLine || l > toLine) continue;
    out.push({
      position: { line: l, character: lines[l].length },
      label: `${fmtPctShort(peak.share)} ${hintKindLabel(hint.kind)} @${peak.workers}w`,
      kind: InlayHintKind.Parameter,
      paddingLeft: true,
      tooltip: hint.message,
    });
  }
  return out;
}
