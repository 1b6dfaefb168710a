// Runs the command line and turns every outcome into one exit status and, on error, one
// message on stderr. This is the one place CLI errors are reported.
import { CommanderError } from 'commander';
import { RunFileError } from '../../common/runFile';
import { ConfigError, WorkloadLoadError } from '../engine/errors';
import { FleetError } from '../fleet/fleetError';
import { UsageError, type CliContext } from './context';
import { EXIT_INTERNAL, EXIT_USAGE } from './exitStatus';
import { buildProgram, statusOfCommanderError } from './program';

export async function main(argv: readonly string[], ctx: CliContext): Promise<number> {
  let status = 0;
  const program = buildProgram(ctx, (s) => { status = s; });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return status;
  } catch (e) {
    // commander has already printed its own message (unknown option, bad value, ...).
    if (e instanceof CommanderError) return statusOfCommanderError(e);
    // Expected failures: one line naming what was wrong (file:line for a workload), no stack.
    if (e instanceof WorkloadLoadError || e instanceof ConfigError || e instanceof RunFileError || e instanceof UsageError || e instanceof FleetError) {
      // A sweep that could not go on leaves its run saved as interrupted (server/engine/sweep.ts).
      const saved = (e as { savedRun?: string }).savedRun;
      ctx.stderr.write(ctx.err.red(`scalescope: ${e.message}${saved ? `; what was measured is saved (interrupted) in ${saved}` : ''}`) + '\n');
      return EXIT_USAGE;
    }
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    ctx.stderr.write(ctx.err.red(`scalescope: internal error: ${detail}`) + '\n');
    return EXIT_INTERNAL;
  }
}
