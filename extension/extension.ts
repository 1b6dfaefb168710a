// Entry point of the VS Code extension. Activation only registers the commands, the Runs view and
// the status bar item; the language client, panels and command implementations (core.ts) load right
// after it returns, and on first use of a command.
import { moduleLoadStart } from './activationClock';
import { fmtMs } from '../common/format';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMMAND_IDS } from './commandIds';
import type { Core } from './core';
import type { ShownNotice } from './runner';
import { RunsTree } from './runsTree';
import { RunStatusBar } from './statusBar';
import { FleetStatusBar } from './fleetStatusBar';

/** What activate() returns: used by the in-host tests and other extensions. */
export interface ScalescopeApi {
  /** Bundle evaluation + activate(), in ms (compiling the bundle before it runs is not included). */
  activationMs: number;
  /** The two parts of activationMs. */
  bundleEvalMs: number;
  activateBodyMs: number;
  /** Time VS Code took between loading the module and calling activate() (not ours). */
  hostGapMs: number;
  /** Settles when the language server answered and the Runs view was filled. */
  ready: Promise<void>;
  /** Ms from the start of the bundle's evaluation until `ready`, once it settled. */
  readyMs(): number | null;
  client(): Promise<LanguageClient>;
  runs: RunsTree;
  /** Name of the workload being run, or null. */
  running(): string | null;
  /** The notices runs ended with, oldest first (one per run). */
  notices(): readonly ShownNotice[];
}

let loaded: Core | undefined;
// Top-level code of the entry module runs after all its imports: the bundle is evaluated by now.
// What VS Code does between loading the module and calling activate() is not counted.
const moduleLoadEnd = performance.now();

export function activate(context: vscode.ExtensionContext): ScalescopeApi {
  const activateStart = performance.now();
  const output = vscode.window.createOutputChannel('Scalescope', { log: true });
  const statusBar = new RunStatusBar();
  const fleetBar = new FleetStatusBar();
  let corePromise: Promise<Core> | undefined;
  const core = (): Promise<Core> => {
    corePromise ??= import('./core').then((m) => { loaded = m.createCore(context, output, statusBar, tree, fleetBar); return loaded; });
    return corePromise;
  };
  const tree: RunsTree = new RunsTree(async () => (await core()).listRuns(), (l) => output.warn(l));
  for (const id of COMMAND_IDS) {
    context.subscriptions.push(vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await (await core()).handlers[id](...args);
      } catch (e) {
        output.error(`${id}: ${(e as Error).stack ?? String(e)}`);
        void vscode.window.showErrorMessage(`Scalescope: ${(e as Error).message}`);
        return undefined;
      }
    }));
  }
  const view = vscode.window.createTreeView('scalescope.runs', { treeDataProvider: tree, canSelectMany: true, showCollapseAll: true });
  // Trust granted: restart the server so that it may run workloads.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => { void core().then((c) => c.connection.restart()); }));
  context.subscriptions.push(output, statusBar, fleetBar, view);

  // Right after activation: load the rest, start the server; saved runs, diagnostics and lenses follow.
  let readyAt: number | null = null;
  const ready = new Promise<void>((resolve, reject) => {
    setTimeout(() => {
      core().then((c) => c.connection.client()).then(() => tree.refresh()).then(() => { readyAt = performance.now(); resolve(); }, reject);
    }, 0);
  });
  ready.catch((e: unknown) => output.error(`Scalescope did not start: ${(e as Error).message}`));
  const end = performance.now();
  const bundleEvalMs = moduleLoadEnd - moduleLoadStart;
  const activateBodyMs = end - activateStart;
  const activationMs = bundleEvalMs + activateBodyMs;
  output.info(`Scalescope activated in ${fmtMs(activationMs)} (bundle ${fmtMs(bundleEvalMs)}, activate() ${fmtMs(activateBodyMs)})`);
  return {
    activationMs, bundleEvalMs, activateBodyMs, hostGapMs: activateStart - moduleLoadEnd,
    ready, readyMs: () => (readyAt === null ? null : readyAt - moduleLoadStart),
    client: async () => (await core()).connection.client(), runs: tree, running: () => loaded?.runner.running() ?? null,
    notices: () => loaded?.runner.notices() ?? [],
  };
}

export function deactivate(): Promise<void> | undefined {
  return loaded?.connection.stop();
}
