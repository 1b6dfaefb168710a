// The part `run` and `try` share: sweep with progress and Ctrl-C, then print the report,
// write the exports and say where everything went.
import { resolve } from 'node:path';
import type { RunConfig } from '../../common/runFile';
import type { SweepRequest } from '../engine/api';
import { runSweep } from '../engine/sweep';
import { displayPath, textWidth, type CliContext } from './context';
import { exitStatusOf } from './exitStatus';
import { writeExports, type ExportTargets } from './exports';
import { abortOnInterrupt } from './interrupt';
import { printWritten } from './printWritten';
import { createProgressReporter, progressModeFor } from './progress';
import { formatReport } from './report';

export interface SweepPlan {
  workloadPath: string;
  /** How the user named the workload, for "try:" lines in the report. */
  workloadArg: string;
  overrides: Partial<RunConfig>;
  runsDir: string;
  cpuProfileDir?: string;
  triedSuggestion?: SweepRequest['triedSuggestion'];
  /** A fleet to run the points' tasks on (run --redis). */
  remote?: SweepRequest['remote'];
}

export async function sweepAndReport(ctx: CliContext, plan: SweepPlan, exports: ExportTargets, quiet: boolean): Promise<number> {
  const mode = progressModeFor(ctx.stderr, quiet);
  const progress = createProgressReporter(mode, ctx.stderr);
  const interrupt = abortOnInterrupt(() => {
    // The answer to Ctrl-C is shown even with --quiet: the user is waiting for it.
    const notice = ctx.err.yellow('Stopping: keeping what was measured and saving the run (Ctrl-C again to quit at once)…');
    if (mode === 'none') ctx.stderr.write(notice + '\n');
    else progress.log(notice);
  }, () => progress.stop());
  let result;
  try {
    result = await runSweep({
      workloadPath: plan.workloadPath,
      overrides: plan.overrides,
      runsDir: plan.runsDir,
      cpuProfileDir: plan.cpuProfileDir,
      triedSuggestion: plan.triedSuggestion,
      remote: plan.remote,
      signal: interrupt.signal,
      onProgress: (p) => progress.update(p),
      onLog: (line) => progress.log(ctx.err.dim(line)),
    });
  } finally {
    progress.stop();
    interrupt.dispose();
  }
  const { run, file } = result;
  ctx.stdout.write('\n' + formatReport(run, ctx.out, { workloadArg: plan.workloadArg, width: textWidth(ctx), path: (f) => displayPath(ctx, f), command: ctx.command }) + '\n');
  const written = [{ label: 'Run saved', file }, ...writeExports(run, exports)];
  if (plan.cpuProfileDir !== undefined) written.push({ label: 'CPU profiles', file: resolve(plan.cpuProfileDir) });
  printWritten(ctx, written);
  if (run.status === 'cancelled') ctx.stderr.write(ctx.err.yellow(`Run cancelled; what was measured is saved in ${displayPath(ctx, file)}`) + '\n');
  return exitStatusOf(run);
}
