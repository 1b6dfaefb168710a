// Everything the language server holds and does: settings, saved runs, load errors, the running
// sweep, and the answers to LSP requests. The computations are the pure modules next to this one.
import { readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type CodeLens,
  type Connection,
  type Diagnostic,
  type Hover,
  type InitializeParams,
  type InlayHint,
  type TextDocuments,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { z } from 'zod';
import {
  CancelRunRequest, DeleteRunRequest, ExportRunRequest, GetRunRequest, JobEndedNotification,
  JobProgressNotification, ListRunsRequest, RunsChangedNotification, ScalescopeErrorCodes, StartRunRequest,
  type JobEndedParams, type LoadErrorData, type RequestDef, type ServerSettings, type StartRunParams, type StartRunResult,
} from '../../common/lsp';
import type { RunFile } from '../../common/runFile';
import { runSweep } from '../engine/sweep';
import { loadRun } from '../engine/runStore';
import { WorkloadLoadError } from '../engine/errors';
import type { SweepProgress } from '../engine/api';
import { exportRun } from './exportRun';
import { lineTextAt, splitLines } from './anchors';
import { codeLensesFor } from './codeLens';
import { diagnosticsFor } from './diagnostics';
import { type DocumentFindings, type LoadProblem } from './findings';
import { isWorkloadPath } from '../../common/workloadGlob';
import { summarizeRun } from './headline';
import { hoverFor } from './hover';
import { inlayHintsFor } from './inlayHints';
import { progressMessage, progressPercent, throttled } from '../../common/progressText';
import { findingsFor, latestRunsByWorkload, referencedFiles } from './runIndex';
import { effectiveOverrides, parseSettings, runsDirFor } from './settings';
import { validationMessage } from '../../common/validationMessage';
import { WorkspaceRuns } from './workspaceRuns';

interface Job { id: string; workloadPath: string; controller: AbortController }

function toPath(uriOrPath: string): string {
  return path.normalize(uriOrPath.startsWith('file:') ? fileURLToPath(uriOrPath) : uriOrPath);
}

export class ServerState {
  capabilities = { workDoneProgress: false, configuration: false, configurationChange: false, inlayHintRefresh: false, codeLensRefresh: false };
  private folders: string[] = [];
  private trusted = true;
  private initSettings: unknown = undefined;
  private settings: ServerSettings = parseSettings({}, () => undefined);
  private readonly runs: WorkspaceRuns;
  private readonly loadErrors = new Map<string, LoadProblem>();
  private readonly published = new Set<string>();
  private readonly jobs = new Map<string, Job>();
  private jobCounter = 0;
  private refreshListeners: (() => void)[] = [];
  /** Settled once the saved runs were first read: requests about runs wait for it. */
  private readonly ready: Promise<void>;
  private markReady: () => void = () => undefined;

  constructor(private readonly connection: Connection, private readonly documents: TextDocuments<TextDocument>) {
    this.runs = new WorkspaceRuns((l) => this.log(l));
    this.ready = new Promise((resolve) => { this.markReady = resolve; });
  }

  log(line: string): void {
    this.connection.console.log(line);
  }

  initialize(params: InitializeParams): void {
    const c = params.capabilities;
    this.capabilities = {
      workDoneProgress: c.window?.workDoneProgress === true,
      configuration: c.workspace?.configuration === true,
      configurationChange: c.workspace?.didChangeConfiguration?.dynamicRegistration === true,
      inlayHintRefresh: c.workspace?.inlayHint?.refreshSupport === true,
      codeLensRefresh: c.workspace?.codeLens?.refreshSupport === true,
    };
    const folders = params.workspaceFolders?.map((f) => toPath(f.uri))
      ?? (params.rootUri ? [toPath(params.rootUri)] : params.rootPath ? [path.normalize(params.rootPath)] : []);
    this.folders = folders;
    const opts = z.object({ trusted: z.boolean().optional(), settings: z.unknown().optional() }).safeParse(params.initializationOptions ?? {});
    if (opts.success) {
      this.trusted = opts.data.trusted ?? true;
      this.initSettings = opts.data.settings;
    }
  }

  async start(): Promise<void> {
    try {
      await this.loadSettings();
      this.log(`Scalescope server ${process.version} · workspace ${this.folders.join(', ') || '(none)'} · ${this.trusted ? 'trusted' : 'untrusted: runs disabled'}`);
      await this.reloadRuns();
    } finally {
      this.markReady();
    }
  }

  onRefresh(listener: () => void): void {
    this.refreshListeners.push(listener);
  }

  settingsChanged(): void {
    this.loadSettings().then(() => this.reloadRuns()).catch((e: unknown) => this.log(`settings: ${(e as Error).message}`));
  }

  private async loadSettings(): Promise<void> {
    let raw: unknown = this.initSettings;
    if (this.capabilities.configuration) raw = await this.connection.workspace.getConfiguration('scalescope');
    this.settings = parseSettings(raw, (p) => this.connection.console.warn(p));
  }

  private runsDirs(): string[] {
    const dirs = new Set(this.folders.map((f) => runsDirFor(this.settings, f, this.folders)));
    return [...dirs];
  }

  private reloadTimer: NodeJS.Timeout | undefined;

  /** Run files changed on disk (a CLI run, or this server's own incremental writes): re-read once they settle. */
  runFilesChanged(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.reloadRuns().catch((e: unknown) => this.log(`reload failed: ${(e as Error).message}`));
    }, 300);
  }

  async reloadRuns(): Promise<void> {
    await this.runs.readFolders(this.runsDirs());
    this.log(`read ${this.runs.all().length} saved run(s) from ${this.runsDirs().join(', ') || '(no folder)'}`);
    await this.afterRunsChanged();
  }

  private async afterRunsChanged(): Promise<void> {
    void this.connection.sendNotification(RunsChangedNotification.method, {});
    await this.publishAll();
    for (const l of this.refreshListeners) l();
  }

  // ---- documents and inline surfaces ----

  private openDocument(file: string): TextDocument | undefined {
    return this.documents.all().find((d) => d.uri.startsWith('file:') && toPath(d.uri) === file);
  }

  private isWorkload(file: string): boolean {
    const folder = this.folders.find((f) => file.startsWith(f + path.sep));
    const rel = folder ? path.relative(folder, file) : path.basename(file);
    return isWorkloadPath(rel, this.settings.workloadGlob);
  }

  private findings(file: string): DocumentFindings {
    return findingsFor(file, this.runs.all(), this.loadErrors.get(file) ?? null);
  }

  private async textOf(file: string): Promise<string | null> {
    const doc = this.openDocument(file);
    if (doc) return doc.getText();
    return readFile(file, 'utf8').catch(() => null);
  }

  private async publishFor(file: string): Promise<void> {
    const text = await this.textOf(file);
    const diagnostics: Diagnostic[] = text === null ? [] : diagnosticsFor(this.findings(file), splitLines(text));
    const uri = this.openDocument(file)?.uri ?? pathToFileURL(file).href;
    if (diagnostics.length === 0 && !this.published.has(file)) return;
    if (diagnostics.length) this.published.add(file); else this.published.delete(file);
    await this.connection.sendDiagnostics({ uri, diagnostics });
  }

  /** Diagnostics for every file a latest run or load error names, and clears for the rest. */
  private async publishAll(): Promise<void> {
    const files = new Set<string>(this.published);
    for (const r of latestRunsByWorkload(this.runs.all()).values()) for (const f of referencedFiles(r.run)) files.add(f);
    for (const f of this.loadErrors.keys()) files.add(f);
    for (const d of this.documents.all()) if (d.uri.startsWith('file:')) files.add(toPath(d.uri));
    for (const f of files) await this.publishFor(f);
  }

  documentChanged(uri: string): void {
    if (!uri.startsWith('file:')) return;
    this.publishFor(toPath(uri)).catch((e: unknown) => this.log(`diagnostics: ${(e as Error).message}`));
  }

  codeLenses(uri: string): CodeLens[] {
    const doc = this.documents.get(uri);
    if (!doc || !uri.startsWith('file:')) return [];
    const file = toPath(uri);
    return codeLensesFor(this.findings(file), doc.getText(), uri, this.isWorkload(file));
  }

  inlayHints(uri: string, fromLine: number, toLine: number): InlayHint[] {
    const doc = this.documents.get(uri);
    if (!doc || !uri.startsWith('file:')) return [];
    return inlayHintsFor(this.findings(toPath(uri)), splitLines(doc.getText()), fromLine, toLine);
  }

  hover(uri: string, line: number): Hover | null {
    const doc = this.documents.get(uri);
    if (!doc || !uri.startsWith('file:')) return null;
    const text = doc.getText();
    return hoverFor(this.findings(toPath(uri)), text, splitLines(text), line);
  }

  // ---- custom requests ----

  registerCustomRequests(): void {
    this.handle(StartRunRequest, (p, token) => this.startRun(p, token));
    this.handle(CancelRunRequest, async (p) => ({ cancelled: this.cancel(p.jobId) }));
    this.handle(ListRunsRequest, async (p) => this.runs.summaries(p.workload ? toPath(p.workload) : undefined));
    this.handle(GetRunRequest, async (p) => {
      const r = this.runs.get(p.id);
      if (!r) throw new ResponseError(ErrorCodes.InvalidParams, `no saved run with id ${p.id}`);
      return { file: r.file, run: this.fullRun(r.file) };
    });
    this.handle(DeleteRunRequest, async (p) => {
      const deleted = await this.runs.delete(p.id);
      if (deleted) await this.afterRunsChanged();
      return { deleted };
    });
    this.handle(ExportRunRequest, async (p) => {
      const r = this.runs.get(p.id);
      if (!r) throw new ResponseError(ErrorCodes.InvalidParams, `no saved run with id ${p.id}`);
      const target = toPath(p.target);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, exportRun(this.fullRun(r.file), p.format));
      this.log(`exported run ${p.id} as ${p.format} to ${target}`);
      return { file: target };
    });
  }

  /** The whole run, from its file (the index keeps runs without their per-task data). */
  private fullRun(file: string): RunFile {
    try {
      return loadRun(file);
    } catch (e) {
      throw new ResponseError(ErrorCodes.InternalError, (e as Error).message);
    }
  }

  /** Registers a handler whose params are validated with the message's zod schema. */
  private handle<P, R>(def: RequestDef<P, R>, fn: (params: P, token: CancellationToken) => Promise<R>): void {
    this.connection.onRequest(def.method, async (raw: unknown, token: CancellationToken) => {
      const parsed = def.params.safeParse(raw ?? {});
      if (!parsed.success) {
        throw new ResponseError(ErrorCodes.InvalidParams, `${def.method}: ${validationMessage(parsed.error, { root: 'params' })}`);
      }
      await this.ready;
      return fn(parsed.data, token);
    });
  }

  cancel(jobId?: string): number {
    let n = 0;
    for (const j of this.jobs.values()) {
      if (jobId && j.id !== jobId) continue;
      if (!j.controller.signal.aborted) { j.controller.abort(); n++; }
    }
    return n;
  }

  private async startRun(params: StartRunParams, token: CancellationToken): Promise<StartRunResult> {
    if (!this.trusted) {
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
    const job: Job = { id: `job-${Date.now().toString(36)}-${++this.jobCounter}`, workloadPath, controller: new AbortController() };
    this.jobs.set(job.id, job);
    const name = path.basename(workloadPath);
    const cancelSub = token.onCancellationRequested(() => job.controller.abort());
    const reporter = await this.progressReporter(params.workDoneToken);
    reporter?.begin(`Scalescope: ${name}`, 0, 'loading workload', true);
    const progressCancel = reporter && 'token' in reporter ? (reporter as { token: CancellationToken }).token.onCancellationRequested(() => job.controller.abort()) : undefined;
    const report = throttled((p: SweepProgress) => {
      const message = progressMessage(p);
      reporter?.report(progressPercent(p.fraction), message);
      void this.connection.sendNotification(JobProgressNotification.method, {
        jobId: job.id, workloadPath, workers: p.workers, pointIndex: p.pointIndex, points: p.points, repeat: p.repeat,
        repeats: p.repeats, warmup: p.warmup, tasksDone: p.tasksDone, tasksTotal: p.tasksTotal, tasksPerSec: p.tasksPerSec, fraction: p.fraction, settling: p.settling,
      });
    }, 200);
    const ended = (e: Omit<JobEndedParams, 'jobId' | 'workloadPath'>) => {
      void this.connection.sendNotification(JobEndedNotification.method, { jobId: job.id, workloadPath, ...e });
    };
    this.log(`run ${job.id}: ${workloadPath}`);
    try {
      const runsDir = runsDirFor(this.settings, workloadPath, this.folders);
      const result = await runSweep({
        workloadPath,
        overrides: effectiveOverrides(this.settings, params.overrides),
        runsDir,
        triedSuggestion: params.triedSuggestion,
        signal: job.controller.signal,
        onProgress: (p) => report.push(p),
        onLog: (l) => this.log(l),
      });
      report.flush();
      this.loadErrors.delete(workloadPath);
      await this.runs.addFinished(result.run, result.file);
      await this.afterRunsChanged();
      const summary = summarizeRun(result.run, result.file);
      this.log(`run ${job.id} ${result.run.status}: ${result.file}`);
      ended({ outcome: result.run.status, runId: result.run.id, message: `${name}: run ${result.run.status}` });
      return { jobId: job.id, run: summary };
    } catch (e) {
      if (e instanceof WorkloadLoadError) {
        const file = toPath(e.file || workloadPath);
        const text = await this.textOf(file);
        const line = e.line ?? 1;
        this.loadErrors.set(file, { message: e.detail, column: e.column, anchor: { line, text: text === null ? null : lineTextAt(splitLines(text), line) } });
        await this.publishFor(file);
        this.log(`run ${job.id}: workload cannot be loaded: ${e.message}`);
        ended({ outcome: 'failed', runId: null, message: e.message });
        const data: LoadErrorData = { kind: 'load-error', file, line: e.line, column: e.column };
        throw new ResponseError(ScalescopeErrorCodes.loadError, e.message, data);
      }
      const message = (e as Error).message ?? String(e);
      this.log(`run ${job.id} failed: ${(e as Error).stack ?? message}`);
      if (job.controller.signal.aborted) {
        await this.reloadRuns();
        ended({ outcome: 'cancelled', runId: null, message: `${name}: run cancelled` });
        throw new ResponseError(LSPErrorCodes.RequestCancelled, `${name}: run cancelled`);
      }
      ended({ outcome: 'failed', runId: null, message: `${name}: ${message}` });
      throw new ResponseError(ErrorCodes.InternalError, `${name}: ${message}`);
    } finally {
      cancelSub.dispose();
      progressCancel?.dispose();
      reporter?.done();
      this.jobs.delete(job.id);
    }
  }

  private async progressReporter(workDoneToken: string | number | undefined): Promise<WorkDoneProgressReporter | null> {
    if (workDoneToken !== undefined) return this.connection.window.attachWorkDoneProgress(workDoneToken);
    if (!this.capabilities.workDoneProgress) return null;
    return this.connection.window.createWorkDoneProgress();
  }
}
