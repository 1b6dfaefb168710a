// The palette, explorer, editor and Runs view commands. Each resolves its arguments (from a tree
// node, a URI, or by asking) and hands over to the runner, the server or the report panels.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatRunTime } from '../common/runTime';
import { headlineText } from '../common/speedupText';
import { DeleteRunRequest, ExportRunRequest, type ExportFormat, type RunSummary } from '../common/lsp';
import { DEFAULT_WORKLOAD_GLOB } from '../common/workloadGlob';
import { buildOverrides, ORDERS, parseCount } from './runOptions';
import type { RunOptionValue } from '../common/runOptions';
import { parseWorkerCounts } from '../common/workerCounts';
import type { Runner } from './runner';
import type { RunsTree, RunsTreeNode } from './runsTree';
import { request } from './serverApi';
import type { ServerConnection } from './serverConnection';
import type { CommandId } from './commandIds';
import { commandLineError, LAST_RECORD_COMMAND_KEY, npmScriptLine, npmScripts, parseRecordings } from './recordCommandLine';

export interface RunViewer {
  openRun(runId: string): Promise<void>;
  compareRuns(baseId: string, otherId: string): Promise<void>;
  /** The run of the report panel in front (a run panel, not a comparison), if one is active. */
  activeRunId(): string | null;
}

export interface CommandDeps {
  connection: ServerConnection;
  runner: Runner;
  tree: RunsTree;
  viewer: RunViewer;
  output: vscode.LogOutputChannel;
  /** Per-workspace memory (the last recorded command). */
  workspaceState: vscode.Memento;
}

type RunArg = string | RunsTreeNode | undefined;

function runIdOf(arg: RunArg): string | undefined {
  if (typeof arg === 'string') return arg;
  return arg?.kind === 'run' ? arg.run.id : undefined;
}

function uriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return arg.startsWith('file:') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  const node = arg as RunsTreeNode | undefined;
  if (node?.kind === 'workload') return vscode.Uri.file(node.workloadPath);
  if (node?.kind === 'run') return vscode.Uri.file(node.run.workloadPath);
  return undefined;
}

/** Workload files of the workspace: the default glob and the `scalescope.workloadGlob` setting. */
export async function findWorkloads(): Promise<vscode.Uri[]> {
  const extra = vscode.workspace.getConfiguration('scalescope').get<string>('workloadGlob', '').trim();
  const globs = [DEFAULT_WORKLOAD_GLOB, ...(extra ? [extra] : [])];
  const found = await Promise.all(globs.map((g) => vscode.workspace.findFiles(g, '**/node_modules/**', 500)));
  const seen = new Map<string, vscode.Uri>();
  for (const u of found.flat()) seen.set(u.toString(), u);
  return [...seen.values()].sort((a, b) => a.fsPath.localeCompare(b.fsPath));
}

async function pickWorkload(): Promise<vscode.Uri | undefined> {
  const files = await findWorkloads();
  if (!files.length) {
    void vscode.window.showInformationMessage('No workload files found: name them *.workload.js (or .mjs, .cjs, .ts), or set scalescope.workloadGlob.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: path.basename(uri.fsPath), description: vscode.workspace.asRelativePath(path.dirname(uri.fsPath)), uri })),
    { title: 'Scalescope: run which workload?', placeHolder: 'Workload file', matchOnDescription: true },
  );
  return picked?.uri;
}

/** The explicit argument, else the active editor's file, else ask. */
async function workloadFrom(arg: unknown): Promise<vscode.Uri | undefined> {
  const explicit = uriOf(arg);
  if (explicit) return explicit;
  const active = vscode.window.activeTextEditor?.document;
  if (active && active.uri.scheme === 'file' && /\.(m|c)?[jt]s$/.test(active.uri.fsPath)) return active.uri;
  return pickWorkload();
}

function runItem(r: RunSummary) {
  const h = r.headline;
  return {
    label: `${r.workloadName} · ${formatRunTime(r.startedAt)}`,
    description: `${h ? headlineText(h, { brief: true }) : 'no scaling data'}${r.status === 'complete' ? '' : ` · ${r.status}`}`,
    detail: r.id,
    run: r,
  };
}

async function pickRun(tree: RunsTree, title: string, filter: (r: RunSummary) => boolean = () => true): Promise<RunSummary | undefined> {
  await tree.refresh();
  const runs = tree.runs().filter(filter);
  if (!runs.length) {
    void vscode.window.showInformationMessage('No saved Scalescope runs in this workspace yet.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(runs.map(runItem), { title, matchOnDetail: true }))?.run;
}

async function askOverrides(): Promise<ReturnType<typeof buildOverrides> | undefined> {
  const cfg = vscode.workspace.getConfiguration('scalescope');
  const defaultWorkers = cfg.get<number[] | null>('workers') ?? [1, 2, 4, 8];
  const workersText = await vscode.window.showInputBox({
    title: 'Scalescope: worker counts (1/4)', prompt: 'Comma-separated counts, a-b for every count, a..b for powers of two',
    value: defaultWorkers.join(','),
    validateInput: (t) => { const r = parseWorkerCounts(t); return 'error' in r ? r.error : undefined; },
  });
  if (workersText === undefined) return undefined;
  const workers = parseWorkerCounts(workersText);
  const ask = async <K extends 'repeat' | 'batch'>(title: string, what: string, option: K): Promise<RunOptionValue<K> | undefined | null> => {
    const text = await vscode.window.showInputBox({ title, prompt: `${what} (empty: the workload's or the settings' default)`, validateInput: (t) => { const r = parseCount(t, what, option); return 'error' in r ? r.error : undefined; } });
    if (text === undefined) return null;
    const r = parseCount(text, what, option);
    return 'value' in r ? r.value : undefined;
  };
  const repeat = await ask('Scalescope: repeats (2/4)', 'Repeats per worker count', 'repeat');
  if (repeat === null) return undefined;
  const batch = await ask('Scalescope: batch (3/4)', 'Inputs per dispatch (a number, or auto)', 'batch');
  if (batch === null) return undefined;
  const order = await vscode.window.showQuickPick(
    [{ label: 'default', detail: "the workload's own order option (or given)" }, ...ORDERS.map((o) => ({ label: o.label, detail: o.detail, order: o.order }))],
    { title: 'Scalescope: dispatch order (4/4)' },
  );
  if (!order) return undefined;
  return buildOverrides({ workers: 'counts' in workers ? workers.counts : undefined, repeat, batch, order: 'order' in order ? order.order : undefined });
}

interface RecordAsk { line: string; workers: string }

/** Worker counts for a recording (empty: the program's own); undefined if dismissed. */
async function askRecordWorkers(title: string, value: string | undefined): Promise<string | undefined> {
  const setting = vscode.workspace.getConfiguration('scalescope').get<number[] | null>('workers');
  const workers = await vscode.window.showInputBox({
    title, prompt: "Comma-separated counts, a-b for every count, a..b for powers of two; empty: the program's own",
    value: value ?? (setting ?? [1, 2, 4]).join(','),
    validateInput: (t) => { if (t.trim() === '') return undefined; const r = parseWorkerCounts(t); return 'error' in r ? r.error : undefined; },
  });
  return workers?.trim();
}

/** The command line and worker counts to record, the last ones offered again; undefined if dismissed. */
async function askRecord(state: vscode.Memento, suggested: string | undefined): Promise<RecordAsk | undefined> {
  const last = state.get<RecordAsk>(LAST_RECORD_COMMAND_KEY);
  const line = await vscode.window.showInputBox({
    title: 'Scalescope: record which command? (1/2)',
    prompt: 'Run in the workspace folder by your shell; {workers} in it is replaced by each worker count',
    placeHolder: 'npx mocha --parallel --jobs {workers}', value: suggested ?? last?.line ?? '', validateInput: commandLineError,
  });
  if (line === undefined) return undefined;
  const workers = await askRecordWorkers('Scalescope: worker counts (2/2)', last?.workers);
  if (workers === undefined) return undefined;
  const ask = { line: line.trim(), workers };
  await state.update(LAST_RECORD_COMMAND_KEY, ask);
  return ask;
}

/** A named recording of `scalescope.recordings`, "type a command" (null), or undefined if dismissed. */
async function pickRecording(output: vscode.LogOutputChannel): Promise<RecordAsk | null | undefined> {
  const { recordings, problems } = parseRecordings(vscode.workspace.getConfiguration('scalescope').get('recordings'));
  for (const p of problems) output.warn(p);
  if (recordings.length === 0) return null;
  const pick = await vscode.window.showQuickPick(
    [...recordings.map((r) => ({ label: r.name, detail: r.command, description: r.workers ? `workers ${r.workers}` : undefined, r })), { label: '$(terminal) Type a command…', r: null }],
    { title: 'Scalescope: record which program?', matchOnDetail: true },
  );
  if (!pick) return undefined;
  if (!pick.r) return null;
  const workers = pick.r.workers ?? await askRecordWorkers(`Scalescope: worker counts for ${pick.r.name}`, undefined);
  return workers === undefined ? undefined : { line: pick.r.command, workers };
}

/** An npm script of the folder's package.json and arguments for it; undefined if dismissed or none. */
async function askNpmScript(folder: vscode.Uri, state: vscode.Memento): Promise<RecordAsk | undefined> {
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'package.json')));
  } catch {
    void vscode.window.showWarningMessage(`Scalescope: no package.json in ${folder.fsPath}.`);
    return undefined;
  }
  const found = npmScripts(text);
  if ('error' in found) {
    void vscode.window.showWarningMessage(`Scalescope: ${found.error} (${path.join(folder.fsPath, 'package.json')}).`);
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(found.scripts.map((s) => ({ label: s.name, detail: s.command })), { title: 'Scalescope: record which npm script? (1/3)', matchOnDetail: true });
  if (!pick) return undefined;
  const key = `${LAST_RECORD_COMMAND_KEY}.npm.${pick.label}`;
  const last = state.get<{ args: string; workers: string }>(key);
  const args = await vscode.window.showInputBox({
    title: `Scalescope: arguments for npm run ${pick.label} (2/3)`, prompt: 'Passed after --; {workers} is replaced by each worker count (empty: none)',
    placeHolder: '--parallel --jobs {workers}', value: last?.args ?? '',
  });
  if (args === undefined) return undefined;
  const workers = await askRecordWorkers('Scalescope: worker counts (3/3)', last?.workers);
  if (workers === undefined) return undefined;
  await state.update(key, { args: args.trim(), workers });
  return { line: npmScriptLine(pick.label, args), workers };
}

function workspaceFolderOrWarn(): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) void vscode.window.showWarningMessage('Scalescope records a program in a workspace folder: open a folder first.');
  return folder;
}

const EXPORTS: { format: ExportFormat; label: string; detail: string; ext: string; filter: string }[] = [
  { format: 'trace', label: 'Chrome trace (Perfetto)', detail: 'one track per worker, counter tracks per core', ext: 'trace.json', filter: 'JSON' },
  { format: 'csv', label: 'CSV scaling table', detail: 'one row per worker count', ext: 'csv', filter: 'CSV' },
  { format: 'html', label: 'HTML report', detail: 'self-contained, opens in any browser', ext: 'html', filter: 'HTML' },
];

export type CommandHandler = (...args: any[]) => Promise<unknown>;

/** The implementation of every contributed command (registered, lazily, by extension.ts). */
export function commandHandlers(deps: CommandDeps): Record<CommandId, CommandHandler> {
  const { connection, runner, tree, viewer, output, workspaceState } = deps;
  // An object literal typed by CommandId: the compiler rejects a command left out or one not in
  // COMMAND_IDS (extension/commandIds.ts); test/unit/commandIds.test.ts ties that list to package.json.
  const handlers: { [Id in CommandId]: CommandHandler } = {
    'scalescope.runWorkload': async (arg?: unknown) => {
      const uri = await workloadFrom(arg);
      return uri ? runner.run(uri) : undefined;
    },
    'scalescope.runWorkloadPick': async () => {
      const uri = await pickWorkload();
      return uri ? runner.run(uri) : undefined;
    },
    'scalescope.runWithOptions': async (arg?: unknown) => {
      const uri = await workloadFrom(arg);
      if (!uri) return undefined;
      const overrides = await askOverrides();
      return overrides ? runner.run(uri, overrides) : undefined;
    },
    'scalescope.recordCommand': async (arg?: unknown) => {
      const folder = workspaceFolderOrWarn();
      if (!folder) return undefined;
      // From the "Record scaling" code lens: a command line to confirm (server/lsp/recordLens.ts).
      const suggested = typeof (arg as { line?: unknown } | undefined)?.line === 'string' ? (arg as { line: string }).line : undefined;
      const named = suggested === undefined ? await pickRecording(output) : null;
      if (named === undefined) return undefined;
      const ask = named ?? await askRecord(workspaceState, suggested);
      return ask ? runner.record(ask.line, folder, ask.workers || undefined) : undefined;
    },
    'scalescope.recordNpmScript': async () => {
      const folder = workspaceFolderOrWarn();
      if (!folder) return undefined;
      const ask = await askNpmScript(folder, workspaceState);
      return ask ? runner.record(ask.line, folder, ask.workers || undefined) : undefined;
    },
    'scalescope.cancelRun': async () => {
      const n = await runner.cancel();
      if (n === 0) void vscode.window.showInformationMessage('No Scalescope run is going.');
      return n;
    },
    'scalescope.runActions': async () => {
      const pick = await vscode.window.showQuickPick([
        { label: '$(debug-stop) Cancel the run', id: 'cancel' },
        { label: '$(output) Show the Scalescope log', id: 'log' },
      ], { title: `Scalescope: ${runner.running() ?? 'run'}` });
      if (pick?.id === 'cancel') await vscode.commands.executeCommand('scalescope.cancelRun');
      if (pick?.id === 'log') output.show(true);
    },
    'scalescope.openRun': async (arg?: RunArg) => {
      const id = runIdOf(arg) ?? (await pickRun(tree, 'Scalescope: open which run?'))?.id;
      if (id) await viewer.openRun(id);
    },
    'scalescope.compareRuns': async (arg?: RunArg, selected?: RunsTreeNode[]) => {
      const chosen = (selected ?? []).map(runIdOf).filter((x): x is string => !!x);
      if (chosen.length === 2) return viewer.compareRuns(chosen[1], chosen[0]);
      const base = runIdOf(arg) ? tree.runs().find((r) => r.id === runIdOf(arg)) : await pickRun(tree, 'Scalescope: compare — base run');
      if (!base) return undefined;
      const other = await pickRun(tree, `Scalescope: compare ${base.workloadName} with…`, (r) => r.id !== base.id);
      if (other) await viewer.compareRuns(base.id, other.id);
      return undefined;
    },
    'scalescope.exportRun': async (arg?: RunArg, format?: ExportFormat, target?: string) => {
      // From the palette while a run's report is in front: that run, without asking.
      const id = runIdOf(arg) ?? viewer.activeRunId() ?? (await pickRun(tree, 'Scalescope: export which run?'))?.id;
      if (!id) return undefined;
      const kind = format ? EXPORTS.find((e) => e.format === format) : await vscode.window.showQuickPick(EXPORTS, { title: 'Scalescope: export as' });
      if (!kind) return undefined;
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const dest = target ? vscode.Uri.file(target) : await vscode.window.showSaveDialog({
        title: `Export ${kind.label}`,
        defaultUri: folder ? vscode.Uri.joinPath(folder, `${id}.${kind.ext}`) : undefined,
        filters: { [kind.filter]: [kind.ext.split('.').pop() ?? kind.ext] },
      });
      if (!dest) return undefined;
      const { file } = await request(await connection.client(), ExportRunRequest, { id, format: kind.format, target: dest.fsPath });
      if (!target) {
        void vscode.window.showInformationMessage(`Exported ${kind.label} to ${vscode.workspace.asRelativePath(file)}`, 'Reveal').then((p) =>
          p ? vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(file)) : undefined);
      }
      return file;
    },
    'scalescope.deleteRun': async (arg?: RunArg) => {
      const id = runIdOf(arg) ?? (await pickRun(tree, 'Scalescope: delete which run?'))?.id;
      if (!id) return undefined;
      const confirm = typeof arg === 'string' ? 'Delete' : await vscode.window.showWarningMessage(`Delete the saved run ${id}?`, { modal: true }, 'Delete');
      if (confirm !== 'Delete') return undefined;
      const { deleted } = await request(await connection.client(), DeleteRunRequest, { id });
      await tree.refresh();
      return deleted;
    },
    'scalescope.revealWorkload': async (arg?: RunArg) => {
      const uri = uriOf(arg);
      if (uri) await vscode.window.showTextDocument(uri);
    },
    'scalescope.openRunFile': async (arg?: RunArg) => {
      const id = runIdOf(arg);
      const run = id ? tree.runs().find((r) => r.id === id) : await pickRun(tree, 'Scalescope: open which run file?');
      if (run) await vscode.window.showTextDocument(vscode.Uri.file(run.file));
    },
    'scalescope.refreshRuns': () => tree.refresh(),
    'scalescope.showLog': async () => output.show(true),
  };
  return handlers;
}
