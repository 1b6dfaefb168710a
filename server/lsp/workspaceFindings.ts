// What the server knows about the workspace's source files: the saved runs (their latest run per
// workload) and the last failed load of each workload. The inline surfaces read one file's share.
import type { DocumentFindings, LoadProblem } from './findings';
import { findingsFor, latestRunsByWorkload, referencedFiles } from './runIndex';
import type { WorkspaceRuns } from './workspaceRuns';

export class WorkspaceFindings {
  private readonly loadErrors = new Map<string, LoadProblem>();

  constructor(private readonly runs: WorkspaceRuns) {}

  of(file: string): DocumentFindings {
    return findingsFor(file, this.runs.all(), this.loadErrors.get(file) ?? null);
  }

  /** Every file a latest run or a load error names. */
  namedFiles(): Set<string> {
    const files = new Set<string>();
    for (const r of latestRunsByWorkload(this.runs.all()).values()) for (const f of referencedFiles(r.run)) files.add(f);
    for (const f of this.loadErrors.keys()) files.add(f);
    return files;
  }

  setLoadError(file: string, problem: LoadProblem): void {
    this.loadErrors.set(file, problem);
  }

  /** The workload loaded: its last load error no longer holds. */
  clearLoadError(file: string): void {
    this.loadErrors.delete(file);
  }
}
