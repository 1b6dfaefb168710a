// `scalescope list [--out DIR]`: the saved runs in a folder, newest first.
import { fmtX, NOT_MEASURED } from '../../../common/format';
import { resolve } from 'node:path';
import { listRuns } from '../../engine/runStore';
import { displayPath, type CliContext } from '../context';
import { EXIT_OK } from '../exitStatus';
import { renderTable } from '../table';
import { formatRunTime } from '../../../common/runTime';

export function listCommand(ctx: CliContext, dir: string): number {
  const runsDir = resolve(ctx.cwd, dir);
  const runs = listRuns(runsDir, (file, e) => ctx.stderr.write(ctx.err.yellow(`skipped ${displayPath(ctx, file)}: ${e.message}`) + '\n'));
  if (runs.length === 0) {
    ctx.stdout.write(`No runs in ${displayPath(ctx, runsDir)}\n`);
    return EXIT_OK;
  }
  const rows = runs.map(({ file, run }) => {
    const best = run.analysis?.scaling.reduce<{ workers: number; speedup: number } | null>((b, s) => (b === null || s.speedup > b.speedup ? s : b), null) ?? null;
    return [
      formatRunTime(run.startedAt),
      run.status,
      run.workload.name,
      run.points.map((p) => p.workers).join(','),
      best ? `${fmtX(best.speedup)} @ ${best.workers}` : NOT_MEASURED,
      String(run.failures.length),
      displayPath(ctx, file),
    ];
  });
  ctx.stdout.write(renderTable([
    { header: 'started', align: 'left' },
    { header: 'status', align: 'left' },
    { header: 'workload', align: 'left' },
    { header: 'workers', align: 'left' },
    { header: 'best speedup', align: 'right' },
    { header: 'failures', align: 'right' },
    { header: 'file', align: 'left' },
  ], rows, '') + '\n');
  return EXIT_OK;
}
