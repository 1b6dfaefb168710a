// Exit statuses (docs/cli.md "Exit status"): 0 all tasks succeeded; 1 the run finished but some tasks
// failed; 2 bad arguments or a workload that cannot load. Beyond the contract: 130 when the run
// was cancelled by Ctrl-C (the shell convention for SIGINT), 3 for an internal error.
import type { RunFile } from '../../common/runFile';
import { EXIT_INTERRUPTED } from './interrupt';

export const EXIT_OK = 0;
export const EXIT_TASKS_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

export function exitStatusOf(run: RunFile): number {
  if (run.status === 'cancelled') return EXIT_INTERRUPTED;
  // lost-worker (a fleet host that went): the task ran again elsewhere and has its result.
  const failed = run.failures.some((f) => f.cause !== 'lost-worker') || run.points.some((p) => p.tasks.ok.some((ok) => !ok));
  return failed ? EXIT_TASKS_FAILED : EXIT_OK;
}
