// The run file: the single source of truth every front reads (CLI, server, webview, exports).
// Schema "scalescope.run/2" — see docs/decisions/run-file.md and docs/workload.md "What is recorded". Validated
// wherever it is read: zod for the structure, plain loops for the per-task columns (millions of entries).
// v2 = v1 except that a per-task column may be stored encoded (common/columnCodec.ts); in memory a
// run always has plain arrays and the current schema, whichever version its file had.
import * as z from 'zod';
import { ColumnError, decodeColumn, encodeColumn, storedColumnJson, type ColumnKind } from './columnCodec';
import { OPTIONAL_TASK_COLUMNS, readPackedTaskColumns, unpackColumn, type PackedColumn, type PackedTaskColumns } from './packedColumns';
import { typedColumnJson } from './typedColumnJson';
import { runOptionShape } from './runOptions';
import { validationMessage } from './validationMessage';

/** The schema written. */
export const RUN_SCHEMA = 'scalescope.run/2';
/** The schema before encoded columns: still read (its columns are plain arrays only). */
export const RUN_SCHEMA_V1 = 'scalescope.run/1';
export const READABLE_RUN_SCHEMAS: readonly string[] = [RUN_SCHEMA, RUN_SCHEMA_V1];

const num = z.number();
const nnum = z.number().nullable();

export const Location = z.object({ file: z.string(), line: z.number().int().min(1), column: z.number().int().min(1).optional() });
export type Location = z.infer<typeof Location>;

export { Order } from './runOptions';

/** The options every run file has held since scalescope.run/1; an option added later is optional in the file. */
const ALWAYS_RECORDED = { workers: true, repeat: true, warmup: true, timeoutMs: true, batch: true, order: true } as const;

/** The config a run used: every run option (common/runOptions.ts) as resolved, and how it was measured. */
export const RunConfig = z.object(runOptionShape).partial().required(ALWAYS_RECORDED).extend({
  /** Sampling interval of the per-core utilisation series. */
  coreSampleMs: z.number().positive().optional(),
  /**
   * Measurement plan: 'blocks' interleaves repeats across worker counts (every count once per
   * block, in an order shuffled with `seed`); 'sequential' runs all repeats of one count, then the
   * next (runs made before the plan existed). Absent = 'sequential'.
   */
  plan: z.object({ kind: z.enum(['blocks', 'sequential']), seed: z.number().int() }).optional(),
});
export type RunConfig = z.infer<typeof RunConfig>;

/**
 * Per-task records, columnar: every array has one entry per task execution (all repeats of the
 * point, warm-ups excluded). Times are ms relative to the start of the task's repeat.
 * A null entry means "not measurable here" (e.g. no /proc), never "zero".
 */
export const TaskColumns = z.object({
  index: z.array(num),        // input index in tasks()
  repeat: z.array(num),       // repeat number, 0-based
  worker: z.array(num),       // worker index 0..p-1 (a replaced worker keeps its slot)
  dispatch: z.array(num),     // dispatch (batch) number within the repeat
  submitMs: z.array(num),     // when the engine handed the dispatch to the pool
  startMs: z.array(num),      // task function entered (worker clock = same epoch clock)
  endMs: z.array(num),        // task function settled
  queueMs: z.array(num),      // start of its dispatch − submit (dispatch/queue wait)
  cpuMs: z.array(nnum),       // thread CPU time during the task (process.threadCpuUsage, Node ≥ 23.9; else null)
  runQueueMs: z.array(nnum),  // runnable but not running (schedstat field 2)
  coreStart: z.array(nnum),   // CPU the thread was on at start (/proc/thread-self/stat field 39)
  coreEnd: z.array(nnum),
  lockWaitMs: z.array(num),   // time blocked in Atomics.wait / sync helpers during the task
  gcMs: z.array(num),         // GC pause time in the worker overlapping the task
  bytesIn: z.array(nnum),     // structured-clone size of the input
  bytesOut: z.array(nnum),    // structured-clone size of the result
  ok: z.array(z.boolean()),
  // Optional columns (OPTIONAL_TASK_COLUMNS): absent in runs that have nothing to put there, never empty.
  host: z.array(num).optional(),       // fleet runs: index into the run's `hosts` of the host that ran the task
  receivedMs: z.array(num).optional(), // fleet runs: when the coordinator received the task's result (same clock and origin as startMs)
  enqueuedMs: z.array(num).optional(), // fleet runs: when the coordinator sent the task's job to Redis (same clock and origin as startMs)
  location: z.array(nnum).optional(),   // recorded runs: index into the run's `taskLocations` of the task function; null where not known
});
export type TaskColumns = z.infer<typeof TaskColumns>;
export const TASK_COLUMNS = Object.keys(TaskColumns.shape) as (keyof TaskColumns)[];
/** What each per-task column may hold (checked by loops, not by zod per element). */
export const TASK_COLUMN_KIND: Record<keyof TaskColumns, ColumnKind> = {
  index: 'number', repeat: 'number', worker: 'number', dispatch: 'number', submitMs: 'number', startMs: 'number',
  endMs: 'number', queueMs: 'number', cpuMs: 'nullableNumber', runQueueMs: 'nullableNumber', coreStart: 'nullableNumber',
  coreEnd: 'nullableNumber', lockWaitMs: 'number', gcMs: 'number', bytesIn: 'nullableNumber', bytesOut: 'nullableNumber', ok: 'boolean',
  host: 'number', receivedMs: 'number', enqueuedMs: 'number', location: 'nullableNumber',
};
export { OPTIONAL_TASK_COLUMNS };
/** The columns a point holds: every required one, and the optional ones it has. */
export function presentTaskColumns(tasks: AnyTaskColumns): (keyof TaskColumns)[] {
  return TASK_COLUMNS.filter((k) => !OPTIONAL_TASK_COLUMNS.has(k) || tasks[k] !== undefined);
}

export const CoreSeries = z.object({
  repeat: z.number().int(),
  /** Sample times, ms relative to the repeat start (end of each sampling interval). */
  timesMs: z.array(num),
  /** busy[c][i]: utilisation 0..1 of core c over the interval ending at timesMs[i]. */
  busy: z.array(z.array(num)),
  source: z.enum(['proc-stat', 'os-cpus']),
  /** Fleet runs: the host (index into the run's `hosts`) whose cores these are; times on the coordinator's clock. */
  host: z.number().int().min(0).optional(),
});
export type CoreSeries = z.infer<typeof CoreSeries>;

export const WorkerStat = z.object({
  worker: z.number().int(),
  repeat: z.number().int(),
  tasks: z.number().int(),
  busyMs: num,
  idleMs: num,
  /** Event-loop utilisation of the worker over the repeat (performance.eventLoopUtilization). */
  elu: nnum,
  gcMs: num,
  /**
   * A recorded thread whose GC pauses could not be observed (its event loop never turned between
   * tasks, as in a pool that waits with a blocking Atomics.wait): its gcMs and its tasks' are 0 as unknown, not as measured.
   */
  gcUnobserved: z.literal(true).optional(),
  threadId: z.number().int().nullable(),
  /** Workers that died (exit, OOM, timeout) and were replaced in this slot. */
  replaced: z.number().int(),
  cpuProfile: z.string().nullable().optional(),
  /**
   * A recorded program's thread or process (workload runs leave these out): when it started and
   * when its first task began, ms from the repeat's start. The gap is its start-up (pool-churn).
   */
  startedMs: num.optional(),
  firstTaskMs: num.optional(),
  /** Fleet runs: the host (index into the run's `hosts`) the slot's thread ran on. */
  host: z.number().int().min(0).optional(),
});
export type WorkerStat = z.infer<typeof WorkerStat>;

/** A place in user code where threads waited (Atomics.wait, sync helpers), aggregated per point. */
export const WaitSite = z.object({
  kind: z.enum(['atomics-wait', 'mutex', 'semaphore', 'barrier', 'rwlock']),
  location: Location.nullable(),
  functionName: z.string().nullable(),
  /** Call path above the wait, outermost first, mapped to user source where possible. */
  stack: z.array(z.string()),
  count: z.number().int(),
  waitMs: num,
  holdMs: nnum,
});
export type WaitSite = z.infer<typeof WaitSite>;


/**
 * One frame of a merged CPU-profile call tree (all workers and profiled repeats of one sweep point),
 * mapped to user source where possible. Frames too small to matter are pruned into their parent's self time.
 */
export const FlameNode = z.object({
  id: z.number().int().min(0),
  /** Parent frame id; -1 for the root. Parents come before their children. */
  parent: z.number().int().min(-1),
  name: z.string(),
  file: z.string().nullable(),
  line: z.number().int().min(1).nullable(),
  selfMs: num,
  totalMs: num,
});
export type FlameNode = z.infer<typeof FlameNode>;

/** What one worker was running over time (profile samples, run-length encoded), columnar. */
export const FlameLane = z.object({
  worker: z.number().int(),
  repeat: z.number().int(),
  /** ms relative to the repeat start (the Timeline's time axis). */
  startMs: z.array(num),
  endMs: z.array(num),
  /** Innermost FlameNode id running in [startMs, endMs). */
  node: z.array(z.number().int()),
});
export type FlameLane = z.infer<typeof FlameLane>;

/** The CPU profiles of one sweep point, merged (see the Flame view and analysis.flame). */
export const PointFlame = z.object({
  samplingIntervalUs: num,
  /** Repeats whose profiles were merged into `nodes` (warm-ups excluded). */
  repeats: z.array(z.number().int()),
  nodes: z.array(FlameNode),
  lanes: z.array(FlameLane),
});
export type PointFlame = z.infer<typeof PointFlame>;

/**
 * What the machine did during one repeat of a point, beside the workload (docs/decisions/noise.md).
 * CPU times are ms of CPU (1 core busy for 1 ms = 1 ms); null where this platform cannot tell.
 */
export const RepeatMachine = z.object({
  repeat: z.number().int(),
  /** Position of this repeat in the whole sweep's measurement order (0-based). */
  order: z.number().int(),
  wallMs: num,
  /** CPU used by every process on the machine (/proc/stat, else os.cpus() times). */
  systemCpuMs: nnum,
  /** CPU used by the run's own process tree (engine, its threads, processes it started). */
  ownCpuMs: nnum,
  /** systemCpuMs − ownCpuMs, not below 0. */
  externalCpuMs: nnum,
  /** externalCpuMs / wallMs: mean cores other processes used during the repeat. */
  externalLoadCores: nnum,
  /** The workers' run-queue delay over the repeat (runnable, not running; whole threads, so between tasks too, else the sum over tasks); null unmeasured. */
  runQueueMs: nnum,
  /** Run-queue delay of the engine's dispatcher thread during the repeat; null unmeasured. */
  dispatcherRunQueueMs: nnum.optional(),
  /** Mean CPU frequency over the repeat in MHz where /sys exposes it, else null. */
  cpuMhz: nnum,
  source: z.enum(['proc', 'os-cpus']),
  /** This repeat was measured again because its external load was high; the re-measure follows it. */
  superseded: z.boolean().optional(),
  /** Milliseconds waited before the repeat for the machine to settle (--settle). */
  settledMs: num.optional(),
});
export type RepeatMachine = z.infer<typeof RepeatMachine>;

/**
 * How the point's tasks reached its workers: 'shared-queue', each worker pulling rows from shared
 * memory (docs/decisions/engine.md, "Pull dispatch"), or 'message', one message per dispatch, with
 * why. Absent in runs made before pull dispatch (all by message).
 */
export const PointDispatch = z.object({ kind: z.enum(['shared-queue', 'message']), reason: z.string().optional() });
export type PointDispatch = z.infer<typeof PointDispatch>;

/**
 * The batch the point's measured repeats ran at: `fixed` (the `batch` option) or `auto`, picked by the
 * engine from the point's first warm-up repeat, run at `probeBatch` (server/analysis/batchChoice.ts;
 * docs/decisions/engine.md, "Batch auto"), with the figures that justified it. Absent in runs made before `auto`
 * (their batch is the config's).
 */
export const PointBatch = z.object({
  mode: z.enum(['fixed', 'auto']),
  /** Inputs per dispatch (claim) of every measured repeat. */
  size: z.number().int().min(1),
  /** auto: the batch of the measuring warm-up. */
  probeBatch: z.number().int().min(1).optional(),
  /**
   * auto: what a claim (dispatch) costs beyond a task's own gap, ms: the median gap from a task's end
   * to the next start on one worker where the next begins a claim, less `taskGapMs` (all of it when
   * the probe ran at batch 1).
   */
  handOverMs: z.number().min(0).optional(),
  /** auto: the median gap inside a claim, ms: what every task costs whatever the batch. */
  taskGapMs: z.number().min(0).optional(),
  /** auto: mean duration of the warm-up's tasks that succeeded, ms. */
  taskMs: z.number().min(0).optional(),
  /** auto: the largest batch load balance allows (every worker keeps enough claims). */
  maxSize: z.number().int().min(1).optional(),
  /** auto: why this size, in words. */
  reason: z.string().optional(),
});
export type PointBatch = z.infer<typeof PointBatch>;

/**
 * A recorded program's dispatcher in one repeat (docs/decisions/record.md "The dispatcher"): the
 * thread that handed out the most work (posts to worker threads or child processes, tasks given to a
 * pool), its event-loop utilisation over the run (0–1, null when not written), and the delay from a
 * post to the start of the task it started, over the tasks matched to a post (`matched` of them).
 */
export const PointDispatcher = z.object({
  repeat: z.number().int(),
  elu: nnum,
  posts: z.number().int(),
  matched: z.number().int(),
  postToStartMsMedian: nnum,
  postToStartMsP90: nnum,
  /** Pools given tasks (piscina, tinypool, workerpool), every process's together. */
  pools: z.number().int().optional(),
  /** The most threads or processes that ran tasks at the same time. */
  peakThreads: z.number().int().optional(),
});
export type PointDispatcher = z.infer<typeof PointDispatcher>;

/**
 * A recorded program's use of libuv's threadpool in one repeat (docs/decisions/record.md): calls made
 * from task threads (async crypto, zlib, fs), the most in flight at once in one process (each has
 * its own pool of `poolSize` threads), their median time from call to callback, and their summed
 * time as a share of the tasks' time (null without task time).
 */
export const PointThreadpool = z.object({
  repeat: z.number().int(),
  poolSize: z.number().int(),
  calls: z.number().int(),
  peakInFlight: z.number().int(),
  callMsMedian: num,
  shareOfTaskTime: nnum,
});
export type PointThreadpool = z.infer<typeof PointThreadpool>;

export const Point = z.object({
  workers: z.number().int().min(1),
  makespanMs: num,
  makespansMs: z.array(num),
  tasks: TaskColumns,
  cores: z.array(CoreSeries),
  workerStats: z.array(WorkerStat),
  waitSites: z.array(WaitSite).optional(),
  /** Merged CPU profiles of the point, when profiling was on. */
  flame: PointFlame.optional(),
  /** The machine during each repeat (external load, run-queue delay, frequency). */
  machine: z.array(RepeatMachine).optional(),
  dispatch: PointDispatch.optional(),
  batch: PointBatch.optional(),
  /**
   * Fleet runs: the hosts the point's slots were on, in the order the placement policy filled them
   * (`host` indexes the run's `hosts`; the slots add up to `workers`).
   */
  placement: z.array(z.object({
    host: z.number().int().min(0),
    slots: z.number().int().min(1),
    /** The host's clock offset estimated as the point opened (its rows were converted with it; see FleetHost). */
    clockOffsetMs: num.optional(),
    clockUncertaintyMs: z.number().min(0).optional(),
  })).optional(),
  /**
   * Fleet runs: each host's machine during each measured repeat, probed by its agent (external load,
   * run-queue delay of its pool threads, frequency; `machine` is the coordinator's, where no task ran).
   */
  hostMachine: z.array(RepeatMachine.extend({ host: z.number().int().min(0) })).optional(),
  /** Recorded programs only: the dispatcher per repeat. */
  dispatcher: z.array(PointDispatcher).optional(),
  /** Recorded programs only: libuv threadpool use per repeat. */
  threadpool: z.array(PointThreadpool).optional(),
});
/**
 * A sweep point in memory: its task columns either plain arrays (a run read from a file) or packed
 * typed arrays (common/packedColumns.ts: NaN for null, ok as 0/1), as the engine records them from its
 * shared task table so that a million tasks never become a million JS values (docs/decisions/run-file.md).
 * Code that reads columns reads entries with `taskValue`/`taskOk`, or packs them (packTaskColumns).
 */
export type Point = Omit<z.infer<typeof Point>, 'tasks'> & { tasks: AnyTaskColumns };
/** Plain or packed task columns (see Point). */
export type AnyTaskColumns = TaskColumns | PackedTaskColumns;

/** 'lost-worker': a fleet agent stopped answering (killed, cut off) with the task in flight; the task ran again elsewhere. */
export const FailureCause = z.enum(['error', 'exit', 'timeout', 'oom', 'cancelled', 'lost-worker']);
export type FailureCause = z.infer<typeof FailureCause>;

export const Failure = z.object({
  workers: z.number().int(),
  repeat: z.number().int().optional(),
  taskIndex: z.number().int(),
  cause: FailureCause,
  message: z.string(),
  stack: z.string().optional(),
  location: Location.nullable(),
  /** Fleet runs: the host (index into the run's `hosts`) the task failed on. */
  host: z.number().int().min(0).optional(),
});
export type Failure = z.infer<typeof Failure>;

export const SuggestionKind = z.enum([
  'imbalance', 'granularity', 'oversubscription', 'lock-contention', 'serial-bottleneck',
  'gc-pressure', 'transfer-cost', 'queue-wait', 'memory-bandwidth', 'task-drift', 'pool-churn',
  // Fleet runs (docs/decisions/fleet-analysis.md).
  'batch-for-network', 'slow-host', 'host-imbalance', 'fleet-coordination',
  // Recorded programs (docs/decisions/record.md):
  'dispatcher-bound', 'oversubscribed', 'libuv-pool',
]);
export type SuggestionKind = z.infer<typeof SuggestionKind>;
export const Severity = z.enum(['info', 'warning']);

/** A [low, high] confidence interval. */
export const Interval = z.tuple([num, num]);
export type Interval = z.infer<typeof Interval>;
export const Significance = z.enum(['gain', 'loss', 'within-noise']);
export type Significance = z.infer<typeof Significance>;

export const Suggestion = z.object({
  kind: SuggestionKind,
  severity: Severity,
  title: z.string(),
  detail: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  /** The config change to apply on re-run, e.g. { order: 'longest-first' } or { batch: 64 }. */
  change: z.record(z.string(), z.unknown()),
  predictedGainPct: nnum,
  location: Location.nullable(),
  /** Set on a re-run made to try this suggestion: what was measured against the prediction. */
  measuredGainPct: nnum.optional(),
  /** 95% bootstrap interval of measuredGainPct over both runs' repeats. */
  measuredGainCi: Interval.nullable().optional(),
  /** Whether the measured difference is beyond noise: 'gain', 'loss' or 'within-noise'. */
  measuredSignificance: Significance.optional(),
});
export type Suggestion = z.infer<typeof Suggestion>;

export const HintKind = z.enum(['lock-contention', 'gc-pressure', 'transfer-cost', 'queue-wait', 'oversubscription', 'memory-bandwidth', 'hot-function']);
export const Hint = z.object({
  file: z.string(),
  line: z.number().int().min(1),
  kind: HintKind,
  severity: Severity,
  message: z.string(),
  /** Share of run time lost at this line, per worker count (0..1). */
  shareByWorkers: z.array(z.object({ workers: z.number().int(), share: num })).optional(),
});
export type Hint = z.infer<typeof Hint>;


/** Time per task of one frame at one worker count (CPU-time corrected, see docs/decisions/flame.md). */
export const FlameFrameCost = z.object({
  workers: z.number().int(),
  selfMsPerTask: num,
  totalMsPerTask: num,
  /** totalMsPerTask at this count / at the base count; null where the frame is absent at the base. */
  inflation: nnum,
  selfInflation: nnum,
});
/** A frame of the scaling flame chart: one tree across all worker counts, matched by call path. */
export const FlameFrame = z.object({
  id: z.number().int().min(0),
  parent: z.number().int().min(-1),
  name: z.string(),
  file: z.string().nullable(),
  line: z.number().int().min(1).nullable(),
  byWorkers: z.array(FlameFrameCost),
});
export type FlameFrame = z.infer<typeof FlameFrame>;
export const FlameAnalysis = z.object({
  /** The worker count inflation is measured against (1 when it was measured). */
  baseWorkers: z.number().int(),
  workers: z.array(z.number().int()),
  frames: z.array(FlameFrame),
});
export type FlameAnalysis = z.infer<typeof FlameAnalysis>;

export const Verdict = z.enum(['ok', 'noisy', 'unreliable']);
export type Verdict = z.infer<typeof Verdict>;

/** How far the run's numbers can be trusted (docs/decisions/noise.md has the thresholds). */
export const Quality = z.object({
  verdict: Verdict,
  /** One plain sentence each; empty when the verdict is ok. */
  reasons: z.array(z.string()),
  /** Mean cores used by other processes during each point, keyed by worker count. */
  externalLoadCores: z.record(z.string(), num),
  /** 100 × (max − min) / median of each point's makespans, keyed by worker count. */
  spreadPct: z.record(z.string(), num),
  /** Each point's makespan and efficiency estimated for a quiet machine (an estimate, labelled so). */
  quietEstimate: z.record(z.string(), z.object({ makespanMs: num, efficiency: num })).optional(),
  /** Worker counts whose points the verdict trusts (fits and suggestions use only these). */
  trustedWorkers: z.array(z.number().int()).optional(),
});
export type Quality = z.infer<typeof Quality>;

/** A code suggestion not made because the points it would stand on were not trusted. */
export const Withheld = z.object({ kind: z.string(), reason: z.string(), title: z.string().optional() }).passthrough();
export type Withheld = z.infer<typeof Withheld>;

export const ScalingRow = z.object({
  workers: z.number().int(),
  /** Raw measurement: T(1) / median T(p). */
  speedup: num,
  efficiency: num,
  speedupMin: num.optional(),
  speedupMax: num.optional(),
  /** Median makespan and its 95% bootstrap interval over repeats. */
  makespanMs: num.optional(),
  makespanCi: Interval.optional(),
  speedupCi: Interval.optional(),
  efficiencyCi: Interval.optional(),
  /** What the speedup is relative to: a measured 1-worker point, or an estimate from the fewest workers. */
  baseline: z.enum(['measured', 'estimated']).optional(),
});
export type ScalingRow = z.infer<typeof ScalingRow>;

/**
 * A latency over a fleet's tasks or jobs (docs/decisions/fleet-analysis.md): how many were measured,
 * the median and 95th percentile (null where too few were measured for it to mean anything), and
 * ± how far the two clocks it spans may disagree (0 when both ends are on one clock).
 */
export const FleetLatency = z.object({
  count: z.number().int().min(0),
  medianMs: nnum,
  p95Ms: nnum,
  clockUncertaintyMs: z.number().min(0),
});
export type FleetLatency = z.infer<typeof FleetLatency>;

/** One host at one point of a fleet run (the median repeat for times, every repeat for latencies). */
export const FleetHostRow = z.object({
  /** Index into the run's `hosts`. */
  host: z.number().int().min(0),
  /** Slots the point used on this host. */
  slots: z.number().int().min(0),
  /** Task executions on this host, all repeats, and how many failed. */
  tasks: z.number().int().min(0),
  failed: z.number().int().min(0),
  /** Median repeat: useful time (task time − lock wait, successful tasks) on the host's slots. */
  usefulMs: num,
  /** usefulMs / (slots × the repeat's makespan): how busy the host's slots were. */
  efficiency: num,
  /** Mean / max useful time over the host's slots (1 with one slot). */
  loadBalance: num,
  /** The host's share of the point's useful time, and of its slots. */
  workShare: num,
  slotShare: num,
  /** Median task duration on this host (null: too few tasks). */
  taskMs: nnum,
  /**
   * A job handed out → its first task starts (startMs − submitMs of the job's first task). On a fleet a
   * job is handed out when a slot takes it from Redis (server/fleet/fleetPoint.ts): both ends on the agent's clock.
   */
  handOut: FleetLatency,
  /** A slot's job ends → its next job starts (one clock): the round trip through Redis per job. */
  roundTrip: FleetLatency,
  /** Result on the agent → received by the coordinator (receivedMs − endMs); null when not recorded. */
  returnLatency: FleetLatency.nullable(),
  /**
   * Per job: sent to Redis by the coordinator (enqueuedMs) → its first task starts, and the two parts
   * that add up to it: waiting behind earlier jobs (until the slot that ran it was free) and through
   * Redis (the rest: the add and fetch, or the previous job's report and this one's fetch). All span two
   * clocks. Null (or absent: runs before the enqueuedMs column) when not recorded.
   */
  enqueue: z.object({ toStart: FleetLatency, behindJobs: FleetLatency, throughRedis: FleetLatency }).nullable().optional(),
  /** Median bytes of an input and of a result on this host; null where not measured. */
  bytesInPerTask: nnum,
  bytesOutPerTask: nnum,
});
export type FleetHostRow = z.infer<typeof FleetHostRow>;

export const FleetPointAnalysis = z.object({
  workers: z.number().int(),
  /** Hosts that ran the point's tasks, in the order the policy filled them. */
  hosts: z.array(FleetHostRow),
  /** min / max host efficiency: 1 when every host's slots were equally busy. */
  hostBalance: num,
});
export type FleetPointAnalysis = z.infer<typeof FleetPointAnalysis>;

export const FleetAnalysis = z.object({
  points: z.array(FleetPointAnalysis),
  /** The fewest workers whose point ran on more than one host (the Scaling view marks it); null: none did. */
  firstMultiHostWorkers: z.number().int().nullable(),
});
export type FleetAnalysis = z.infer<typeof FleetAnalysis>;

export const Analysis = z.object({
  scaling: z.array(ScalingRow),
  amdahl: z.object({ serialFraction: num, r2: num }).nullable(),
  karpFlatt: z.array(z.object({ workers: z.number().int(), e: num })),
  usl: z.object({ sigma: num, kappa: num, peakWorkers: nnum, r2: num, trusted: z.boolean() }).nullable(),
  pop: z.array(z.object({ workers: z.number().int(), loadBalance: num, communicationEfficiency: num, parallelEfficiency: num, computationScalability: num })),
  imbalance: z.array(z.object({ workers: z.number().int(), maxUsefulMs: num, meanUsefulMs: num, overloadMs: num, perWorker: z.array(z.object({ worker: z.number().int(), usefulMs: num, deviationMs: num })) })),
  contention: z.array(z.object({ workers: z.number().int(), queueWaitShare: num, lockWaitShare: num, runQueueShare: num, gcShare: num, transferShare: num.optional() })),
  suggestions: z.array(Suggestion),
  hints: z.array(Hint),
  notes: z.array(z.string()),
  /** Scaling flame chart, when the run was profiled. */
  flame: FlameAnalysis.nullable().optional(),
  /** The noise verdict (absent in runs analysed before it existed). */
  quality: Quality.optional(),
  /** Code suggestions withheld because their points were not trusted (never also in suggestions). */
  withheld: z.array(Withheld).optional(),
  /** Fleet runs only: per point, per host (docs/decisions/fleet-analysis.md). */
  fleet: FleetAnalysis.optional(),
});
export type Analysis = z.infer<typeof Analysis>;

/**
 * What was measured: a workload module (`path`, `name`: kind absent, as in every run before
 * `record`), or a recorded command (`scalescope record`: kind 'command', its argv and cwd; `path` is
 * the script it runs, else the folder it ran in, and `name` the command line, so that every reader
 * of `path` and `name` keeps working).
 */
export const Workload = z.object({
  path: z.string(),
  name: z.string(),
  kind: z.literal('command').optional(),
  argv: z.array(z.string()).min(1).optional(),
  cwd: z.string().optional(),
  /** A recorded command's --duration: each run is a window of this many seconds, then the program is stopped (docs/decisions/record.md). */
  durationS: z.number().positive().optional(),
});
export type Workload = z.infer<typeof Workload>;

/**
 * A fleet run (docs/fleet.md): the Redis it ran through, the password left out, and how worker
 * counts were filled host by host ('spread': round-robin over the hosts; 'pack': each host full before the next).
 */
export const PlacementPolicy = z.enum(['spread', 'pack']);
export const RunFleet = z.object({ redisUrl: z.string(), policy: PlacementPolicy });
export type RunFleet = z.infer<typeof RunFleet>;

/**
 * One agent host of a fleet run. Every time in the run is on the coordinator's clock: an agent's
 * times are its own clock minus `clockOffsetMs`, estimated from round trips through Redis
 * (minimum-RTT sample), within ± `clockUncertaintyMs` (half that round trip).
 */
export const FleetHost = z.object({
  name: z.string(),
  cpus: z.number().int(),
  /** Slots the agent offered (its pool's threads at most). */
  slots: z.number().int().min(1),
  cpuModel: z.string(),
  node: z.string(),
  platform: z.string(),
  clockOffsetMs: num,
  clockUncertaintyMs: z.number().min(0),
  /** When the coordinator first saw it, ms on its clock from the run's start (absent: there from the start). */
  joinedAtMs: num.optional(),
});
export type FleetHost = z.infer<typeof FleetHost>;

export const RunStatus = z.enum(['complete', 'cancelled', 'interrupted']);
export type RunStatus = z.infer<typeof RunStatus>;

export const RunFile = z.object({
  schema: z.literal(RUN_SCHEMA),
  id: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable().optional(),
  status: RunStatus,
  workload: Workload,
  host: z.object({ cpus: z.number().int(), cpuModel: z.string(), platform: z.string(), node: z.string() }),
  /** Fleet runs only: the Redis and placement policy (absent: the run's tasks ran on `host`). */
  fleet: RunFleet.optional(),
  /** Fleet runs only: the agent hosts, indexed by the per-task `host` column, `placement` and failures' `host`. */
  hosts: z.array(FleetHost).optional(),
  /** Recorded runs (`scalescope record`): the distinct task functions' locations, indexed by the per-task `location` column. */
  taskLocations: z.array(Location).optional(),
  config: RunConfig,
  /** When this run was made to try a suggestion of an earlier run. */
  triedSuggestion: z.object({ runId: z.string(), kind: SuggestionKind, predictedGainPct: nnum }).nullable().optional(),
  points: z.array(Point),
  failures: z.array(Failure),
  analysis: Analysis.nullable(),
});
export type RunFile = Omit<z.infer<typeof RunFile>, 'points'> & { points: Point[] };
/** A run whose task columns are plain arrays (what validateRunFile returns unless asked for packed ones). */
export type PlainRunFile = z.infer<typeof RunFile>;
export type PlainPoint = z.infer<typeof Point>;

/** The first problems zod found in a run file, on one line (the page words them the same way). */
export function runFileProblems(error: z.ZodError): string {
  return validationMessage(error, { limit: 5 });
}

/** Validation error that names where in the file it went wrong. */
export class RunFileError extends Error {
  constructor(readonly source: string, readonly detail: string) {
    super(`${source}: not a valid Scalescope run file: ${detail}`);
    this.name = 'RunFileError';
  }
}


/**
 * Parse and validate a run file from its JSON text. Throws RunFileError naming the problem.
 * `packed`: the task columns come back packed (common/packedColumns.ts; typed arrays, NaN for
 * null), encoded columns decoded straight into them: for the report panel, which sends them so.
 */
export function parseRunFile(text: string, source = 'run file', packed = false): PlainRunFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new RunFileError(source, `invalid JSON (${(e as Error).message})`);
  }
  return validateRunFile(raw, source, packed);
}

export function unsupportedSchema(schema: unknown): string {
  return `unsupported schema ${JSON.stringify(schema) ?? 'undefined'} (expected ${RUN_SCHEMA}, or ${RUN_SCHEMA_V1})`;
}

/** The file's structure: everything but the per-task columns, which readTaskColumns checks. */
export const StoredRunFile = RunFile.extend({
  schema: z.enum([RUN_SCHEMA, RUN_SCHEMA_V1]),
  points: z.array(Point.extend({ tasks: z.record(z.string(), z.unknown()) })),
});

/**
 * The per-task columns of one point as stored (plain arrays; in a v2 file also encoded columns),
 * validated and decoded to plain arrays of one length. `where` names the point in messages
 * ("points[workers=4].tasks"). Throws ColumnError.
 */
export function readTaskColumns(stored: Record<string, unknown>, where: string, allowEncoded = true): TaskColumns {
  const out = {} as Record<keyof TaskColumns, unknown[]>;
  let n: number | undefined;
  for (const key of TASK_COLUMNS) {
    if (stored[key] === undefined && OPTIONAL_TASK_COLUMNS.has(key)) continue;
    try {
      out[key] = decodeColumn(stored[key], TASK_COLUMN_KIND[key], n, allowEncoded);
    } catch (e) {
      throw e instanceof ColumnError ? new ColumnError(`${where}.${key}: ${e.message}`) : e;
    }
    n ??= out[key].length;
  }
  return out as TaskColumns;
}

/** Validate a parsed run file (v1 or v2); returns it with plain columns and the current schema. */
export function validateRunFile(raw: unknown, source = 'run file', packed = false): PlainRunFile {
  if (raw && typeof raw === 'object' && 'schema' in raw && !READABLE_RUN_SCHEMAS.includes((raw as { schema: unknown }).schema as string)) {
    throw new RunFileError(source, unsupportedSchema((raw as { schema: unknown }).schema));
  }
  const result = StoredRunFile.safeParse(raw);
  if (!result.success) throw new RunFileError(source, runFileProblems(result.error));
  const data = result.data;
  const v2 = data.schema === RUN_SCHEMA;
  const points: PlainPoint[] = data.points.map((p) => {
    try {
      const where = `points[workers=${p.workers}].tasks`;
      return { ...p, tasks: packed ? readPackedTaskColumns(p.tasks, TASK_COLUMN_KIND, where, v2) as unknown as TaskColumns : readTaskColumns(p.tasks, where, v2) };
    } catch (e) {
      throw e instanceof ColumnError ? new RunFileError(source, e.message) : e;
    }
  });
  const run: PlainRunFile = { ...data, schema: RUN_SCHEMA, points };
  for (const p of run.points) {
    for (const lane of p.flame?.lanes ?? []) {
      if (lane.endMs.length !== lane.startMs.length || lane.node.length !== lane.startMs.length) {
        throw new RunFileError(source, `points[workers=${p.workers}].flame.lanes[worker=${lane.worker}] has columns of different lengths`);
      }
    }
  }
  return run;
}

/**
 * The run as a v2 file holds it: each per-task column in its smallest stored form. For the HTML
 * report, which inlines it; tolerant of a malformed run (what it does not recognise stays as is,
 * so that the page can name the problem). Columns are encoded only under the current schema.
 */
export function encodeRunColumns(run: RunFile): unknown {
  const r = run as unknown as { schema?: unknown; points?: unknown };
  if (!r || typeof r !== 'object' || r.schema !== RUN_SCHEMA || !Array.isArray(r.points)) return run;
  return {
    ...run,
    points: (r.points as unknown[]).map((p) => {
      const tasks = (p as { tasks?: unknown } | null)?.tasks;
      if (!tasks || typeof tasks !== 'object' || Array.isArray(tasks)) return p;
      return { ...(p as object), tasks: Object.fromEntries(Object.entries(tasks).map(([k, v]) => [k, storedForm(k, v)])) };
    }),
  };
}

/** A column in its stored form: plain arrays encoded, packed ones unpacked first; anything else as is. */
function storedForm(key: string, v: unknown): unknown {
  if (Array.isArray(v)) return encodeColumn(v);
  const kind = TASK_COLUMN_KIND[key as keyof TaskColumns];
  return ArrayBuffer.isView(v) && kind ? encodeColumn(unpackColumn(v as PackedColumn, kind)) : v;
}

const MARK = '\u0000scalescope-columns\u0000';

/**
 * The stored JSON of each packed column already written, by column: the engine saves the run after
 * every repeat and again with the analysis, and a point's packed columns are never written in place
 * (server/engine/repeatColumns.ts returns new arrays), so the last save reuses the text (a million
 * tasks: ~4 MB of text instead of encoding 17 columns again).
 */
const packedJson = new WeakMap<PackedColumn, { length: number; pieces: string[] }>();

function* packedColumnJson(col: PackedColumn, kind: ColumnKind): Generator<string> {
  const cached = packedJson.get(col);
  if (cached && cached.length === col.length) { yield* cached.pieces; return; }
  const pieces: string[] = [];
  for (const piece of typedColumnJson(col, kind)) { pieces.push(piece); yield piece; }
  packedJson.set(col, { length: col.length, pieces });
}

/**
 * The JSON text of the run file in pieces: equal, joined, to JSON.stringify(encodeRunColumns(run)).
 * The per-task columns (a million tasks make millions of entries) are encoded one at a time and
 * written in chunks, never built into one string.
 */
export function* runJsonChunks(run: RunFile): Generator<string> {
  const [head, tail] = JSON.stringify({ ...run, schema: RUN_SCHEMA, points: MARK }).split(JSON.stringify(MARK));
  yield head + '[';
  for (let i = 0; i < run.points.length; i++) {
    const p = run.points[i];
    const [ph, pt] = JSON.stringify({ ...p, tasks: MARK }).split(JSON.stringify(MARK));
    yield (i ? ',' : '') + ph + '{';
    let c = 0;
    for (const [key, values] of Object.entries(p.tasks) as [keyof TaskColumns, unknown[] | PackedColumn | undefined][]) {
      if (values === undefined) continue; // an optional column the point lacks
      yield `${c++ ? ',' : ''}${JSON.stringify(key)}:`;
      // Packed columns (the engine's) are written straight from their typed arrays, byte for byte as
      // their plain form would be (common/typedColumnJson.ts).
      if (ArrayBuffer.isView(values)) yield* packedColumnJson(values, TASK_COLUMN_KIND[key]);
      else yield* storedColumnJson(encodeColumn(values));
    }
    yield '}' + pt;
  }
  yield ']' + tail;
}

export function emptyTaskColumns(): TaskColumns {
  const t = {} as Record<keyof TaskColumns, unknown[]>;
  for (const k of TASK_COLUMNS) if (!OPTIONAL_TASK_COLUMNS.has(k)) t[k] = [];
  return t as TaskColumns;
}
