// The saved runs the server knows, and what they say about one document. Pure: the server does the
// reading (run files, source snapshots) and hands the data in.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunFile } from '../../common/runFile';
import type { AnchoredFailure, DocumentFindings, LoadProblem } from './findings';
import { lineTextAt } from './anchors';
import type { LocationTasks } from './locationTasks';

export interface IndexedRun {
  run: RunFile;
  /** Absolute path of the run file. */
  file: string;
  /**
   * Lines of each source file the run names, as they were when it ran (absolute path → lines);
   * null when that is unknown (the file changed since), so its hints are not placed.
   */
  snapshots: ReadonlyMap<string, readonly string[] | null>;
  /** A recorded run's task functions with their tasks (locationTasks.ts); absent for other runs. */
  taskFunctions?: readonly LocationTasks[];
}

/** Absolute path of a file named in a run (absolute, file: URL, or relative to the workload). */
export function resolveRunPath(run: RunFile, file: string): string {
  if (file.startsWith('file:')) return path.normalize(fileURLToPath(file));
  if (path.isAbsolute(file)) return path.normalize(file);
  return path.resolve(path.dirname(run.workload.path), file);
}

/** Every source file a run points into: the workload, hint files, failure locations. */
export function referencedFiles(run: RunFile): string[] {
  const files = new Set<string>([resolveRunPath(run, run.workload.path)]);
  for (const h of run.analysis?.hints ?? []) files.add(resolveRunPath(run, h.file));
  for (const f of run.failures) if (f.location) files.add(resolveRunPath(run, f.location.file));
  for (const l of run.taskLocations ?? []) files.add(resolveRunPath(run, l.file));
  return [...files];
}

/** The newest run of each workload (by start time), keyed by the workload's absolute path. */
export function latestRunsByWorkload(runs: readonly IndexedRun[]): Map<string, IndexedRun> {
  const latest = new Map<string, IndexedRun>();
  for (const r of runs) {
    const key = resolveRunPath(r.run, r.run.workload.path);
    const cur = latest.get(key);
    if (!cur || r.run.startedAt > cur.run.startedAt) latest.set(key, r);
  }
  return latest;
}

function textAt(r: IndexedRun, file: string, line: number): string | null {
  const lines = r.snapshots.get(file);
  return lines ? lineTextAt(lines, line) : null;
}

/** Everything the latest runs and the last load attempt say about the document at `docPath`. */
export function findingsFor(docPath: string, runs: readonly IndexedRun[], loadError: LoadProblem | null): DocumentFindings {
  const doc = path.normalize(docPath);
  const latest = [...latestRunsByWorkload(runs).values()];
  const own = latest.find((r) => resolveRunPath(r.run, r.run.workload.path) === doc) ?? null;
  const hints = latest.flatMap((r) => (r.run.analysis?.hints ?? [])
    .filter((h) => resolveRunPath(r.run, h.file) === doc)
    .map((hint) => ({ hint, runId: r.run.id, anchor: { line: hint.line, text: textAt(r, doc, hint.line) } })));
  const byLine = new Map<number, AnchoredFailure>();
  if (own) {
    for (const f of own.run.failures) {
      if (!f.location || resolveRunPath(own.run, f.location.file) !== doc) continue;
      const g = byLine.get(f.location.line);
      if (g) {
        g.count++;
        if (!g.causes.includes(f.cause)) g.causes.push(f.cause);
      } else byLine.set(f.location.line, { anchor: { line: f.location.line, text: textAt(own, doc, f.location.line) }, message: f.message, count: 1, causes: [f.cause] });
    }
  }
  const taskFunctions = latest.flatMap((r) => (r.taskFunctions ?? [])
    .filter((f) => resolveRunPath(r.run, f.location.file) === doc)
    .map((tasks) => ({ run: r.run, tasks, anchor: { line: tasks.location.line, text: textAt(r, doc, tasks.location.line) } })));
  return { run: own?.run ?? null, hints, failures: [...byLine.values()], taskFunctions, loadError };
}
