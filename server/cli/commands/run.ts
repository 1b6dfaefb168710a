// `scalescope run <workload> [flags]`: sweep the workload, print the report, save and export.
import { resolve } from 'node:path';
import { runSweep } from '../../engine/sweep';
import { displayPath, textWidth, type CliContext } from '../context';
import { exitStatusOf } from '../exitStatus';
import { writeExports } from '../exports';
import { abortOnInterrupt } from '../interrupt';
import { printWritten } from '../printWritten';
import { createProgressReporter, progressModeFor } from '../progress';
import { formatReport } from '../report';
import { DEFAULT_RUNS_DIR, overridesOf, type RunFlags } from '../runFlags';

export async function runCommand(ctx: CliContext, workload: string, flags: RunFlags): Promise<number> {
  const progress = createProgressReporter(progressModeFor(ctx.stderr, flags.quiet === true), ctx.stderr);
  const interrupt = abortOnInterrupt(() => {
    progress.log(ctx.err.yellow('Stopping: keeping what was measured and saving the run (Ctrl-C again to quit at once)…'));
  });
  let result;
  try {
    result = await runSweep({
      workloadPath: resolve(ctx.cwd, workload),
      overrides: overridesOf(flags),
      runsDir: resolve(ctx.cwd, flags.out ?? DEFAULT_RUNS_DIR),
      cpuProfileDir: flags.cpuprofile === undefined ? undefined : resolve(ctx.cwd, flags.cpuprofile),
      signal: interrupt.signal,
      onProgress: (p) => progress.update(p),
      onLog: (line) => progress.log(line),
    });
  } finally {
    progress.stop();
    interrupt.dispose();
  }
  const { run, file } = result;
  ctx.stdout.write('\n' + formatReport(run, ctx.out, { workloadArg: workload, width: textWidth(ctx) }) + '\n');
  const written = [{ label: 'Run saved', file }, ...writeExports(run, flags)];
  if (flags.cpuprofile !== undefined) written.push({ label: 'CPU profiles', file: resolve(ctx.cwd, flags.cpuprofile) });
  printWritten(ctx, written);
  if (run.status === 'cancelled') ctx.stderr.write(ctx.err.yellow(`Run cancelled; what was measured is saved in ${displayPath(ctx, file)}\n`));
  return exitStatusOf(run);
}
