// Resolves the run configuration: defaults < the workload's `options` < overrides (flags, settings).
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { RunConfig, Order } from '../../common/runFile';
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
  return { workers: defaultWorkerCounts(), repeat: 3, warmup: 1, timeoutMs: 30_000, batch: 1, order: 'given', coreSampleMs: DEFAULT_CORE_SAMPLE_MS, cpuProfile: false };
}

/** What a workload may put in `export const options`. */
export const WorkloadOptions = z.object({
  workers: z.array(z.number().int().min(1).max(1024)).min(1),
  repeat: z.number().int().min(1).max(1000),
  warmup: z.number().int().min(0).max(100),
  timeoutMs: z.number().int().min(1),
  batch: z.number().int().min(1),
  order: Order,
  maxOldGenerationSizeMb: z.number().int().min(16),
  cpuProfile: z.boolean(),
}).partial().strict();

export function describeZod(e: z.ZodError): { option: string; message: string } {
  const i = e.issues[0];
  return { option: i.path.join('.') || '(options)', message: i.message };
}

/** Merges defaults, the workload's options and the overrides, and validates; errors name the option. */
export function resolveConfig(workloadOptions: unknown, overrides: Partial<RunConfig> | undefined): RunConfig {
  const merged: Record<string, unknown> = { ...defaultConfig() };
  if (workloadOptions != null) {
    const parsed = WorkloadOptions.safeParse(workloadOptions);
    if (!parsed.success) {
      const d = describeZod(parsed.error);
      throw new ConfigError(`options.${d.option}`, d.message);
    }
    Object.assign(merged, parsed.data);
  }
  for (const [k, v] of Object.entries(overrides ?? {})) if (v !== undefined) merged[k] = v;
  const parsed = RunConfig.safeParse(merged);
  if (!parsed.success) {
    const d = describeZod(parsed.error);
    throw new ConfigError(d.option, d.message);
  }
  const cfg = parsed.data;
  cfg.workers = [...new Set(cfg.workers)].sort((a, b) => a - b);
  return cfg;
}
