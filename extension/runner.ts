// Runs a workload through the server: progress notification (cancellable), status bar, and the
// outcome told to the user (report, load error at its line, cancel, server crash).
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CancelRunRequest, ScalescopeErrorCodes, StartRunRequest,
  type LoadErrorData, type RunOverrides, type StartRunParams, type StartRunResult,
} from '../common/lsp';
import { formatHeadline } from '../server/lsp/headline';
import { request } from './serverApi';
import { JSONRPC_REQUEST_CANCELLED, UNTRUSTED_MESSAGE } from './messages';
import type { RunStatusBar } from './statusBar';
import type { ServerConnection } from './serverConnection';

export class Runner {
  private current: { name: string; workload: string } | null = null;
  private tokenCounter = 0;

  constructor(
    private readonly connection: ServerConnection,
    private readonly output: vscode.LogOutputChannel,
    private readonly statusBar: RunStatusBar,
    private readonly openRun: (id: string) => Promise<void>,
  ) {}

  /** Name of the workload being run, if any. */
  running(): string | null {
    return this.current?.name ?? null;
  }

  async run(uri: vscode.Uri, overrides?: RunOverrides, triedSuggestion?: StartRunParams['triedSuggestion']): Promise<StartRunResult | null> {
    // Messages are not awaited: a command must not hang until the user dismisses one.
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE, 'Manage Workspace Trust').then((pick) =>
        pick ? vscode.commands.executeCommand('workbench.trust.manage') : undefined);
      return null;
    }
    if (this.current) {
      void vscode.window.showWarningMessage(`Scalescope is already running ${this.current.name}: runs share the CPU cores, so only one runs at a time.`, 'Cancel It')
        .then((pick) => (pick ? this.cancel() : undefined));
      return null;
    }
    // The engine loads the file from disk: save pending edits first.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open?.isDirty) await open.save();

    const name = path.basename(uri.fsPath);
    this.current = { name, workload: uri.fsPath };
    this.statusBar.started(name);
    const workDoneToken = `scalescope-run-${process.pid}-${++this.tokenCounter}`;
    this.output.info(`run ${name} ${JSON.stringify(overrides ?? {})}`);
    try {
      const client = await this.connection.client();
      const { WorkDoneProgress } = await import('vscode-languageclient/node');
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Scalescope: ${name}`, cancellable: true },
        async (progress, token) => {
          let reported = 0;
          const sub = client.onProgress(WorkDoneProgress.type, workDoneToken, (v) => {
            if (v.kind === 'end') return;
            const pct = v.percentage ?? reported;
            progress.report({ message: v.message, increment: Math.max(0, pct - reported) });
            reported = Math.max(reported, pct);
          });
          try {
            return await request(client, StartRunRequest, { workload: uri.toString(), overrides, triedSuggestion, workDoneToken }, token);
          } finally {
            sub.dispose();
          }
        },
      );
      this.told(result, name);
      return result;
    } catch (e) {
      this.failed(e, name);
      return null;
    } finally {
      this.current = null;
      this.statusBar.ended();
    }
  }

  private told(result: StartRunResult, name: string): void {
    const r = result.run;
    const numbers = r.headline ? formatHeadline(r.headline) : 'no scaling data';
    const failed = r.failures ? ` · ${r.failures} task(s) failed` : '';
    const text = r.status === 'complete' ? `${name}: ${numbers}${failed}` : `${name}: run ${r.status} (${numbers}); what was measured is saved.`;
    void vscode.window.showInformationMessage(text, 'Open Report').then((pick) => (pick ? this.openRun(r.id) : undefined));
  }

  private failed(e: unknown, name: string): void {
    const err = e as { code?: number; message?: string; data?: unknown };
    const message = err.message ?? String(e);
    this.output.warn(`run ${name}: ${message}`);
    if (err.code === JSONRPC_REQUEST_CANCELLED || /cancelled/i.test(message)) {
      void vscode.window.showInformationMessage(`${name}: run cancelled; what was measured is saved.`);
    } else if (err.code === ScalescopeErrorCodes.loadError) {
      const data = err.data as LoadErrorData;
      const line = Math.max(0, (data.line ?? 1) - 1);
      const col = Math.max(0, (data.column ?? 1) - 1);
      void vscode.window.showErrorMessage(`Scalescope cannot load the workload: ${message}`, 'Go to Line').then((pick) =>
        pick ? vscode.window.showTextDocument(vscode.Uri.file(data.file), { selection: new vscode.Range(line, col, line, col) }) : undefined);
    } else if (err.code === ScalescopeErrorCodes.untrusted) {
      void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE);
    } else if (!this.connection.isRunning()) {
      // The server died mid-run: the client's close handler has told the user and restarts it.
    } else {
      void vscode.window.showErrorMessage(`Scalescope run of ${name} failed: ${message}`);
    }
  }

  async cancel(): Promise<number> {
    const { cancelled } = await request(await this.connection.client(), CancelRunRequest, {});
    return cancelled;
  }
}
