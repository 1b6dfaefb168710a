// Run jobs: scalescope/startRun runs a sweep of a workload (one at a time, only in a trusted
// workspace), saves it, and turns a load failure into a diagnostic on the failing line; cancel
// aborts it.
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import {
  ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection,
} from 'vscode-languageserver/node';
import { ScalescopeErrorCodes, type LoadErrorData, type StartRunParams, type StartRunResult } from '../../common/lsp';
import { WorkloadLoadError } from '../engine/errors';
import { runSweep } from '../engine/sweep';
import { lineTextAt, splitLines } from './anchors';
import type { DiagnosticsPublisher } from './diagnosticsPublisher';
import { toPath } from './filePath';
import { summarizeRun } from './headline';
import { beginJobProgress, type JobRef } from './jobProgress';
import type { OpenDocuments } from './openDocuments';
import type { RunsWatcher } from './runsWatcher';
import { effectiveOverrides } from './settings';
import type { WorkspaceConfig } from './workspaceConfig';
import type { WorkspaceFindings } from './workspaceFindings';
import type { WorkspaceRuns } from './workspaceRuns';

export interface RunJobsDeps {
  connection: Connection;
  config: WorkspaceConfig;
  documents: OpenDocuments;
  runs: WorkspaceRuns;
  findings: WorkspaceFindings;
  diagnostics: DiagnosticsPublisher;
  watcher: RunsWatcher;
  log: (line: string) => void;
}

export class RunJobs {
  private readonly jobs = new Map<string, JobRef>();
  private jobCounter = 0;

  constructor(private readonly deps: RunJobsDeps) {}

  /** Aborts the job with this id, or every job; how many were aborted. */
  cancel(jobId?: string): number {
    let n = 0;
    for (const j of this.jobs.values()) {
      if (jobId && j.id !== jobId) continue;
      if (!j.controller.signal.aborted) { j.controller.abort(); n++; }
    }
    return n;
  }

  async start(params: StartRunParams, token: CancellationToken): Promise<StartRunResult> {
    const { connection, config, documents, runs, findings, diagnostics, watcher, log } = this.deps;
    if (!config.trusted) {
      throw new ResponseError(ScalescopeErrorCodes.untrusted, 'This workspace is not trusted: running a workload executes its code, so Scalescope runs nothing here. Saved runs can still be opened; trust the workspace to run.');
    }
    const workloadPath = toPath(params.workload);
    if (this.jobs.size > 0) {
      const running = [...this.jobs.values()][0];
      throw new ResponseError(ScalescopeErrorCodes.busy, `A run is already going (${path.basename(running.workloadPath)}): runs share the CPU cores, so only one runs at a time. Cancel it first.`);
    }
    try {
      if (!(await stat(workloadPath)).isFile()) throw new Error('not a file');
    } catch {
      throw new ResponseError(ErrorCodes.InvalidParams, `workload not found: ${workloadPath}`);
    }
    const job: JobRef = { id: `job-${Date.now().toString(36)}-${++this.jobCounter}`, workloadPath, controller: new AbortController() };
    this.jobs.set(job.id, job);
    const name = path.basename(workloadPath);
    const cancelSub = token.onCancellationRequested(() => job.controller.abort());
    const progress = await beginJobProgress(connection, config.capabilities.workDoneProgress, job, `Scalescope: ${name}`, params.workDoneToken);
    log(`run ${job.id}: ${workloadPath}`);
    try {
      const result = await runSweep({
        workloadPath,
        overrides: effectiveOverrides(config.settings, params.overrides),
        runsDir: config.runsDirOf(workloadPath),
        triedSuggestion: params.triedSuggestion,
        signal: job.controller.signal,
        onProgress: (p) => progress.report(p),
        onLog: log,
      });
      progress.flush();
      findings.clearLoadError(workloadPath);
      await runs.addFinished(result.run, result.file);
      await watcher.changed();
      const summary = summarizeRun(result.run, result.file);
      log(`run ${job.id} ${result.run.status}: ${result.file}`);
      progress.ended({ outcome: result.run.status, runId: result.run.id, message: `${name}: run ${result.run.status}` });
      return { jobId: job.id, run: summary };
    } catch (e) {
      if (e instanceof WorkloadLoadError) {
        const file = toPath(e.file || workloadPath);
        const text = await documents.textOf(file);
        const line = e.line ?? 1;
        findings.setLoadError(file, { message: e.detail, column: e.column, anchor: { line, text: text === null ? null : lineTextAt(splitLines(text), line) } });
        await diagnostics.publishFor(file);
        log(`run ${job.id}: workload cannot be loaded: ${e.message}`);
        progress.ended({ outcome: 'failed', runId: null, message: e.message });
        const data: LoadErrorData = { kind: 'load-error', file, line: e.line, column: e.column };
        throw new ResponseError(ScalescopeErrorCodes.loadError, e.message, data);
      }
      const message = (e as Error).message ?? String(e);
      log(`run ${job.id} failed: ${(e as Error).stack ?? message}`);
      if (job.controller.signal.aborted) {
        await watcher.reload();
        progress.ended({ outcome: 'cancelled', runId: null, message: `${name}: run cancelled` });
        throw new ResponseError(LSPErrorCodes.RequestCancelled, `${name}: run cancelled`);
      }
      progress.ended({ outcome: 'failed', runId: null, message: `${name}: ${message}` });
      throw new ResponseError(ErrorCodes.InternalError, `${name}: ${message}`);
    } finally {
      cancelSub.dispose();
      progress.close();
      this.jobs.delete(job.id);
    }
  }
}
