// The saved runs of the workspace as the server holds them: read from the runs folders on start
// and on change, each with snapshots of the source lines it names (for anchoring hints).
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { emptyTaskColumns, type RunFile } from '../../common/runFile';
import { deleteRun, listRuns } from '../engine/runStore';
import type { RunSummary } from '../../common/lsp';
import { splitLines } from './anchors';
import { summarizeRun } from './headline';
import { locationTasks } from './locationTasks';
import { referencedFiles, type IndexedRun } from './runIndex';

export class WorkspaceRuns {
  private readonly runs = new Map<string, IndexedRun>();

  constructor(private readonly log: (line: string) => void) {}

  all(): IndexedRun[] {
    return [...this.runs.values()];
  }

  get(id: string): IndexedRun | undefined {
    return this.runs.get(id);
  }

  summaries(workloadPath?: string): RunSummary[] {
    const wanted = workloadPath ? path.normalize(workloadPath) : null;
    return this.all()
      .filter((r) => !wanted || path.normalize(r.run.workload.path) === wanted)
      .map((r) => summarizeRun(r.run, r.file))
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  /** Re-reads every run file in the folders (replacing what was known from them). */
  async readFolders(dirs: readonly string[]): Promise<void> {
    const next = new Map<string, IndexedRun>();
    for (const dir of dirs) {
      for (const { file, run } of listRuns(dir, (f, e) => this.log(`skipping ${f}: ${e.message}`))) {
        if (!next.has(run.id)) next.set(run.id, { run: slim(run), file, snapshots: await snapshotSources(run, false), ...taskFunctionsOf(run) });
      }
    }
    this.runs.clear();
    for (const [k, v] of next) this.runs.set(k, v);
  }

  /** A run that just ended: its sources on disk are what it ran. */
  async addFinished(run: RunFile, file: string): Promise<void> {
    this.runs.set(run.id, { run: slim(run), file, snapshots: await snapshotSources(run, true), ...taskFunctionsOf(run) });
  }

  async delete(id: string): Promise<boolean> {
    const r = this.runs.get(id);
    if (!r) return false;
    deleteRun(r.file);
    this.runs.delete(id);
    return true;
  }
}

/** A recorded run's task functions, counted from the task columns that slim() drops. */
function taskFunctionsOf(run: RunFile): Pick<IndexedRun, 'taskFunctions'> {
  return run.taskLocations?.length ? { taskFunctions: locationTasks(run) } : {};
}

/**
 * The run without its per-task columns, core series and flame data: the inline surfaces and lists
 * need only the points' makespans and the analysis, and a workspace may hold many large runs.
 * The whole run is read from its file when asked for (getRun).
 */
function slim(run: RunFile): RunFile {
  return { ...run, points: run.points.map((p) => ({ ...p, tasks: emptyTaskColumns(), cores: [], workerStats: [], flame: undefined })) };
}

/**
 * Lines of every file the run names. For a saved run a file modified after the run started may no
 * longer hold the lines it names, so its snapshot is unknown (null) and its hints stay hidden.
 */
async function snapshotSources(run: RunFile, fresh: boolean): Promise<Map<string, string[] | null>> {
  const started = Date.parse(run.startedAt);
  const out = new Map<string, string[] | null>();
  for (const f of referencedFiles(run)) {
    try {
      if (!fresh && (await stat(f)).mtimeMs > started) { out.set(f, null); continue; }
      out.set(f, splitLines(await readFile(f, 'utf8')));
    } catch {
      out.set(f, null);
    }
  }
  return out;
}
