// `scalescope export <run.json> --json/--html/--trace/--csv FILE`: re-export a saved run.
import { UsageError, type CliContext } from '../context';
import { EXIT_OK } from '../exitStatus';
import { hasExports, writeExports, type ExportTargets } from '../exports';
import { printWritten } from '../printWritten';
import { readRunFile } from '../readRun';

export function exportCommand(ctx: CliContext, file: string, targets: ExportTargets): number {
  if (!hasExports(targets)) throw new UsageError('nothing to export: give at least one of --json FILE, --html FILE, --trace FILE, --csv FILE');
  const run = readRunFile(file);
  printWritten(ctx, writeExports(run, targets));
  return EXIT_OK;
}
