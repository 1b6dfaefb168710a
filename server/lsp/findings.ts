// What the server knows about one document, from saved runs and failed loads: the input of every
// inline surface (diagnostics, code lens, inlay hints, hover). Pure data and helpers.
import type { Hint, RunFile } from '../../common/runFile';
import type { Anchor } from './anchors';
import type { LocationTasks } from './locationTasks';

export interface AnchoredHint { hint: Hint; anchor: Anchor; runId: string }

/** Task failures of the latest run grouped by source line. */
export interface AnchoredFailure { anchor: Anchor; message: string; count: number; causes: string[] }

/** A task function of a recorded run (its `taskLocations`) in this document, with its tasks. */
export interface AnchoredTaskFunction { run: RunFile; tasks: LocationTasks; anchor: Anchor }

export interface LoadProblem { message: string; anchor: Anchor; column: number | null }

export interface DocumentFindings {
  /** Latest run of this document as a workload (null when it never ran, or is not a workload). */
  run: RunFile | null;
  /** Hints of the latest runs that name this file. */
  hints: AnchoredHint[];
  failures: AnchoredFailure[];
  /** Task functions of the latest recorded runs that are in this file. */
  taskFunctions: AnchoredTaskFunction[];
  /** The last attempt to run this workload failed to load it. */
  loadError: LoadProblem | null;
}

export const NO_FINDINGS: DocumentFindings = { run: null, hints: [], failures: [], taskFunctions: [], loadError: null };

/** Largest share of run time lost at a hint's line over the worker counts, with its worker count. */
export function peakShare(hint: Hint): { share: number; workers: number } | null {
  let best: { share: number; workers: number } | null = null;
  for (const s of hint.shareByWorkers ?? []) {
    if (!Number.isFinite(s.share)) continue;
    if (!best || s.share > best.share) best = { share: s.share, workers: s.workers };
  }
  return best;
}

const KIND_LABEL: Record<Hint['kind'], string> = {
  'lock-contention': 'lock wait',
  'gc-pressure': 'GC',
  'transfer-cost': 'transfer',
  'queue-wait': 'queue wait',
  oversubscription: 'run-queue delay',
  'memory-bandwidth': 'memory stalls',
  'hot-function': 'hot',
};

export function hintKindLabel(kind: Hint['kind']): string {
  return KIND_LABEL[kind];
}
