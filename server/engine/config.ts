// Resolves the run configuration: defaults < the workload's `options` < overrides (flags, settings).
// Every option, its bounds and its default are defined once in common/runOptions.ts.
import { availableParallelism } from 'node:os';
import { RunConfig } from '../../common/runFile';
import { WorkloadOptions, storedDefaults } from '../../common/runOptions';
import { validationMessage } from '../../common/validationMessage';
import { ConfigError } from './errors';

export const DEFAULT_CORE_SAMPLE_MS = 20;
/** V8 sampling interval when profiling: ≤ 10% overhead on 1 ms tasks (bench/profiling-overhead.ts). */
export const DEFAULT_PROFILE_INTERVAL_US = 1000;

/** 1, 2, 4, ... up to the number of cores, and the core count itself. */
export function defaultWorkerCounts(cpus = availableParallelism()): number[] {
  const out: number[] = [];
  for (let p = 1; p < cpus; p *= 2) out.push(p);
  out.push(Math.max(1, cpus));
  return [...new Set(out)];
}

export function defaultConfig(): RunConfig {
  return { ...storedDefaults(), workers: defaultWorkerCounts(), coreSampleMs: DEFAULT_CORE_SAMPLE_MS } as RunConfig;
}

const OPTION_WORDING = { root: '(options)', unknownKey: 'not an option' };

/** Merges defaults, the workload's options and the overrides, and validates; the error lists every bad option. */
export function resolveConfig(workloadOptions: unknown, overrides: Partial<RunConfig> | undefined, defaults: Partial<RunConfig> = {}): RunConfig {
  const merged: Record<string, unknown> = { ...defaultConfig(), ...defaults };
  if (workloadOptions != null) {
    const parsed = WorkloadOptions.safeParse(workloadOptions);
    if (!parsed.success) throw new ConfigError('options', validationMessage(parsed.error, OPTION_WORDING));
    Object.assign(merged, parsed.data);
  }
  for (const [k, v] of Object.entries(overrides ?? {})) if (v !== undefined) merged[k] = v;
  const parsed = RunConfig.safeParse(merged);
  if (!parsed.success) throw new ConfigError('run settings', validationMessage(parsed.error, OPTION_WORDING));
  const cfg = parsed.data;
  cfg.workers = [...new Set(cfg.workers)].sort((a, b) => a - b);
  return cfg;
}
