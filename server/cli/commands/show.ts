// `scalescope show <run.json>`: print the report of a saved run.
import { resolve } from 'node:path';
import { displayPath, textWidth, type CliContext } from '../context';
import { EXIT_OK } from '../exitStatus';
import { readRunFile } from '../readRun';
import { formatReport } from '../report';

export function showCommand(ctx: CliContext, file: string): number {
  const run = readRunFile(file);
  ctx.stdout.write(formatReport(run, ctx.out, { width: textWidth(ctx), path: (f) => displayPath(ctx, f), command: ctx.command, workloadArg: displayPath(ctx, run.workload.path) }));
  ctx.stdout.write(`\n${ctx.out.dim('Run file:')} ${displayPath(ctx, resolve(file))}\n`);
  return EXIT_OK;
}
