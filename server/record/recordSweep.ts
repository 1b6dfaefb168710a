// `scalescope record`'s measuring: runs the command once per warm-up and repeat at each worker
// count with the preload injected, reads what its threads recorded, and builds the run file the
// same way as a workload sweep: saved after every repeat (status 'interrupted' until the end), then
// analysed by the same analyzeRun. docs/decisions/record.md.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { RUN_SCHEMA, type RunConfig, type RunFile, type Workload } from '../../common/runFile';
import { RUN_OPTIONS, storedDefaults } from '../../common/runOptions';
import { plural } from '../../common/format';
import { analyzeRun } from '../analysis';
import { CoreSampler } from '../engine/coreSampler';
import { DEFAULT_PROFILE_INTERVAL_US } from '../engine/config';
import { epochMsToProfileUs } from '../engine/profiles';
import { distPath } from '../engine/distPath';
import { MachineProbe, repeatMachine } from '../engine/machineProbe';
import { hostInfo, runId } from '../engine/runIdentity';
import { saveRun } from '../engine/runStore';
import type { SweepProgress } from '../engine/api';
import { waitedChildrenCpuMs } from './childCpu';
import { epochMs, runProgram, type ProgramOutcome } from './programRun';
import { recordedPoint, type RecordedRepeat } from './recordedPoint';
import { readRecordedThreads, type RecordedThread } from './recordedRows';
import { TaskLocations } from './taskLocations';
import { TaskWatch, type TimedOutTask } from './taskWatch';
import { ENV_CPU_PROFILE, ENV_POOL_OVERRIDE, ENV_PRELOAD, ENV_RECORD_DIR, ENV_WORKERS, type TaskRow } from './recordEnv';

export interface RecordRequest {
  /** The command and its arguments; `{workers}` in any of them is replaced by the count. */
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Worker counts to sweep, or null: one point at the program's own configuration. */
  workers: number[] | null;
  repeat: number;
  warmup: number;
  timeoutMs: number;
  /** One run of the program is stopped after this many seconds (null: no limit). */
  maxSeconds: number | null;
  /** Record a window of this many seconds of each run, then stop the program gracefully (null: until it exits). */
  durationSeconds?: number | null;
  poolOverride: boolean;
  /** --cpuprofile: profile the threads that run tasks (their flame in the point); `cpuProfileDir` also saves their files. */
  cpuProfile?: boolean;
  cpuProfileDir?: string | null;
  runsDir: string;
  /** Where the program's own output goes. */
  output: NodeJS.WritableStream;
  signal?: AbortSignal;
  onLog?: (line: string) => void;
  /** Before each run of the program (no task counts: they are known only once it has run). */
  onProgress?: (p: SweepProgress) => void;
}

/** Repeat, warm-up and task timeout as given (flags, settings), else their defaults (common/runOptions.ts). */
export function recordSettings(given: { repeat?: number; warmup?: number; timeoutMs?: number }): { repeat: number; warmup: number; timeoutMs: number } {
  return {
    repeat: given.repeat ?? RUN_OPTIONS.repeat.default,
    warmup: given.warmup ?? RUN_OPTIONS.warmup.default,
    timeoutMs: given.timeoutMs ?? RUN_OPTIONS.timeoutMs.default,
  };
}

/** The command could not be started (not found, not executable): bad input, exit 2. */
export class CommandStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandStartError';
  }
}

export const WORKERS_PLACEHOLDER = '{workers}';

const SCRIPT = /\.(c|m)?[jt]sx?$/;

/**
 * The script the command runs: its first argument that is a JavaScript or TypeScript file (past
 * launchers such as `node_modules/.bin/tsx`), else its first that is a file, else the folder it runs in.
 */
function workloadOf(argv: string[], cwd: string): Workload {
  const files = argv.slice(1).map((a) => resolve(cwd, a)).filter((f) => existsSync(f) && statSync(f).isFile());
  const script = files.find((f) => SCRIPT.test(f)) ?? files[0];
  return { kind: 'command', argv, cwd, path: script ?? cwd, name: argv.join(' ') };
}

/**
 * The threads' tasks as measured: with a --duration window, those that ended within it (those still
 * running when the program was asked to stop were cut short by the stopping, not measured); a task
 * that ran past --timeout-ms as a failed task ending when it was found; threads left with none dropped.
 */
function measuredThreads(threads: RecordedThread[], windowEndMs: number | null, late: TimedOutTask | null, timeoutMs: number): RecordedThread[] {
  return threads.map((th) => {
    let tasks = windowEndMs === null ? th.tasks : th.tasks.filter((row) => row[2] <= windowEndMs);
    const begun = late && th.pid === late.pid && th.threadId === late.threadId ? th.unfinished.get(late.seq) : undefined;
    if (late && begun) {
      const row: TaskRow = [late.seq, begun[0], late.seenMs, 0, null, null, null, null, 0, begun[1], timeoutMessage(timeoutMs)];
      tasks = [...tasks, row].sort((a, b) => a[1] - b[1]);
    }
    return { ...th, tasks };
  }).filter((th) => th.tasks.length > 0);
}

export const timeoutMessage = (timeoutMs: number): string => `the task ran past --timeout-ms ${timeoutMs}: the program was stopped`;

/** NODE_OPTIONS with the preload required first, the user's own options kept. */
function nodeOptions(existing: string | undefined, preload: string): string {
  return `--require ${JSON.stringify(preload)}${existing ? ` ${existing}` : ''}`;
}

function programFailure(o: Extract<ProgramOutcome, { kind: 'exited' }>, maxSeconds: number | null): RecordedRepeat['programFailure'] {
  // Stopped at the end of its --duration window, as asked: not a failure, however it ended then.
  if (o.windowEndMs !== null && !o.cancelled) return null;
  // Stopped because a task ran past --timeout-ms: that task's failure says so.
  if (o.taskTimedOut && !o.cancelled) return null;
  if (o.timedOut) return { cause: 'timeout', message: `the program ran past --max-seconds ${maxSeconds} and was stopped` };
  if (o.cancelled) return { cause: 'cancelled', message: 'the program was stopped (Ctrl-C)' };
  if (o.signal) return { cause: 'exit', message: `the program was killed by ${o.signal}` };
  if (o.code !== 0) return { cause: 'exit', message: `the program exited with code ${o.code}` };
  return null;
}

/**
 * How often `record` samples each core's busy share while the program runs: 50 ms, not the engine's
 * 20. Each sample wakes the CLI, and where the recorded program keeps every core busy that wake-up
 * is the program's time: at 50 ms the CLI used about a third less CPU while the program ran, a
 * saving too small for the record bench's wall time to show (docs/decisions/record.md "Overhead").
 * /proc/stat counts 10 ms ticks, so a 50 ms sample of a core is also less coarse (fifths, not halves).
 */
export const RECORD_CORE_SAMPLE_MS = 50;

export async function recordSweep(req: RecordRequest): Promise<{ run: RunFile; file: string }> {
  const log = req.onLog ?? (() => undefined);
  const signal = req.signal ?? new AbortController().signal;
  const preload = distPath('record/preload.js');
  const runsDir = resolve(req.runsDir);
  const startedAt = new Date();
  const workload: Workload = { ...workloadOf(req.argv, req.cwd), ...(req.durationSeconds == null ? {} : { durationS: req.durationSeconds }) };
  const config: RunConfig = {
    ...storedDefaults(), workers: req.workers ?? [], repeat: req.repeat, warmup: req.warmup, timeoutMs: req.timeoutMs,
    coreSampleMs: RECORD_CORE_SAMPLE_MS, plan: { kind: 'sequential', seed: 0 }, cpuProfile: req.cpuProfile === true,
  } as RunConfig;
  const run: RunFile = {
    schema: RUN_SCHEMA,
    id: runId(basename(workload.path).replace(/\.[^.]+$/, ''), startedAt),
    startedAt: startedAt.toISOString(),
    finishedAt: null,
    status: 'interrupted',
    workload,
    host: hostInfo(),
    config,
    triedSuggestion: null,
    points: [],
    failures: [],
    analysis: null,
  };
  const probe = new MachineProbe();
  probe.childCpuMs = waitedChildrenCpuMs;
  const sampler = new CoreSampler(RECORD_CORE_SAMPLE_MS);
  let file = '';
  let order = 0;
  const locations = new TaskLocations();

  /** One run of the program at `count` (null: its own configuration); what its threads recorded. */
  const once = async (count: number | null, repeat: number): Promise<RecordedRepeat> => {
    const dir = mkdtempSync(join(tmpdir(), 'scalescope-record-'));
    const env: NodeJS.ProcessEnv = { ...req.env, NODE_OPTIONS: nodeOptions(req.env.NODE_OPTIONS, preload), [ENV_RECORD_DIR]: dir, [ENV_PRELOAD]: preload };
    if (count !== null) env[ENV_WORKERS] = String(count);
    if (!req.poolOverride) env[ENV_POOL_OVERRIDE] = '0';
    if (req.cpuProfile) env[ENV_CPU_PROFILE] = String(DEFAULT_PROFILE_INTERVAL_US);
    const argv = req.argv.map((a) => (count === null ? a : a.split(WORKERS_PLACEHOLDER).join(String(count))));
    try {
      const before = probe.snapshot();
      sampler.start(epochMs());
      const taskTimeout = new AbortController();
      let late: TimedOutTask | null = null;
      const watch = new TaskWatch(dir, req.timeoutMs, epochMs, (task) => {
        late = task;
        log(`a task ran past --timeout-ms ${req.timeoutMs}: stopping the program (what was measured is kept)`);
        taskTimeout.abort();
      });
      let outcome: ProgramOutcome;
      try {
        outcome = await runProgram({ argv, cwd: req.cwd, env, maxSeconds: req.maxSeconds, durationSeconds: req.durationSeconds ?? null, output: req.output, signal, taskTimeout: taskTimeout.signal });
      } finally {
        watch.close();
      }
      const cores = sampler.stop(repeat);
      if (outcome.kind === 'not-started') throw new CommandStartError(outcome.message);
      const machine = repeatMachine(before, probe.snapshot(), repeat, order++, probe.source, null);
      if (outcome.windowEndMs !== null) log(`the window of ${req.durationSeconds} s ended: the program was stopped with ${outcome.stoppedWith}${outcome.stoppedWith === 'SIGKILL' ? ' (it outlived SIGINT and SIGTERM)' : ''}`);
      // With a window, the point's makespan is the window; without, the program's wall time.
      const endMs = outcome.windowEndMs ?? outcome.endMs;
      const recorded = readRecordedThreads(dir);
      const profiles = req.cpuProfile ? { startUs: epochMsToProfileUs(outcome.startMs), endUs: epochMsToProfileUs(endMs), dir: req.cpuProfileDir ? resolve(req.cpuProfileDir) : null } : undefined;
      return { repeat, startMs: outcome.startMs, endMs, profiles, threads: measuredThreads(recorded, outcome.windowEndMs, outcome.taskTimedOut ? late : null, req.timeoutMs),
        posters: recorded.filter((th) => th.posts.length > 0).map((th) => ({ ...th, posts: th.posts.filter(([, ms]) => ms <= endMs) })),
        ...(outcome.taskTimedOut && late ? { timedOutTask: late } : {}), programFailure: programFailure(outcome, req.maxSeconds), machine, cores };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  try {
    const counts: (number | null)[] = req.workers ?? [null];
    const steps = counts.length * (req.warmup + req.repeat);
    let stepsDone = 0;
    const progress = (pointIndex: number, count: number | null, repeat: number, warmup: boolean): void => req.onProgress?.({
      pointIndex, points: counts.length, workers: count ?? 0, repeat, repeats: req.repeat, warmup,
      tasksDone: 0, tasksTotal: 0, tasksPerSec: 0, fraction: stepsDone++ / steps,
    });
    for (const [pointIndex, count] of counts.entries()) {
      if (signal.aborted) break;
      const label = count === null ? "the program's own configuration" : plural(count, 'worker');
      for (let w = 0; w < req.warmup && !signal.aborted; w++) {
        log(`${label}: warm-up ${w + 1}/${req.warmup}`);
        progress(pointIndex, count, w, true);
        await once(count, -1);
      }
      const repeats: RecordedRepeat[] = [];
      for (let r = 0; r < req.repeat && !signal.aborted; r++) {
        log(`${label}: repeat ${r + 1}/${req.repeat}`);
        progress(pointIndex, count, r, false);
        const rep = await once(count, r);
        if (rep.programFailure) log(`${label}, repeat ${r + 1}: ${rep.programFailure.message}`);
        repeats.push(rep);
        const { point, failures } = recordedPoint(count, repeats, locations);
        if (locations.list.length) run.taskLocations = locations.list;
        // Without a swept count there is one point, whose count is what the program used so far.
        const others = (workers: number): boolean => count !== null && workers !== point.workers;
        run.points = [...run.points.filter((p) => others(p.workers)), point].sort((a, b) => a.workers - b.workers);
        run.failures = [...run.failures.filter((f) => others(f.workers)), ...failures];
        if (count === null) config.workers = [point.workers];
        file = saveRun(runsDir, run);
      }
    }
  } finally {
    sampler.close();
    probe.close();
  }
  run.status = signal.aborted ? 'cancelled' : 'complete';
  run.finishedAt = new Date().toISOString();
  run.analysis = run.points.length ? analyzeRun(run) : null;
  file = saveRun(runsDir, run);
  log(`run ${run.id} ${run.status}: saved ${file}`);
  return { run, file };
}
