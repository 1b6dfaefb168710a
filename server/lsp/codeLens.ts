// Code lenses over the task function: headline of the latest run, Run sweep, Open report. Pure.
// Commands are the extension's (other editors show the titles; the commands are VS Code ids).
import type { CodeLens } from 'vscode-languageserver-types';
import { findTaskFunctionLine } from './taskFunction';
import { runHeadline } from './headline';
import { headlineText } from '../../common/speedupText';
import { plural } from '../../common/format';
import type { DocumentFindings } from './findings';

export const RUN_COMMAND = 'scalescope.runWorkload';
export const OPEN_RUN_COMMAND = 'scalescope.openRun';

export function codeLensesFor(findings: DocumentFindings, text: string, uri: string, isWorkload: boolean): CodeLens[] {
  if (!isWorkload && !findings.run) return [];
  const line = findTaskFunctionLine(text) ?? 0;
  const range = { start: { line, character: 0 }, end: { line, character: 0 } };
  const lenses: CodeLens[] = [];
  const run = findings.run;
  if (run) {
    const h = runHeadline(run);
    let title = h ? headlineText(h) : 'no scaling data';
    if (run.status !== 'complete') title += ` (${run.status})`;
    if (run.failures.length) title += ` · ${plural(run.failures.length, 'failed task')}`;
    // An empty command id renders the lens as plain text.
    lenses.push({ range, command: { title, command: '' } });
  }
  lenses.push({ range, command: { title: 'Run sweep', command: RUN_COMMAND, arguments: [uri] } });
  if (run) lenses.push({ range, command: { title: 'Open report', command: OPEN_RUN_COMMAND, arguments: [run.id] } });
  return lenses;
}
