// The Runs view: saved runs per workload (nodes from runsModel), refreshed when the server says so.
import * as vscode from 'vscode';
import type { RunSummary } from '../common/lsp';
import type { CommandId } from './commandIds';
import { groupRuns, type RunNode, type WorkloadNode } from './runsModel';

export type RunsTreeNode = WorkloadNode | RunNode;

export class RunsTree implements vscode.TreeDataProvider<RunsTreeNode> {
  private readonly changed = new vscode.EventEmitter<RunsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private nodes: WorkloadNode[] = [];

  constructor(private readonly fetch: () => Promise<RunSummary[]>, private readonly log: (line: string) => void) {}

  /** Re-reads the runs from the server. */
  async refresh(): Promise<void> {
    try {
      const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
      this.nodes = groupRuns(await this.fetch(), folders);
    } catch (e) {
      this.log(`runs view: ${(e as Error).message}`);
    }
    this.changed.fire(undefined);
  }

  /** Every run shown, newest first (for pickers). */
  runs(): RunSummary[] {
    return this.nodes.flatMap((w) => w.runs.map((r) => r.run)).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  getChildren(node?: RunsTreeNode): RunsTreeNode[] {
    if (!node) return this.nodes;
    return node.kind === 'workload' ? node.runs : [];
  }

  getParent(node: RunsTreeNode): RunsTreeNode | undefined {
    if (node.kind === 'workload') return undefined;
    return this.nodes.find((w) => w.runs.includes(node));
  }

  getTreeItem(node: RunsTreeNode): vscode.TreeItem {
    if (node.kind === 'workload') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = node.description;
      item.resourceUri = vscode.Uri.file(node.workloadPath);
      item.iconPath = vscode.ThemeIcon.File;
      item.contextValue = 'scalescope.workload';
      item.tooltip = node.workloadPath;
      return item;
    }
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.id = node.run.id;
    item.contextValue = 'scalescope.run';
    item.iconPath = new vscode.ThemeIcon(node.run.status === 'complete' ? (node.run.failures ? 'warning' : 'pass') : node.run.status === 'cancelled' ? 'circle-slash' : 'debug-disconnect');
    item.command = { command: 'scalescope.openRun' satisfies CommandId, title: 'Open report', arguments: [node.run.id] };
    return item;
  }
}
