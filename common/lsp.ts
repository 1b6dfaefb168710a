// Custom LSP messages between the extension (or any LSP client) and the Scalescope language server.
// Each message is a typed constant plus a zod schema for its params: both sides validate what
// crosses the process boundary. Plain LSP features (code lens, diagnostics, inlay hints, hovers)
// need nothing here.
import * as z from 'zod';
import { PlacementPolicy, RunStatus, SuggestionKind, type Interval, type Quality } from './runFile';
import { RunOverrides, runOptionSettingsShape } from './runOptions';

/** Name + phantom types of a request; `method` is what goes on the wire. */
export interface RequestDef<P, R> { method: string; params: z.ZodType<P>; _result?: R }
export interface NotificationDef<P> { method: string; params: z.ZodType<P> }

function request<P, R>(method: string, params: z.ZodType<P>): RequestDef<P, R> {
  return { method, params };
}
function notification<P>(method: string, params: z.ZodType<P>): NotificationDef<P> {
  return { method, params };
}

/** Overrides of the workload's `options` chosen in the editor (settings, quick inputs): common/runOptions.ts. */
export { RunOverrides } from './runOptions';

export const StartRunParams = z.object({
  /** Workload module: a file URI or an absolute path. */
  workload: z.string().min(1),
  overrides: RunOverrides.optional(),
  triedSuggestion: z.object({ runId: z.string(), kind: SuggestionKind, predictedGainPct: z.number().nullable() }).optional(),
  /** LSP client-initiated work-done progress token; without it the server creates its own. */
  workDoneToken: z.union([z.string(), z.number()]).optional(),
});
export type StartRunParams = z.infer<typeof StartRunParams>;

export const StartRecordParams = z.object({
  /** The program as argv; `{workers}` in any argument is replaced by the swept count. */
  command: z.array(z.string().min(1)).min(1),
  /** Folder it runs in: a file URI or an absolute path. */
  cwd: z.string().min(1),
  /** Worker counts to sweep (common/workerCounts.ts grammar); absent: the program's own configuration. */
  workers: z.string().min(1).optional(),
  repeat: z.number().int().min(1).optional(),
  warmup: z.number().int().min(0).optional(),
  /** One run of the program is stopped after this many seconds. */
  maxSeconds: z.number().positive().optional(),
  workDoneToken: z.union([z.string(), z.number()]).optional(),
});
export type StartRecordParams = z.infer<typeof StartRecordParams>;

/**
 * Headline of a run: its best scaling row (the best trusted one when the verdict names them) with
 * what its wording needs (common/speedupText.ts headlineText): interval, baseline, the run's verdict.
 */
export interface RunHeadline {
  speedup: number;
  workers: number;
  efficiency: number;
  speedupCi?: Interval;
  /** 'estimated' when the run has no 1-worker point: the speedup was not measured. */
  baseline?: 'measured' | 'estimated';
  quality?: Quality;
}

export interface RunSummary {
  id: string;
  /** Absolute path of the run file. */
  file: string;
  workloadPath: string;
  workloadName: string;
  startedAt: string;
  status: z.infer<typeof RunStatus>;
  workers: number[];
  failures: number;
  headline: RunHeadline | null;
  /** Whether the run recorded CPU profiles (the report's Flame tab). */
  profiled: boolean;
}

export interface StartRunResult { jobId: string; run: RunSummary }

/** Error codes of refused or failed custom requests (JSON-RPC server-defined range). */
export const ScalescopeErrorCodes = {
  /** startRun in an untrusted workspace. */
  untrusted: -32001,
  /** startRun whose workload cannot be loaded; data is LoadErrorData. */
  loadError: -32002,
  /** startRun while another run is going. */
  busy: -32003,
} as const;

/** Error data attached to a failed startRun when the workload could not be loaded. */
export interface LoadErrorData { kind: 'load-error'; file: string; line: number | null; column: number | null }

export const CancelRunParams = z.object({ jobId: z.string().optional() });
export const ListRunsParams = z.object({ workload: z.string().optional() });
export const RunIdParams = z.object({ id: z.string().min(1) });
export const ExportFormat = z.enum(['trace', 'csv', 'html']);
export type ExportFormat = z.infer<typeof ExportFormat>;
export const ExportRunParams = z.object({ id: z.string().min(1), format: ExportFormat, target: z.string().min(1) });

/** Start a sweep; resolves when it ends (complete or cancelled). Reports work-done progress. */
export const StartRunRequest = request<StartRunParams, StartRunResult>('scalescope/startRun', StartRunParams);
/** Record a program as it is at each worker count (`scalescope record`); resolves when it ends. */
export const StartRecordRequest = request<StartRecordParams, StartRunResult>('scalescope/startRecord', StartRecordParams);
/** Cancel one job (jobId) or every running job. Resolves with how many were cancelled. */
export const CancelRunRequest = request<z.infer<typeof CancelRunParams>, { cancelled: number }>('scalescope/cancelRun', CancelRunParams);
export const ListRunsRequest = request<z.infer<typeof ListRunsParams>, RunSummary[]>('scalescope/listRuns', ListRunsParams);
/** The whole run file (validated), for the report panel. */
export const GetRunRequest = request<z.infer<typeof RunIdParams>, { file: string; run: unknown }>('scalescope/getRun', RunIdParams);
export const DeleteRunRequest = request<z.infer<typeof RunIdParams>, { deleted: boolean }>('scalescope/deleteRun', RunIdParams);
/** What `scalescope/fleetStatus` answers: the fleet the editor's runs would go to, as Redis's registry shows it now. */
export const FleetStatus = z.object({
  /** `scalescope.fleet` is on. */
  enabled: z.boolean(),
  /** `scalescope.redisUrl` without its password; null when the fleet is off. */
  redisUrl: z.string().nullable(),
  /** Redis answered (the agents below are those registered there now). */
  connected: z.boolean(),
  hosts: z.array(z.object({ name: z.string(), slots: z.number().int(), cpus: z.number().int(), cpuModel: z.string() })),
  /** Slots across the hosts: the largest worker count a fleet run can take. */
  slots: z.number().int(),
  /** Why Redis could not be read (connected false). */
  error: z.string().optional(),
});
export type FleetStatus = z.infer<typeof FleetStatus>;
export const FleetStatusParams = z.object({});
export const FleetStatusRequest = request<z.infer<typeof FleetStatusParams>, FleetStatus>('scalescope/fleetStatus', FleetStatusParams);
export const ExportRunRequest = request<z.infer<typeof ExportRunParams>, { file: string }>('scalescope/exportRun', ExportRunParams);

export const JobProgressParams = z.object({
  jobId: z.string(),
  workloadPath: z.string(),
  workers: z.number().int(),
  pointIndex: z.number().int(),
  points: z.number().int(),
  repeat: z.number().int(),
  repeats: z.number().int(),
  warmup: z.boolean(),
  tasksDone: z.number().int(),
  tasksTotal: z.number().int(),
  tasksPerSec: z.number(),
  fraction: z.number(),
  /** Set while --settle / scalescope.settle waits for other processes to quieten. */
  settling: z.object({ externalLoadCores: z.number(), waitedMs: z.number() }).optional(),
});
export type JobProgressParams = z.infer<typeof JobProgressParams>;

export const JobEndedParams = z.object({
  jobId: z.string(),
  workloadPath: z.string(),
  outcome: z.enum(['complete', 'cancelled', 'failed', 'interrupted']),
  runId: z.string().nullable(),
  message: z.string(),
});
export type JobEndedParams = z.infer<typeof JobEndedParams>;

/** Server → client while a job runs (the status bar); same numbers as the work-done progress. */
export const JobProgressNotification = notification('scalescope/jobProgress', JobProgressParams);
/** Server → client when a job ends, however it ends. */
export const JobEndedNotification = notification('scalescope/jobEnded', JobEndedParams);
/** Server → client when the set of saved runs changed (new, deleted, re-read). */
export const RunsChangedNotification = notification('scalescope/runsChanged', z.object({}));

/** Settings section `scalescope` as the server reads it (workspace/configuration). */
export const ServerSettings = z.object({
  /** The run options that are settings (common/runOptions.ts). */
  ...runOptionSettingsShape,
  runsFolder: z.string().min(1).default('.scalescope/runs'),
  workloadGlob: z.string().default(''),
  /** Read by the extension (the report opens after a complete run); validated here with the rest. */
  openReportAfterRun: z.boolean().default(true),
  /**
   * Runs from the editor go to the fleet of agents at `redisUrl` (as `scalescope run --redis`), and
   * the status bar shows it. The URL's scheme is checked here; server/fleet/redisUrl.ts reads the rest.
   */
  fleet: z.boolean().default(false),
  redisUrl: z.string().regex(/^rediss?:\/\/\S+$/, 'expected a redis:// or rediss:// URL').default('redis://127.0.0.1:6379'),
  /** How a fleet run fills a worker count host by host, as the CLI's `--placement` (recorded in the run's `fleet.policy`, so not a run option). */
  fleetPlacement: PlacementPolicy.default('spread'),
});
export type ServerSettings = z.infer<typeof ServerSettings>;
