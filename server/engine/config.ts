// Resolves the run configuration: defaults < the workload's `options` < overrides (flags, settings).
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { RunConfig, Order } from '../../common/runFile';
import { ConfigError } from './errors';
import { MAX_WORKERS } from '../../common/workerCounts';

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
  workers: z.array(z.number().int().min(1).max(MAX_WORKERS)).min(1),
  repeat: z.number().int().min(1).max(1000),
  warmup: z.number().int().min(0).max(100),
  timeoutMs: z.number().int().min(1),
  batch: z.number().int().min(1),
  order: Order,
  maxOldGenerationSizeMb: z.number().int().min(16),
  cpuProfile: z.boolean(),
}).partial().strict();

/** Every problem zod found, on one line: "repeat (too small: expected number to be >=1); bogus (unrecognized key)". */
export function describeZod(e: z.ZodError): string {
  return e.issues.map((i) => {
    const keys = (i as { keys?: string[] }).keys;
    const at = i.path.map((p, k) => (typeof p === 'number' ? `[${p}]` : `${k ? '.' : ''}${String(p)}`)).join('');
    if (i.code === 'unrecognized_keys' && keys) return keys.map((key) => `${at ? `${at}.` : ''}${key} (not an option)`).join('; ');
    return `${at || '(options)'} (${i.message.charAt(0).toLowerCase()}${i.message.slice(1)})`;
  }).join('; ');
}

/** Merges defaults, the workload's options and the overrides, and validates; the error lists every bad option. */
export function resolveConfig(workloadOptions: unknown, overrides: Partial<RunConfig> | undefined): RunConfig {
  const merged: Record<string, unknown> = { ...defaultConfig() };
  if (workloadOptions != null) {
    const parsed = WorkloadOptions.safeParse(workloadOptions);
    if (!parsed.success) throw new ConfigError('options', describeZod(parsed.error));
    Object.assign(merged, parsed.data);
  }
  for (const [k, v] of Object.entries(overrides ?? {})) if (v !== undefined) merged[k] = v;
  const parsed = RunConfig.safeParse(merged);
  if (!parsed.success) throw new ConfigError('run settings', describeZod(parsed.error));
  const cfg = parsed.data;
  cfg.workers = [...new Set(cfg.workers)].sort((a, b) => a - b);
  return cfg;
}
