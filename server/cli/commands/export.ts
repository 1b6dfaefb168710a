// `scalescope export <run.json> --json/--html/--trace/--csv FILE`: re-export a saved run.
import { UsageError, type CliContext } from '../context';
import { EXIT_OK } from '../exitStatus';
import { hasExports, writeExports, type ExportTargets } from '../exports';
import { printWritten } from '../printWritten';
import { readRunFile } from '../readRun';

export interface ExportFlags extends ExportTargets {
  compare?: string;
}

export function exportCommand(ctx: CliContext, file: string, flags: ExportFlags): number {
  if (!hasExports(flags)) throw new UsageError('nothing to export: give at least one of --json FILE, --html FILE, --trace FILE, --csv FILE');
  if (flags.compare !== undefined && flags.html === undefined) throw new UsageError('--compare applies to the HTML report: give --html FILE as well');
  const run = readRunFile(file);
  const compareWith = flags.compare === undefined ? undefined : readRunFile(flags.compare);
  printWritten(ctx, writeExports(run, flags, { compareWith }));
  return EXIT_OK;
}
