// Code lenses over the task function: headline of the latest run, Run sweep, Open report. Pure.
// A recorded run's task functions (its `taskLocations`) get theirs too, one over each, wherever
// they are in the workspace. Commands are the extension's (other editors show the titles; the
// commands are VS Code ids).
import type { CodeLens } from 'vscode-languageserver-types';
import { findTaskFunctionLine } from './taskFunction';
import { runHeadline } from './headline';
import { headlineText } from '../../common/speedupText';
import { plural } from '../../common/format';
import type { RunFile } from '../../common/runFile';
import { placeAnchor, splitLines } from './anchors';
import type { AnchoredTaskFunction, DocumentFindings } from './findings';

export const RUN_COMMAND = 'scalescope.runWorkload';
export const OPEN_RUN_COMMAND = 'scalescope.openRun';

function runTitle(run: RunFile): string {
  const h = runHeadline(run);
  let title = h ? headlineText(h) : 'no scaling data';
  if (run.status !== 'complete') title += ` (${run.status})`;
  return title;
}

export function codeLensesFor(findings: DocumentFindings, text: string, uri: string, isWorkload: boolean): CodeLens[] {
  const lenses = taskFunctionLenses(findings.taskFunctions, splitLines(text));
  if (!isWorkload && !findings.run) return lenses;
  const line = findTaskFunctionLine(text) ?? 0;
  const range = { start: { line, character: 0 }, end: { line, character: 0 } };
  const run = findings.run;
  if (run) {
    let title = runTitle(run);
    if (run.failures.length) title += ` · ${plural(run.failures.length, 'failed task')}`;
    // An empty command id renders the lens as plain text.
    lenses.push({ range, command: { title, command: '' } });
  }
  // A recorded program is not a workload: "Run sweep" would run it as one.
  if (run?.workload.kind !== 'command') lenses.push({ range, command: { title: 'Run sweep', command: RUN_COMMAND, arguments: [uri] } });
  if (run) lenses.push({ range, command: { title: 'Open report', command: OPEN_RUN_COMMAND, arguments: [run.id] } });
  return lenses;
}

/**
 * Over each task function of a recorded run: the run's headline and the tasks the function ran (at
 * the largest worker count that ran it), and Open report. Placed as hints are (anchors.ts): on the
 * line the run named while its text is there, else nowhere.
 */
function taskFunctionLenses(functions: readonly AnchoredTaskFunction[], lines: readonly string[]): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const { run, tasks, anchor } of functions) {
    const line = placeAnchor(anchor, lines);
    if (line === null) continue;
    const range = { start: { line, character: 0 }, end: { line, character: 0 } };
    const over = tasks.repeats > 1 ? ` over ${plural(tasks.repeats, 'repeat')}` : '';
    const failed = tasks.failed ? ` (${tasks.failed} failed)` : '';
    const title = `${runTitle(run)} · ${plural(tasks.tasks, 'task')} here at ${plural(tasks.workers, 'worker')}${over}${failed}`;
    lenses.push({ range, command: { title, command: '' } });
    lenses.push({ range, command: { title: 'Open report', command: OPEN_RUN_COMMAND, arguments: [run.id] } });
  }
  return lenses;
}
