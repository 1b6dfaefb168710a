// The run-option flags of `scalescope run` and `try`, derived from common/runOptions.ts, and the
// config overrides they make.
import { Option } from 'commander';
import { z } from 'zod';
import { RUN_OPTION_KEYS, RUN_OPTIONS, type RunOptionDef, type RunOptionKey, type RunOverrides } from '../../common/runOptions';
import { optionArgParser } from './argParsers';
import type { ExportTargets } from './exports';

/** Where runs are saved when --out is not given (relative to the current directory). */
export const DEFAULT_RUNS_DIR = '.scalescope/runs';

/** What commander hands an action: the run-option flags by attribute name (timeoutMs, cpuprofile, retryNoisy…) and the rest. */
export interface RunFlags extends ExportTargets {
  [flag: string]: unknown;
  out?: string;
  /** --cpuprofile <dir>: profiling on, its files written there. */
  cpuprofile?: string;
  quiet?: boolean;
  /** --redis <url>: run on a fleet (docs/fleet.md); --placement: spread or pack. */
  redis?: string;
  placement?: 'spread' | 'pack';
}

/** The flags that decide how a run is measured on a busy machine (`try` takes them too). */
export type NoiseFlags = Pick<RunFlags, 'settle' | 'retryNoisy'>;

type Command = 'run' | 'try';
type CliSpec = NonNullable<RunOptionDef['cli']>;

/** The run options with a flag on `command`. */
function flagged(command: Command): { key: RunOptionKey; cli: CliSpec }[] {
  return RUN_OPTION_KEYS.flatMap((key) => {
    const cli = (RUN_OPTIONS[key] as RunOptionDef).cli;
    return cli && (command === 'run' || cli.onTry) ? [{ key, cli }] : [];
  });
}

/** The commander option of one run option: help from its description, values parsed and bounded by its schema. */
export function flagOption(key: RunOptionKey, cli: CliSpec): Option {
  const { description, schema } = RUN_OPTIONS[key] as RunOptionDef;
  const help = (cli.syntax ? `${description}: ${cli.syntax}` : description).replace(/`/g, "");
  const option = new Option(cli.arg ? `${cli.flag} ${cli.arg}` : cli.flag, help);
  if (!cli.arg || cli.sets !== undefined) return option;
  // zod's enum options become commander's choices: its error lists them.
  const choices = schema instanceof z.ZodEnum ? (schema.options as string[]) : null;
  return choices ? option.choices(choices) : option.argParser(optionArgParser(key));
}

/** The run-option flags of `command`, in the order of common/runOptions.ts. */
export function runOptionFlags(command: Command): Option[] {
  return flagged(command).map(({ key, cli }) => flagOption(key, cli));
}

/** Only the flags the user gave: the engine merges them over the workload's own `options`. */
function overridesOfFlags(flags: RunFlags, command: Command): RunOverrides {
  const out: Record<string, unknown> = {};
  for (const { key, cli } of flagged(command)) {
    const option = flagOption(key, cli);
    const given = flags[option.attributeName()];
    if (given === undefined || (option.isBoolean() && given !== true)) continue;
    out[key] = cli.sets ?? given;
  }
  return out as RunOverrides;
}

export function overridesOf(flags: RunFlags): RunOverrides {
  return overridesOfFlags(flags, 'run');
}

export function noiseOverridesOf(flags: NoiseFlags): RunOverrides {
  return overridesOfFlags(flags, 'try');
}
