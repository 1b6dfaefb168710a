// Status bar item: while a run is going, worker count and tasks/s (click to cancel or show the log);
// after it, the run's headline with its verdict (click to open the report).
import * as vscode from 'vscode';
import type { JobProgressParams } from '../common/lsp';
import type { RunSummary } from '../common/lsp';
import type { CommandId } from './commandIds';
import { finishedStatusText, finishedStatusTooltip } from './runNotice';
import { statusText, statusTooltip } from './statusText';

export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('scalescope.run', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Scalescope run';
    this.item.command = 'scalescope.runActions';
  }

  started(workloadName: string): void {
    this.item.command = 'scalescope.runActions';
    this.item.text = statusText(null, workloadName);
    this.item.tooltip = statusTooltip(null, workloadName);
    this.item.show();
  }

  progress(p: JobProgressParams, workloadName: string): void {
    this.item.text = statusText(p, workloadName);
    this.item.tooltip = statusTooltip(p, workloadName);
    this.item.show();
  }

  /** The run ended with a saved run: keep its headline on show. */
  finished(workloadName: string, run: RunSummary): void {
    this.item.text = finishedStatusText(workloadName, run);
    this.item.tooltip = finishedStatusTooltip(workloadName, run);
    this.item.command = { command: 'scalescope.openRun' satisfies CommandId, title: 'Open report', arguments: [run.id] };
    this.item.show();
  }

  /** The run ended with nothing to show (load error, crash, cancelled before a point). */
  ended(): void {
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
