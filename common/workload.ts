// What a workload module sees and exports. See docs/workload.md.

/** Passed to task(), setup() and tasks(). */
export interface TaskContext {
  /** Number of workers in this sweep point. */
  workers: number;
  /** This worker's slot, 0..workers-1 (-1 in the main thread: tasks(), shared()). */
  workerIndex: number;
  /** Index of the current input in tasks() (-1 outside a task). */
  taskIndex: number;
  /** What the workload's shared() returned for this sweep point (SharedArrayBuffers are shared). */
  shared: unknown;
}

/** What `export const options` may hold: derived from the one definition of the run options. */
export type { WorkloadOptions } from './runOptions';
