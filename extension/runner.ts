// Runs a workload, or records a program, through the server: progress notification (cancellable),
// status bar, and the outcome told to the user (report, load error at its line, cancel, server crash).
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CancelRunRequest, ScalescopeErrorCodes, StartRecordRequest, StartRunRequest,
  type LoadErrorData, type RunOverrides, type StartRunParams, type StartRunResult,
} from '../common/lsp';
import { shellArgv } from './recordCommandLine';
import { openReportAfterRun, outcomeNotice, PROFILE_SETTING } from './runNotice';
import { request } from './serverApi';
import { JSONRPC_REQUEST_CANCELLED, UNTRUSTED_MESSAGE } from './messages';
import type { RunStatusBar } from './statusBar';
import type { ServerConnection } from './serverConnection';

/** A notice the runner showed (kept for the in-host tests: each run ends with exactly one). */
export interface ShownNotice { workload: string; text: string }

export class Runner {
  private current: { name: string; workload: string } | null = null;
  private tokenCounter = 0;
  private readonly shown: ShownNotice[] = [];

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

  /** Outcome notices shown so far, oldest first. */
  notices(): readonly ShownNotice[] {
    return this.shown;
  }

  /** Refused (and told why) in an untrusted workspace or while another job runs. */
  private admitted(): boolean {
    // Messages are not awaited: a command must not hang until the user dismisses one.
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE, 'Manage Workspace Trust').then((pick) =>
        pick ? vscode.commands.executeCommand('workbench.trust.manage') : undefined);
      return false;
    }
    if (this.current) {
      void vscode.window.showWarningMessage(`Scalescope is already running ${this.current.name}: runs share the CPU cores, so only one runs at a time.`, 'Cancel It')
        .then((pick) => (pick ? this.cancel() : undefined));
      return false;
    }
    return true;
  }

  async run(uri: vscode.Uri, overrides?: RunOverrides, triedSuggestion?: StartRunParams['triedSuggestion']): Promise<StartRunResult | null> {
    if (!this.admitted()) return null;
    // The engine loads the file from disk: save pending edits first.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open?.isDirty) await open.save();
    const name = path.basename(uri.fsPath);
    this.output.info(`run ${name} ${JSON.stringify(overrides ?? {})}`);
    return this.job(name, uri.fsPath, (client, workDoneToken, token) =>
      request(client, StartRunRequest, { workload: uri.toString(), overrides, triedSuggestion, workDoneToken }, token));
  }

  /** Records `line` (run by the user's shell) in folder `cwd` at `workers` (the grammar), or at its own configuration. */
  async record(line: string, cwd: vscode.Uri, workers: string | undefined): Promise<StartRunResult | null> {
    if (!this.admitted()) return null;
    const name = line.trim();
    this.output.info(`record ${name} in ${cwd.fsPath} at ${workers ?? 'its own worker count'}`);
    return this.job(name, cwd.fsPath, (client, workDoneToken, token) =>
      request(client, StartRecordRequest, { command: shellArgv(line, process.platform, process.env.ComSpec), cwd: cwd.toString(), workers, workDoneToken }, token));
  }

  private async job(
    name: string, workload: string,
    send: (client: Awaited<ReturnType<ServerConnection['client']>>, workDoneToken: string, token: vscode.CancellationToken) => Promise<StartRunResult>,
  ): Promise<StartRunResult | null> {
    this.current = { name, workload };
    this.statusBar.started(name);
    const workDoneToken = `scalescope-run-${process.pid}-${++this.tokenCounter}`;
    let result: StartRunResult | undefined;
    try {
      const client = await this.connection.client();
      const { WorkDoneProgress } = await import('vscode-languageclient/node');
      result = await vscode.window.withProgress(
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
            return await send(client, workDoneToken, token);
          } finally {
            sub.dispose();
          }
        },
      );
      // The client answers a request cancelled from the progress notification with no result.
      if (!result) throw new vscode.CancellationError();
    } catch (e) {
      this.current = null;
      this.statusBar.ended();
      this.failed(e, name, workload);
      return null;
    } finally {
      this.current = null;
    }
    // Told outside the try: a failure while telling must not be told again as a failed run.
    this.statusBar.finished(name, result.run);
    this.told(result, name, workload);
    return result;
  }

  /** Every notice a run ends with goes through here (the in-host suite checks there is one per run). */
  private notice(workload: string, text: string, show: (text: string) => void): void {
    this.shown.push({ workload, text });
    show(text);
  }

  private told(result: StartRunResult, name: string, workload: string): void {
    const r = result.run;
    // A complete run opens its report by itself (scalescope.openReportAfterRun); a cancelled one offers it.
    const openNow = r.status === 'complete' && openReportAfterRun(vscode.workspace.getConfiguration('scalescope').get('openReportAfterRun'));
    if (openNow) void this.openRun(r.id).catch((e: unknown) => this.output.warn(`opening the report: ${(e as Error).message}`));
    const buttons = [...(openNow ? [] : ['Open Report']), ...(r.profiled || r.status !== 'complete' ? [] : ['Turn On Profiling'])];
    this.notice(workload, outcomeNotice(name, r), (text) => {
      void vscode.window.showInformationMessage(text, ...buttons).then((pick) => {
        if (pick === 'Open Report') return this.openRun(r.id);
        if (pick === 'Turn On Profiling') return vscode.workspace.getConfiguration().update(PROFILE_SETTING, true, vscode.ConfigurationTarget.Workspace);
        return undefined;
      });
    });
  }

  private failed(e: unknown, name: string, workload: string): void {
    const err = e as { code?: number; message?: string; data?: unknown };
    const message = err.message ?? String(e);
    this.output.warn(`run ${name}: ${message}`);
    if (err.code === JSONRPC_REQUEST_CANCELLED || e instanceof vscode.CancellationError || /cancell?ed/i.test(message)) {
      this.notice(workload, `${name}: run cancelled; what was measured is saved.`, (text) => { void vscode.window.showInformationMessage(text); });
    } else if (err.code === ScalescopeErrorCodes.loadError) {
      const data = err.data as LoadErrorData;
      const line = Math.max(0, (data.line ?? 1) - 1);
      const col = Math.max(0, (data.column ?? 1) - 1);
      this.notice(workload, `Scalescope cannot load the workload: ${message}`, (text) => {
        void vscode.window.showErrorMessage(text, 'Go to Line').then((pick) =>
          pick ? vscode.window.showTextDocument(vscode.Uri.file(data.file), { selection: new vscode.Range(line, col, line, col) }) : undefined);
      });
    } else if (err.code === ScalescopeErrorCodes.untrusted) {
      void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE);
    } else if (!this.connection.isRunning()) {
      // The server died mid-run: the client's close handler has told the user and restarts it.
    } else {
      this.notice(workload, `Scalescope run of ${name} failed: ${message}`, (text) => { void vscode.window.showErrorMessage(text); });
    }
  }

  async cancel(): Promise<number> {
    const { cancelled } = await request(await this.connection.client(), CancelRunRequest, {});
    return cancelled;
  }
}
