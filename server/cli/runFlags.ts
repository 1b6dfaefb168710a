// The flags of `scalescope run` and the config overrides they make.
import type { RunConfig } from '../../common/runFile';
import type { ExportTargets } from './exports';

/** Where runs are saved when --out is not given (relative to the current directory). */
export const DEFAULT_RUNS_DIR = '.scalescope/runs';

export interface RunFlags extends ExportTargets {
  workers?: number[];
  repeat?: number;
  warmup?: number;
  timeoutMs?: number;
  batch?: number;
  order?: RunConfig['order'];
  out?: string;
  cpuprofile?: string;
  quiet?: boolean;
  /** --settle: wait before each repeat until other processes quieten (bounded). */
  settle?: boolean;
  /** --retry-noisy <n>: re-measure a repeat on a busy machine up to n times. */
  retryNoisy?: number;
}

/** The flags that decide how a run is measured on a busy machine (run and try share them). */
export type NoiseFlags = Pick<RunFlags, 'settle' | 'retryNoisy'>;

export function noiseOverridesOf(flags: NoiseFlags): Partial<RunConfig> {
  const o: Partial<RunConfig> = {};
  if (flags.settle) o.settle = true;
  if (flags.retryNoisy !== undefined) o.retryNoisy = flags.retryNoisy;
  return o;
}

/** Only the flags the user gave: the engine merges them over the workload's own `options`. */
export function overridesOf(flags: RunFlags): Partial<RunConfig> {
  const o: Partial<RunConfig> = {};
  if (flags.workers !== undefined) o.workers = flags.workers;
  if (flags.repeat !== undefined) o.repeat = flags.repeat;
  if (flags.warmup !== undefined) o.warmup = flags.warmup;
  if (flags.timeoutMs !== undefined) o.timeoutMs = flags.timeoutMs;
  if (flags.batch !== undefined) o.batch = flags.batch;
  if (flags.order !== undefined) o.order = flags.order;
  if (flags.cpuprofile !== undefined) o.cpuProfile = true;
  return { ...o, ...noiseOverridesOf(flags) };
}
