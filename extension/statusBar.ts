// Status bar item while a run is going: worker count and tasks/s; click to cancel or show the log.
import * as vscode from 'vscode';
import type { JobProgressParams } from '../common/lsp';
import { statusText, statusTooltip } from './statusText';

export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('scalescope.run', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Scalescope run';
    this.item.command = 'scalescope.runActions';
  }

  started(workloadName: string): void {
    this.item.text = statusText(null, workloadName);
    this.item.tooltip = statusTooltip(null, workloadName);
    this.item.show();
  }

  progress(p: JobProgressParams, workloadName: string): void {
    this.item.text = statusText(p, workloadName);
    this.item.tooltip = statusTooltip(p, workloadName);
    this.item.show();
  }

  ended(): void {
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
