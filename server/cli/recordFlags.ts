// The flags of `scalescope record`: those it shares with `run` come from their one definition in
// common/runOptions.ts (same spelling, arguments, bounds and defaults); the rest are its own.
import { InvalidArgumentError, Option } from 'commander';
import { RUN_OPTIONS, type RunOptionDef, type RunOptionKey } from '../../common/runOptions';
import type { ExportTargets } from './exports';
import { flagOption } from './runFlags';

/** The run options `record` takes, as `run` does. */
const SHARED: RunOptionKey[] = ['workers', 'repeat', 'warmup', 'timeoutMs', 'cpuProfile'];

export interface RecordFlags extends ExportTargets {
  /** --duration S: record a window of S seconds of each run, then stop the program gracefully. */
  duration?: number;
  /** --cpuprofile <dir>: the threads that run tasks are profiled, their files written there. */
  cpuprofile?: string;
  workers?: number[];
  repeat?: number;
  warmup?: number;
  timeoutMs?: number;
  maxSeconds?: number;
  /** false with --no-pool-override. */
  poolOverride: boolean;
  out?: string;
  quiet?: boolean;
}

function positiveSeconds(text: string): number {
  const s = Number(text.trim());
  if (!(s > 0) || !Number.isFinite(s)) throw new InvalidArgumentError('expected a number of seconds > 0.');
  return s;
}

export function recordOptionFlags(): Option[] {
  return [
    ...SHARED.map((key) => {
      const option = flagOption(key, (RUN_OPTIONS[key] as RunOptionDef).cli!);
      // Same flag, values and default as `run`; what record does with it differs (docs/decisions/record.md).
      if (key === 'timeoutMs') option.description = 'per-task timeout in ms, as for run: a task running longer is a failure with cause "timeout", and the program is stopped (its process group; what was measured is kept)';
      return option;
    }),
    new Option('--duration <s>', 'record a window of S seconds of each run of a long-running program (a server under load), then stop it: SIGINT, then SIGTERM, then SIGKILL to its process group, 2 s apart; the window is the makespan').argParser(positiveSeconds),
    new Option('--max-seconds <s>', 'stop one run of the program after S seconds (the process group is killed; what was measured is kept)').argParser(positiveSeconds),
    new Option('--no-pool-override', 'leave the sizes of piscina, tinypool and workerpool pools as the program sets them (by default min and max are the swept count)'),
  ];
}
