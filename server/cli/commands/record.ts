// `scalescope record [flags] -- <command> [args…]`: record the program's tasks at each worker count,
// print the same report as `run`, save and export. docs/cli.md "record".
import { resolve } from 'node:path';
import { CommandStartError, recordSettings, recordSweep } from '../../record/recordSweep';
import { displayPath, textWidth, UsageError, type CliContext } from '../context';
import { exitStatusOf } from '../exitStatus';
import { writeExports } from '../exports';
import { abortOnInterrupt } from '../interrupt';
import { printWritten } from '../printWritten';
import type { RecordFlags } from '../recordFlags';
import { formatReport } from '../report';
import { DEFAULT_RUNS_DIR } from '../runFlags';

export async function recordCommand(ctx: CliContext, argv: string[], flags: RecordFlags): Promise<number> {
  if (argv.length === 0) throw new UsageError(`record needs a command after --, e.g. ${ctx.command} record --workers 1,2 -- node app.js`);
  const quiet = flags.quiet === true;
  const interrupt = abortOnInterrupt(() => ctx.stderr.write(ctx.err.yellow('Stopping the program: keeping what was measured and saving the run (Ctrl-C again to quit at once)…') + '\n'));
  let result;
  try {
    result = await recordSweep({
      argv,
      cwd: ctx.cwd,
      env: ctx.env,
      workers: flags.workers ?? null,
      ...recordSettings(flags),
      maxSeconds: flags.maxSeconds ?? null,
      durationSeconds: flags.duration ?? null,
      poolOverride: flags.poolOverride,
      cpuProfile: flags.cpuprofile !== undefined,
      cpuProfileDir: flags.cpuprofile === undefined ? null : resolve(ctx.cwd, flags.cpuprofile),
      runsDir: resolve(ctx.cwd, flags.out ?? DEFAULT_RUNS_DIR),
      output: ctx.stderr,
      signal: interrupt.signal,
      onLog: quiet ? undefined : (line) => ctx.stderr.write(ctx.err.dim(`record: ${line}`) + '\n'),
    });
  } catch (e) {
    if (e instanceof CommandStartError) throw new UsageError(e.message);
    throw e;
  } finally {
    interrupt.dispose();
  }
  const { run, file } = result;
  ctx.stdout.write('\n' + formatReport(run, ctx.out, { width: textWidth(ctx), path: (f) => displayPath(ctx, f), command: ctx.command }) + '\n');
  printWritten(ctx, [{ label: 'Run saved', file }, ...writeExports(run, flags)]);
  if (run.points.every((p) => p.tasks.index.length === 0)) {
    ctx.stderr.write(ctx.err.yellow('No tasks were recorded: the program ran nothing on worker threads, IPC children, piscina or workerpool (what counts as a task: docs/decisions/record.md).') + '\n');
  }
  if (run.status === 'cancelled') ctx.stderr.write(ctx.err.yellow(`Recording cancelled; what was measured is saved in ${displayPath(ctx, file)}`) + '\n');
  return exitStatusOf(run);
}
