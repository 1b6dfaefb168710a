// The part of the extension loaded right after activation (dynamic import from extension.ts): the
// language client, the runner, the report panels and the command implementations, with the wire
// schemas (zod) they use. Activation itself only registers commands and views.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { FleetStatus, FleetStatusRequest, JobProgressNotification, ListRunsRequest, RunsChangedNotification, type RunSummary } from '../common/lsp';
import type { CommandId } from './commandIds';
import { commandHandlers, type CommandHandler } from './commands';
import { registerRunPanels, type RunPanels } from './panel/runPanels';
import { panelDeps } from './panelDeps';
import { Runner } from './runner';
import type { RunsTree } from './runsTree';
import { parseNotification, request } from './serverApi';
import { ServerConnection } from './serverConnection';
import type { RunStatusBar } from './statusBar';
import type { FleetStatusBar } from './fleetStatusBar';
import { pollFleetStatus } from './fleetStatusPoller';

export interface Core {
  handlers: Record<CommandId, CommandHandler>;
  connection: ServerConnection;
  runner: Runner;
  listRuns(): Promise<RunSummary[]>;
}

export function createCore(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, statusBar: RunStatusBar, tree: RunsTree, fleetBar: FleetStatusBar): Core {
  // The closures below (connection hooks, panel and runner callbacks) run only after this function
  // has defined everything they name.
  const connection: ServerConnection = new ServerConnection(context, output, {
    runInFlight: () => runner.running(),
    created: (lc) => {
      lc.onNotification(RunsChangedNotification.method, () => { void tree.refresh(); });
      lc.onNotification(JobProgressNotification.method, (raw: unknown) => {
        const p = parseNotification(JobProgressNotification, raw, (l) => output.warn(l));
        if (p) statusBar.progress(p, path.basename(p.workloadPath));
      });
    },
    running: () => { void tree.refresh(); },
  });
  context.subscriptions.push(connection);
  // The fleet's hosts and slots in the status bar while scalescope.fleet is on.
  const fleet = pollFleetStatus(async () => FleetStatus.parse(await request(await connection.client(), FleetStatusRequest, {})), (s) => fleetBar.show(s), (l) => output.warn(l));
  context.subscriptions.push(fleet, fleetBar.onSettingsChanged(() => fleet.refresh()));
  fleet.refresh();
  const runner: Runner = new Runner(connection, output, statusBar, (id) => panels.openRun(id));
  const panels: RunPanels = registerRunPanels(context, panelDeps(connection, runner, output, {
    openRun: (id) => panels.openRun(id),
    refresh: (id) => panels.refresh(id),
  }));
  return {
    handlers: commandHandlers({ connection, runner, tree, viewer: panels, output, workspaceState: context.workspaceState }),
    connection,
    runner,
    listRuns: async () => request(await connection.client(), ListRunsRequest, {}),
  };
}
