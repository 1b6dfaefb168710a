// What the report panels need from the extension: runs from the server, source reveal, re-runs.
import * as vscode from 'vscode';
import { GetRunRequest } from '../common/lsp';
import { parseRunFile, validateRunFile, type RunFile } from '../common/runFile';
import type { RunPanelDeps } from './panel/runPanels';
import { overridesFromChange } from './runOptions';
import type { Runner } from './runner';
import { request } from './serverApi';
import type { ServerConnection } from './serverConnection';

export function panelDeps(connection: ServerConnection, runner: Runner, output: vscode.LogOutputChannel,
  opened: { openRun(id: string): Promise<void>; refresh(id: string): Promise<void> }): RunPanelDeps {
  return {
    async loadRun(ref: string): Promise<RunFile> {
      // A restored panel may name a run file directly (path); otherwise it is a run id the server knows.
      if (ref.endsWith('.json')) {
        const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(ref));
        // Columns packed as they are read: the panel posts them so (common/packedColumns.ts).
        return parseRunFile(new TextDecoder().decode(bytes), ref, true);
      }
      const { run, file } = await request(await connection.client(), GetRunRequest, { id: ref });
      return validateRunFile(run, file, true);
    },
    async revealSource(location, run) {
      const uri = vscode.Uri.file(location.file.startsWith('/') || /^[A-Za-z]:/.test(location.file)
        ? location.file
        : vscode.Uri.joinPath(vscode.Uri.file(run.workload.path), '..', location.file).fsPath);
      const line = Math.max(0, location.line - 1);
      const col = Math.max(0, (location.column ?? 1) - 1);
      await vscode.window.showTextDocument(uri, { selection: new vscode.Range(line, col, line, col), preview: false });
    },
    async rerunWithChange(req, run) {
      const change = overridesFromChange(req.change);
      if ('error' in change) {
        void vscode.window.showWarningMessage(`Scalescope: ${change.error}`);
        return;
      }
      const result = await runner.run(vscode.Uri.file(run.workload.path), change.overrides, { runId: run.id, kind: req.kind, predictedGainPct: req.predictedGainPct });
      if (result) {
        await opened.openRun(result.run.id);
        await opened.refresh(run.id);
      }
    },
    log: (line) => output.warn(line),
  };
}
