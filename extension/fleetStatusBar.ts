// Status bar item of the fleet (scalescope.fleet on): its hosts and slots, or that Redis cannot be
// reached; hidden when the fleet is off. What it says: fleetStatusText.ts.
import * as vscode from 'vscode';
import type { FleetStatus } from '../common/lsp';
import type { CommandId } from './commandIds';
import { fleetStatusText } from './fleetStatusText';

export class FleetStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('scalescope.fleet', vscode.StatusBarAlignment.Left, 49);

  constructor() {
    this.item.name = 'Scalescope fleet';
    this.item.command = 'scalescope.showLog' satisfies CommandId;
  }

  show(s: FleetStatus | null): void {
    const t = s ? fleetStatusText(s) : null;
    if (!t) { this.item.hide(); return; }
    this.item.text = t.text;
    this.item.tooltip = t.tooltip;
    this.item.show();
  }

  /** Calls `changed` when scalescope.fleet or scalescope.redisUrl changes. */
  onSettingsChanged(changed: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('scalescope.fleet') || e.affectsConfiguration('scalescope.redisUrl')) changed();
    });
  }

  dispose(): void {
    this.item.dispose();
  }
}
