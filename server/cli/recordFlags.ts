// The flags of `scalescope record`: those it shares with `run` come from their one definition in
// common/runOptions.ts (same spelling, arguments, bounds and defaults); the rest are its own.
import { InvalidArgumentError, Option } from 'commander';
import { RUN_OPTIONS, type RunOptionDef, type RunOptionKey } from '../../common/runOptions';
import type { ExportTargets } from './exports';
import { flagOption } from './runFlags';

/** The run options `record` takes, as `run` does. */
const SHARED: RunOptionKey[] = ['workers', 'repeat', 'warmup', 'timeoutMs'];

export interface RecordFlags extends ExportTargets {
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
    ...SHARED.map((key) => flagOption(key, (RUN_OPTIONS[key] as RunOptionDef).cli!)),
    new Option('--max-seconds <s>', 'stop one run of the program after S seconds (the process group is killed; what was measured is kept)').argParser(positiveSeconds),
    new Option('--no-pool-override', 'leave the sizes of piscina pools as the program sets them (by default min and max threads are the swept count)'),
  ];
}

/** The shared options' values: given, else their defaults (common/runOptions.ts). */
export function recordSettings(flags: RecordFlags): { repeat: number; warmup: number; timeoutMs: number } {
  return {
    repeat: flags.repeat ?? RUN_OPTIONS.repeat.default,
    warmup: flags.warmup ?? RUN_OPTIONS.warmup.default,
    timeoutMs: flags.timeoutMs ?? RUN_OPTIONS.timeoutMs.default,
  };
}
