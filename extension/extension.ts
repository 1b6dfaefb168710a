// Entry point of the VS Code extension: wires the language client, commands, Runs view, status bar
// and report panels. Logic lives in the modules it imports.
import { moduleLoadStart } from './activationClock';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { JobProgressNotification, ListRunsRequest, RunsChangedNotification } from '../common/lsp';
import { createClient } from './client';
import { registerCommands } from './commands';
import { registerRunPanels, type RunPanels } from './panel/runPanels';
import { panelDeps } from './panelDeps';
import { Runner } from './runner';
import { RunsTree } from './runsTree';
import { parseNotification, request } from './serverApi';
import { RunStatusBar } from './statusBar';

/** What activate() returns: used by the in-host tests and other extensions. */
export interface ScalescopeApi {
  /** Bundle evaluation + activate(), in ms (the server starts after, in the background). */
  activationMs: number;
  /** The two parts of activationMs. */
  bundleEvalMs: number;
  activateBodyMs: number;
  /** Settles when the language server answered and the Runs view was filled. */
  ready: Promise<void>;
  client: LanguageClient;
  runs: RunsTree;
  /** Name of the workload being run, or null. */
  running(): string | null;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): ScalescopeApi {
  const activateStart = performance.now();
  const output = vscode.window.createOutputChannel('Scalescope', { log: true });
  const statusBar = new RunStatusBar();
  // The close handler asks the runner, created below, what was running when the server died.
  const lc = createClient(context, output, { runInFlight: () => runner.running() });
  client = lc;
  const tree = new RunsTree(() => request(lc, ListRunsRequest, {}), (l) => output.warn(l));
  // The panels and the runner need each other (a re-run opens a panel); the closures below run
  // only after activate() has defined everything they name.
  const runner = new Runner(lc, output, statusBar, (id) => panels.openRun(id));
  const panels: RunPanels = registerRunPanels(context, panelDeps(lc, () => ready, runner, output, {
    openRun: (id) => panels.openRun(id),
    refresh: (id) => panels.refresh(id),
  }));
  const viewer = panels;
  const view = vscode.window.createTreeView('scalescope.runs', { treeDataProvider: tree, canSelectMany: true, showCollapseAll: true });
  registerCommands(context, { client: lc, runner, tree, viewer, output });

  lc.onNotification(RunsChangedNotification.method, () => { void tree.refresh(); });
  lc.onNotification(JobProgressNotification.method, (raw: unknown) => {
    const p = parseNotification(JobProgressNotification, raw, (l) => output.warn(l));
    if (p) statusBar.progress(p, path.basename(p.workloadPath));
  });
  lc.onDidChangeState((e) => { if (e.newState === State.Running) void tree.refresh(); });
  // Trust granted: restart the server so that it may run workloads.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => { void lc.restart(); }));
  context.subscriptions.push(output, statusBar, view, { dispose: () => { void lc.stop(); } });

  const ready = lc.start().then(() => tree.refresh(), (e: unknown) => {
    output.error(`language server did not start: ${(e as Error).message}`);
    throw e;
  });
  const end = performance.now();
  const activationMs = end - moduleLoadStart;
  output.info(`Scalescope activated in ${activationMs.toFixed(1)} ms (bundle ${(activateStart - moduleLoadStart).toFixed(1)} ms, activate() ${(end - activateStart).toFixed(1)} ms)`);
  return { activationMs, bundleEvalMs: activateStart - moduleLoadStart, activateBodyMs: end - activateStart, ready, client: lc, runs: tree, running: () => runner.running() };
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
