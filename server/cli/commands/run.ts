// `scalescope run <workload> [flags]`: sweep the workload, print the report, save and export.
import { resolve } from 'node:path';
import type { CliContext } from '../context';
import { DEFAULT_RUNS_DIR, overridesOf, type RunFlags } from '../runFlags';
import { sweepAndReport } from '../sweepAndReport';
import { FleetError } from '../../fleet/fleetError';
import { parseRedisUrl } from '../../fleet/redisUrl';
import { exitSoon } from '../exitSoon';

export async function runCommand(ctx: CliContext, workload: string, flags: RunFlags): Promise<number> {
  const overrides = overridesOf(flags);
  // --redis: the same sweep, its points' tasks run by the fleet's agents (docs/fleet.md).
  // Loaded only for --redis: BullMQ and its Redis client add ≈ 45 MB to a local run's peak memory
  // when they are loaded at start (bench/million.ts, 2026-12-03: 274 → 320 MB).
  const fleet = flags.redis === undefined ? null : await (await import('../../fleet/coordinator')).Fleet.connect(parseRedisUrl(flags.redis), flags.placement ?? 'spread');
  try {
    if (fleet && overrides.workers) {
      const { total, detail } = fleet.slots();
      const most = Math.max(...overrides.workers);
      if (most > total) throw new FleetError(`--workers ${most} needs ${most} slots, but the fleet at ${fleet.target.display} has ${total} (${detail})`);
    }
    return await sweepAndReport(ctx, {
      workloadPath: resolve(ctx.cwd, workload),
      workloadArg: workload,
      overrides,
      runsDir: resolve(ctx.cwd, flags.out ?? DEFAULT_RUNS_DIR),
      cpuProfileDir: flags.cpuprofile === undefined ? undefined : resolve(ctx.cwd, flags.cpuprofile),
      remote: fleet ?? undefined,
    }, flags, flags.quiet === true);
  } finally {
    if (fleet) {
      await fleet.close();
      exitSoon();
    }
  }
}
