// Run jobs: scalescope/startRun runs a sweep of a workload and scalescope/startRecord records a
// program as it is (one job at a time, only in a trusted workspace); each is saved, a workload's
// load failure becomes a diagnostic on the failing line; cancel aborts the job.
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import {
  ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection,
} from 'vscode-languageserver/node';
import { ScalescopeErrorCodes, type LoadErrorData, type StartRecordParams, type StartRunParams, type StartRunResult } from '../../common/lsp';
import { parseWorkerCounts } from '../../common/workerCounts';
import { CommandStartError, recordSettings, recordSweep } from '../record/recordSweep';
import { WorkloadLoadError } from '../engine/errors';
import { runSweep } from '../engine/sweep';
import type { Fleet } from '../fleet/coordinator';
import { parseRedisUrl } from '../fleet/redisUrl';
import { lineTextAt, splitLines } from './anchors';
import type { DiagnosticsPublisher } from './diagnosticsPublisher';
import { toPath } from './filePath';
import { summarizeRun } from './headline';
import { beginJobProgress, type JobProgress, type JobRef } from './jobProgress';
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

  /** Refuses a job in an untrusted workspace or while another one runs. */
  private admit(): void {
    if (!this.deps.config.trusted) {
      throw new ResponseError(ScalescopeErrorCodes.untrusted, 'This workspace is not trusted: running a workload or recording a program executes its code, so Scalescope runs nothing here. Saved runs can still be opened; trust the workspace to run.');
    }
    if (this.jobs.size > 0) {
      const running = [...this.jobs.values()][0];
      throw new ResponseError(ScalescopeErrorCodes.busy, `A run is already going (${path.basename(running.workloadPath)}): runs share the CPU cores, so only one runs at a time. Cancel it first.`);
    }
  }

  /** A job for `target` (a workload, or the folder a command runs in): cancellable by `token`, with its progress. */
  private async beginJob(target: string, title: string, token: CancellationToken, workDoneToken: string | number | undefined): Promise<{ job: JobRef; progress: JobProgress; end: () => void }> {
    const job: JobRef = { id: `job-${Date.now().toString(36)}-${++this.jobCounter}`, workloadPath: target, controller: new AbortController() };
    this.jobs.set(job.id, job);
    const cancelSub = token.onCancellationRequested(() => job.controller.abort());
    const progress = await beginJobProgress(this.deps.connection, this.deps.config.capabilities.workDoneProgress, job, title, workDoneToken);
    return {
      job,
      progress,
      end: () => {
        cancelSub.dispose();
        progress.close();
        this.jobs.delete(job.id);
      },
    };
  }

  async start(params: StartRunParams, token: CancellationToken): Promise<StartRunResult> {
    const { config, documents, runs, findings, diagnostics, watcher, log } = this.deps;
    this.admit();
    const workloadPath = toPath(params.workload);
    try {
      if (!(await stat(workloadPath)).isFile()) throw new Error('not a file');
    } catch {
      throw new ResponseError(ErrorCodes.InvalidParams, `workload not found: ${workloadPath}`);
    }
    const name = path.basename(workloadPath);
    const { job, progress, end } = await this.beginJob(workloadPath, `Scalescope: ${name}`, token, params.workDoneToken);
    log(`run ${job.id}: ${workloadPath}`);
    let fleet: Fleet | null = null;
    try {
      // scalescope.fleet: the same sweep on the agents at scalescope.redisUrl, as `scalescope run --redis`
      // (docs/fleet.md); as set when the run starts, even if the change notification is still on its way.
      const { fleet: onFleet, redisUrl, fleetPlacement } = await config.current();
      if (onFleet) {
        // Loaded only with the fleet on: BullMQ and its Redis client are not the server's start-up work.
        const { Fleet: FleetCoordinator } = await import('../fleet/coordinator');
        fleet = await FleetCoordinator.connect(parseRedisUrl(redisUrl), fleetPlacement);
        log(`run ${job.id}: on the fleet at ${fleet.target.display} (${fleet.slots().detail})`);
      }
      const result = await runSweep({
        workloadPath,
        overrides: effectiveOverrides(config.settings, params.overrides),
        runsDir: config.runsDirOf(workloadPath),
        triedSuggestion: params.triedSuggestion,
        signal: job.controller.signal,
        onProgress: (p) => progress.report(p),
        onLog: log,
        remote: fleet ?? undefined,
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
      await fleet?.close();
      end();
    }
  }

  /** scalescope/startRecord: `scalescope record` in the editor; the settings give repeat, warm-up and timeout. */
  async record(params: StartRecordParams, token: CancellationToken): Promise<StartRunResult> {
    const { config, runs, watcher, log } = this.deps;
    this.admit();
    const cwd = toPath(params.cwd);
    try {
      if (!(await stat(cwd)).isDirectory()) throw new Error('not a folder');
    } catch {
      throw new ResponseError(ErrorCodes.InvalidParams, `cwd: not a folder: ${cwd}`);
    }
    let workers: number[] | null = null;
    if (params.workers !== undefined) {
      const parsed = parseWorkerCounts(params.workers);
      if ('error' in parsed) throw new ResponseError(ErrorCodes.InvalidParams, `workers: ${parsed.error}`);
      workers = parsed.counts;
    }
    const settings = effectiveOverrides(config.settings, undefined);
    const name = params.command.join(' ');
    const { job, progress, end } = await this.beginJob(cwd, `Scalescope: record ${name}`, token, params.workDoneToken);
    log(`record ${job.id}: ${name} (in ${cwd})`);
    try {
      const result = await recordSweep({
        argv: params.command,
        cwd,
        env: process.env,
        workers,
        ...recordSettings({ repeat: params.repeat ?? settings.repeat, warmup: params.warmup ?? settings.warmup, timeoutMs: settings.timeoutMs }),
        maxSeconds: params.maxSeconds ?? null,
        poolOverride: true,
        runsDir: config.runsDirOf(cwd),
        // The program's own output goes to the server's log, not to its stdout (the LSP channel).
        output: process.stderr,
        signal: job.controller.signal,
        onProgress: (p) => progress.report(p),
        onLog: log,
      });
      progress.flush();
      await runs.addFinished(result.run, result.file);
      await watcher.changed();
      log(`record ${job.id} ${result.run.status}: ${result.file}`);
      progress.ended({ outcome: result.run.status, runId: result.run.id, message: `${name}: recording ${result.run.status}` });
      return { jobId: job.id, run: summarizeRun(result.run, result.file) };
    } catch (e) {
      const message = (e as Error).message ?? String(e);
      log(`record ${job.id} failed: ${(e as Error).stack ?? message}`);
      progress.ended({ outcome: 'failed', runId: null, message: `${name}: ${message}` });
      if (e instanceof CommandStartError) throw new ResponseError(ErrorCodes.InvalidParams, message);
      throw new ResponseError(ErrorCodes.InternalError, `${name}: ${message}`);
    } finally {
      end();
    }
  }
}
