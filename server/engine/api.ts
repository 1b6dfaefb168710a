// The engine's public surface: what the CLI and the language server call.
import type { RunConfig, RunFile, SuggestionKind } from '../../common/runFile';
import type { RemoteWorkers } from './remote';

export interface SweepProgress {
  /** Index of the current sweep point and how many there are. */
  pointIndex: number;
  points: number;
  workers: number;
  /** Current repeat (0-based); during warm-up `warmup` is true. */
  repeat: number;
  repeats: number;
  warmup: boolean;
  tasksDone: number;
  tasksTotal: number;
  /** Tasks finished per second over the current repeat. */
  tasksPerSec: number;
  /** Fraction of the whole sweep done, 0..1. */
  fraction: number;
  /** Set while --settle waits for other processes to quieten before a repeat. */
  settling?: { externalLoadCores: number; waitedMs: number };
}

export interface SweepRequest {
  /** Absolute or cwd-relative path of the workload module. */
  workloadPath: string;
  /** Overrides of the workload's own `options` (CLI flags, settings, quick picks). */
  overrides?: Partial<RunConfig>;
  /** Folder the run file is written to (incrementally); created if missing. */
  runsDir: string;
  /** Where `.cpuprofile` files go when profiling is on (default: <runsDir>/<runId>-profiles). */
  cpuProfileDir?: string;
  /** Set when this run tries a suggestion of an earlier run (predicted vs measured). */
  triedSuggestion?: { runId: string; kind: SuggestionKind; predictedGainPct: number | null };
  signal?: AbortSignal;
  /** Run the points' tasks on remote workers (a fleet: server/fleet/) instead of local pools. */
  remote?: RemoteWorkers;
  onProgress?: (p: SweepProgress) => void;
  onLog?: (line: string) => void;
}

export interface SweepResult {
  run: RunFile;
  /** Path of the saved run file. */
  file: string;
}
