// Every run option, defined once: its schema (with its bounds), default, description, CLI flag and
// whether it is a workload `options` key and an editor setting. The workload options, the run
// file's config, the LSP overrides and settings, the CLI flags, package.json's settings and
// docs/options.md are all derived from RUN_OPTIONS (docs/decisions/run-options.md says how to add
// one; test/unit/run-options.test.ts checks that every surface agrees).
import * as z from 'zod';
import { MAX_WORKERS, parseWorkerCounts } from './workerCounts';

export const Order = z.enum(['given', 'longest-first', 'shuffle']);
export type Order = z.infer<typeof Order>;

/**
 * How an option is an editor setting `scalescope.<key>`:
 * - 'unless-null': `null` (the default) leaves it to the workload's `options`, any other value overrides;
 * - 'when-on': a switch, off by default; on overrides, off leaves it to the workload.
 */
export type SettingKind = 'unless-null' | 'when-on';

export interface RunOptionDef<S extends z.ZodType = z.ZodType> {
  schema: S;
  /** The value a run gets when nobody sets it; absent when it is computed (or the option stays unset in the run file). */
  default?: z.infer<S>;
  /** The default in words, for the docs and the settings' descriptions. */
  defaultText: string;
  /** One phrase, lower-case, no final stop: CLI help, settings, docs/options.md. */
  description: string;
  /** May be set in the workload's `export const options`. */
  workload: boolean;
  /** The CLI flag of `scalescope run` (and `try` when `onTry`). */
  cli?: {
    flag: `--${string}`;
    /** The argument's placeholder, e.g. '<n>'; none for a switch. */
    arg?: `<${string}>`;
    /** What the argument looks like, appended to the description in `--help` after a colon. */
    syntax?: string;
    /** The flag's argument is not the option's value (--cpuprofile <dir> turns profiling on). */
    sets?: z.infer<S>;
    /** `scalescope try` takes the flag too (the rest of a try's config comes from the tried run). */
    onTry?: boolean;
  };
  setting?: SettingKind;
}

/** Keeps each definition's literal types (`workload: true`, `setting: 'when-on'`) for the derived types below. */
const option = <const D extends RunOptionDef>(d: D): D => d;
const whole = (min: number, max?: number): z.ZodNumber => (max === undefined ? z.number().int().min(min) : z.number().int().min(min).max(max));

export const RUN_OPTIONS = {
  workers: option({
    // uniqueItems: for the settings editor's warnings; a repeated count is measured once anyway.
    schema: z.array(whole(1, MAX_WORKERS)).min(1).meta({ uniqueItems: true }),
    defaultText: '1, 2, 4 … up to the number of cores, and the core count',
    description: 'worker counts to measure',
    workload: true,
    cli: { flag: '--workers', arg: '<list>', syntax: '1,2,4,8 (a list), 1-8 (every count), 1..16 (powers of two)' },
    setting: 'unless-null',
  }),
  repeat: option({
    schema: whole(1, 1000),
    default: 3,
    defaultText: '3',
    description: 'measured repeats per worker count (the median makespan is used, min–max kept)',
    workload: true,
    cli: { flag: '--repeat', arg: '<n>' },
    setting: 'unless-null',
  }),
  warmup: option({
    schema: whole(0, 100),
    default: 1,
    defaultText: '1',
    description: 'unmeasured warm-up repeats per worker count (JIT, caches)',
    workload: true,
    cli: { flag: '--warmup', arg: '<n>' },
    setting: 'unless-null',
  }),
  timeoutMs: option({
    schema: whole(1),
    default: 30_000,
    defaultText: '30000',
    description: 'per-task timeout in ms: a task running longer fails with cause "timeout" and its worker is replaced',
    workload: true,
    cli: { flag: '--timeout-ms', arg: '<n>' },
    setting: 'unless-null',
  }),
  batch: option({
    // `auto`: the engine picks the batch per worker count from the hand-over and task times it
    // measured in the first warm-up repeat (server/analysis/batchChoice.ts; docs/decisions/engine.md, "Batch auto").
    schema: z.union([whole(1), z.literal('auto')]),
    default: 1,
    defaultText: '1',
    description: "inputs per dispatch to a worker (amortises the pool's per-message cost); `auto` picks it per worker count from the measured hand-over and task times",
    workload: true,
    cli: { flag: '--batch', arg: '<n|auto>' },
    setting: 'unless-null',
  }),
  order: option({
    schema: Order,
    default: 'given',
    defaultText: '`given`',
    description: 'dispatch order of the inputs: `longest-first` sorts them by the durations of the newest saved run of the workload (else of the 1-worker point), `shuffle` is seeded',
    workload: true,
    cli: { flag: '--order', arg: '<order>' },
  }),
  maxOldGenerationSizeMb: option({
    schema: whole(16),
    defaultText: 'max(256, min(4096, RAM / 2p)) for p workers',
    description: 'heap limit of each worker in MB: a task past it fails with cause "oom"',
    workload: true,
  }),
  cpuProfile: option({
    schema: z.boolean(),
    default: false,
    defaultText: 'off',
    description: 'record a V8 CPU profile in every worker (flame charts; adds overhead to tasks shorter than a few ms)',
    workload: true,
    cli: { flag: '--cpuprofile', arg: '<dir>', syntax: "its .cpuprofile files are written to DIR", sets: true },
    setting: 'when-on',
  }),
  settle: option({
    schema: z.boolean(),
    defaultText: 'off',
    description: 'before each repeat, wait (up to 15 s) until other processes use less than 0.2 cores',
    workload: false,
    cli: { flag: '--settle', onTry: true },
    setting: 'when-on',
  }),
  retryNoisy: option({
    schema: whole(0),
    defaultText: '0 (no repeat is measured again)',
    description: 're-measure a repeat that ran on a busy machine, up to N times (both are kept)',
    workload: false,
    cli: { flag: '--retry-noisy', arg: '<n>', onTry: true },
    setting: 'unless-null',
  }),
};

export type RunOptions = typeof RUN_OPTIONS;
export type RunOptionKey = keyof RunOptions;
export const RUN_OPTION_KEYS = Object.keys(RUN_OPTIONS) as RunOptionKey[];
type SchemaOf<K extends RunOptionKey> = RunOptions[K]['schema'];
export type RunOptionValue<K extends RunOptionKey> = z.infer<SchemaOf<K>>;

export type WorkloadOptionKey = { [K in RunOptionKey]: RunOptions[K]['workload'] extends true ? K : never }[RunOptionKey];
export type SettingOptionKey = { [K in RunOptionKey]: RunOptions[K] extends { setting: SettingKind } ? K : never }[RunOptionKey];

const def = (key: RunOptionKey): RunOptionDef => RUN_OPTIONS[key];

function shapeOf<K extends RunOptionKey>(keys: readonly K[]): { [P in K]: SchemaOf<P> } {
  return Object.fromEntries(keys.map((k) => [k, RUN_OPTIONS[k].schema])) as { [P in K]: SchemaOf<P> };
}

export const WORKLOAD_OPTION_KEYS = RUN_OPTION_KEYS.filter((k) => def(k).workload) as WorkloadOptionKey[];
export const SETTING_OPTION_KEYS = RUN_OPTION_KEYS.filter((k) => def(k).setting) as SettingOptionKey[];

/** Every option's schema, keyed by option: the run file's config and the overrides build on it. */
export const runOptionShape = shapeOf(RUN_OPTION_KEYS);

/** What a workload may put in `export const options`. */
export const WorkloadOptions = z.object(shapeOf(WORKLOAD_OPTION_KEYS)).partial().strict();
export type WorkloadOptions = z.infer<typeof WorkloadOptions>;

/** Run options set over the workload's own (flags, settings, the editor's quick inputs, a suggestion's change). */
export const RunOverrides = z.object(runOptionShape).partial().strict();
export type RunOverrides = z.infer<typeof RunOverrides>;

/** The run-option part of the `scalescope.*` settings, each optional (null is removed before parsing). */
export const runOptionSettingsShape = (() => {
  const shape = shapeOf(SETTING_OPTION_KEYS);
  return Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, s.optional()])) as { [K in SettingOptionKey]: z.ZodOptional<SchemaOf<K>> };
})();

/** The overrides the run-option settings make: a 'when-on' setting only when on, an 'unless-null' one when set. */
export function overridesOfSettings(settings: Partial<Record<SettingOptionKey, unknown>>): RunOverrides {
  const out: Record<string, unknown> = {};
  for (const key of SETTING_OPTION_KEYS) {
    const value = settings[key];
    if (value === undefined || (def(key).setting === 'when-on' && value !== true)) continue;
    out[key] = value;
  }
  return out as RunOverrides;
}

/** The defaults that every run file records (computed ones, such as the worker counts, are added by the engine). */
export function storedDefaults(): RunOverrides {
  const out: Record<string, unknown> = {};
  for (const key of RUN_OPTION_KEYS) if (def(key).default !== undefined) out[key] = def(key).default;
  return out as RunOverrides;
}

/** "a whole number ≥ 1", "a whole number from 1 to 1000", … : what a typed value must look like. */
export function expectedText(key: RunOptionKey): string {
  const s = def(key).schema;
  if (s instanceof z.ZodNumber) return alternativeText(s);
  if (s instanceof z.ZodEnum) return `one of ${(s.options as string[]).join(', ')}`;
  if (s instanceof z.ZodUnion) return (s.options as z.ZodType[]).map(alternativeText).join(' or ');
  if (s instanceof z.ZodBoolean) return 'true or false';
  return `worker counts from 1 to ${MAX_WORKERS}, e.g. 1,2,4,8 or 1-8 or 1..16`;
}

/** One alternative of a union option (batch: a whole number or `auto`). */
function alternativeText(s: z.ZodType): string {
  if (s instanceof z.ZodNumber) {
    const min = s.minValue ?? 0;
    const max = s.maxValue !== null && s.maxValue < Number.MAX_SAFE_INTEGER ? s.maxValue : null;
    return max === null ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`;
  }
  if (s instanceof z.ZodLiteral) return String(s.value);
  return 'a value';
}

/**
 * The one parser of a typed value (a CLI argument, the editor's quick inputs): the option's value,
 * or an error that says what was expected. Worker counts use their grammar (common/workerCounts.ts).
 */
export function parseOptionText<K extends RunOptionKey>(key: K, text: string): { value: RunOptionValue<K> } | { error: string } {
  const s = def(key).schema;
  const t = text.trim();
  let raw: unknown = t;
  if (key === 'workers') {
    const parsed = parseWorkerCounts(t);
    if ('error' in parsed) return parsed;
    raw = parsed.counts;
  } else if (s instanceof z.ZodNumber || s instanceof z.ZodUnion) raw = /^\d+$/.test(t) ? Number(t) : s instanceof z.ZodNumber ? NaN : t;
  else if (s instanceof z.ZodBoolean) raw = t === 'true' ? true : t === 'false' ? false : t;
  const r = s.safeParse(raw);
  return r.success ? { value: r.data as RunOptionValue<K> } : { error: `expected ${expectedText(key)}` };
}
