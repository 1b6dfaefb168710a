// `scalescope run <workload> [flags]`: sweep the workload, print the report, save and export.
import { resolve } from 'node:path';
import type { CliContext } from '../context';
import { DEFAULT_RUNS_DIR, overridesOf, type RunFlags } from '../runFlags';
import { sweepAndReport } from '../sweepAndReport';

export function runCommand(ctx: CliContext, workload: string, flags: RunFlags): Promise<number> {
  return sweepAndReport(ctx, {
    workloadPath: resolve(ctx.cwd, workload),
    workloadArg: workload,
    overrides: overridesOf(flags),
    runsDir: resolve(ctx.cwd, flags.out ?? DEFAULT_RUNS_DIR),
    cpuProfileDir: flags.cpuprofile === undefined ? undefined : resolve(ctx.cwd, flags.cpuprofile),
  }, flags, flags.quiet === true);
}
