// `scalescope compare <a.json> <b.json>`: two saved runs side by side.
import type { CliContext } from '../context';
import { formatComparison } from '../compare';
import { EXIT_OK } from '../exitStatus';
import { readRunFile } from '../readRun';

export function compareCommand(ctx: CliContext, fileA: string, fileB: string): number {
  ctx.stdout.write(formatComparison(readRunFile(fileA), readRunFile(fileB), ctx.out));
  return EXIT_OK;
}
