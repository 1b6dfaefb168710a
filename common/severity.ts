// How severe a finding (suggestion or hint) is, wherever it is shown: the analysis decides
// `severity` once, and every front maps it here, so the same finding is a warning in the report,
// in the CLI and in the editor's Problems alike. Pure (no LSP import: the webview bundles this).
import type { Suggestion } from './runFile';

/** A suggestion's or hint's severity ('info' | 'warning'). */
type Severity = Suggestion['severity'];

/** LSP DiagnosticSeverity values (Error 1, Warning 2, Information 3, Hint 4: fixed by the protocol). */
export type LspSeverity = 1 | 2 | 3 | 4;

const LSP: Record<Severity, LspSeverity> = { warning: 2, info: 3 };
/** The same words VS Code's Problems view uses for those severities. */
const LABEL: Record<Severity, string> = { warning: 'Warning', info: 'Info' };

/** The finding's severity as an LSP diagnostic severity. */
export function lspSeverity(severity: Severity): LspSeverity {
  return LSP[severity];
}

/** The finding's severity as the report names it. */
export function severityLabel(severity: Severity): string {
  return LABEL[severity];
}
