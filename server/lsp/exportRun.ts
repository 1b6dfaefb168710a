// The export formats the server writes for the editor's export command: the CLI's own exporters
// (trace and CSV from the CLI issue, the self-contained HTML report from the webview issue).
import type { RunFile } from '../../common/runFile';
import type { ExportFormat } from '../../common/lsp';
import { runToTrace } from '../export/trace';
import { scalingTableCsv } from '../export/csv';
import { renderHtmlReport } from '../export/html';

/** File contents of a run in an export format. */
export function exportRun(run: RunFile, format: ExportFormat): string {
  switch (format) {
    case 'trace': return JSON.stringify(runToTrace(run));
    case 'csv': return scalingTableCsv(run);
    case 'html': return renderHtmlReport(run);
  }
}
