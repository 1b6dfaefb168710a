// `scalescope try <run.json> [kind]`: re-run a saved run's workload with one of its suggestions
// applied; the new run's report shows the predicted gain next to the measured one.
import { fmtPct } from '../../../common/format';
import { dirname, resolve } from 'node:path';
import { displayPath, UsageError, type CliContext } from '../context';
import type { ExportTargets } from '../exports';
import { describeChange } from '../../../common/format';
import { readRunFile } from '../readRun';
import { noiseOverridesOf, type NoiseFlags } from '../runFlags';
import { sweepAndReport } from '../sweepAndReport';
import { overridesForTrying, pickSuggestion } from '../trySuggestion';

export interface TryFlags extends ExportTargets, NoiseFlags {
  quiet?: boolean;
}

export function tryCommand(ctx: CliContext, file: string, kind: string | undefined, flags: TryFlags): Promise<number> {
  const run = readRunFile(file);
  // A suggestion's change is a run option of the workload sweep: a recorded program hands out its own work.
  if (run.workload.kind === 'command') throw new UsageError(`${file} recorded a command (${run.workload.name}): try re-runs workloads only; apply the change in the program and record it again`);
  const suggestion = pickSuggestion(run, kind);
  ctx.stderr.write(`Trying the ${suggestion.kind} suggestion of ${displayPath(ctx, resolve(ctx.cwd, file))}: ${describeChange(suggestion.change)}` +
    ` (predicted ${suggestion.predictedGainPct === null ? 'gain unknown' : `${fmtPct(suggestion.predictedGainPct / 100)} shorter`})\n`);
  return sweepAndReport(ctx, {
    workloadPath: run.workload.path,
    workloadArg: displayPath(ctx, run.workload.path),
    overrides: { ...overridesForTrying(run, suggestion), ...noiseOverridesOf(flags) },
    // The same folder: the engine reads the earlier run from there to measure the gain.
    runsDir: dirname(resolve(ctx.cwd, file)),
    triedSuggestion: { runId: run.id, kind: suggestion.kind, predictedGainPct: suggestion.predictedGainPct },
  }, flags, flags.quiet === true);
}
