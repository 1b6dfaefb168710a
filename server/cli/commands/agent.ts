// `scalescope agent --redis URL [--slots N] [--name NAME] [--quiet]`: joins a fleet and runs the
// tasks coordinators send through that Redis until Ctrl-C (server/fleet/agent.ts; docs/fleet.md).
import { availableParallelism, hostname } from 'node:os';
import type { CliContext } from '../context';
import { parseRedisUrl } from '../../fleet/redisUrl';
import { EXIT_OK } from '../exitStatus';
import { exitSoon } from '../exitSoon';

export interface AgentFlags { redis: string; slots?: number; name?: string; quiet?: boolean }

export async function agentCommand(ctx: CliContext, flags: AgentFlags): Promise<number> {
  const target = parseRedisUrl(flags.redis);
  let stops = 0;
  let first!: (v: { force: boolean }) => void;
  let second!: () => void;
  const stop = new Promise<{ force: boolean }>((resolve) => { first = resolve; });
  const forceStop = new Promise<void>((resolve) => { second = resolve; });
  const onSignal = (): void => { if (stops++ === 0) first({ force: false }); else second(); };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    // Loaded here, not at start: BullMQ is for agents and fleet runs only (see commands/run.ts).
    const { runAgent } = await import('../../fleet/agent');
    await runAgent({
      target,
      name: flags.name ?? hostname(),
      slots: flags.slots ?? availableParallelism(),
      // Joining, leaving and trouble are always said; each point opened only without --quiet.
      log: (line) => { if (!flags.quiet || !/: run \S+ from /.test(line)) ctx.stderr.write(line + '\n'); },
      stop,
      forceStop,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    exitSoon();
  }
  return EXIT_OK;
}

