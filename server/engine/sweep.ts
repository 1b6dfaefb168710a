// The sweep: load the workload once, run every worker count, save the run file after every repeat
// (status 'interrupted' until the end, so a crash leaves an honest file), then analyse.
import { cpus } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { RUN_SCHEMA, type Failure, type Point, type RunFile } from '../../common/runFile';
import { analyzeRun } from '../analysis';
import type { SweepProgress, SweepRequest, SweepResult } from './api';
import { DEFAULT_PROFILE_INTERVAL_US, defaultWorkerCounts, resolveConfig } from './config';
import { RUN_OPTIONS } from '../../common/runOptions';
import { ConfigError, WorkloadLoadError } from './errors';
import { loadWorkload } from './loader';
import { definitionLine } from './definitionLine';
import { openPoint, type PointContext, type PointSession } from './pointRunner';
import { MachineProbe } from './machineProbe';
import { planSteps, choosePlan } from './plan';
import { settle } from './settle';
import { repeatVerdict } from '../analysis/quality';
import { latestRunOf, saveRun, loadRun } from './runStore';
import { plural } from '../../common/format';
import { hostInfo, runId } from './runIdentity';

/** Median duration per input index from the point with the fewest workers (longest-first needs these). */
export function durationsFrom(points: Point[]): Map<number, number> | null {
  const p = [...points].sort((a, b) => a.workers - b.workers)[0];
  if (!p) return null;
  const byIndex = new Map<number, number[]>();
  const t = p.tasks;
  for (let i = 0; i < t.index.length; i++) {
    if (!t.ok[i]) continue;
    const list = byIndex.get(t.index[i]) ?? [];
    list.push(t.endMs[i] - t.startMs[i]);
    byIndex.set(t.index[i], list);
  }
  const out = new Map<number, number>();
  for (const [k, v] of byIndex) out.set(k, v.sort((a, b) => a - b)[v.length >> 1]);
  return out;
}

export async function runSweep(req: SweepRequest): Promise<SweepResult> {
  const log = req.onLog ?? (() => undefined);
  const signal = req.signal ?? new AbortController().signal;
  const path = resolve(req.workloadPath);
  const runsDir = resolve(req.runsDir);
  const maxWorkers = Math.max(...(req.overrides?.workers ?? [cpus().length]));
  const workload = await loadWorkload(path, { maxWorkers, timeoutMs: Math.max(10_000, req.overrides?.timeoutMs ?? RUN_OPTIONS.timeoutMs.default) });
  try {
    let config;
    try {
      // A fleet's default worker counts go up to its slots, not this machine's cores.
      config = resolveConfig(workload.options, req.overrides, req.remote ? { workers: defaultWorkerCounts(req.remote.totalSlots()) } : {});
    } catch (e) {
      if (e instanceof ConfigError && e.option === 'options') {
        throw new WorkloadLoadError(`invalid ${e.message}`, path, definitionLine(path, 'options'));
      }
      throw e;
    }
    if (workload.inputs.length === 0) throw new WorkloadLoadError('tasks() returned no inputs', path, definitionLine(path, 'tasks'));

    config.plan = choosePlan(config.workers, config.plan, undefined, req.remote !== undefined);
    const startedAt = new Date();
    const run: RunFile = {
      schema: RUN_SCHEMA,
      id: runId(basename(path).replace(/\.[^.]+$/, ''), startedAt),
      startedAt: startedAt.toISOString(),
      finishedAt: null,
      status: 'interrupted',
      workload: { path, name: basename(path) },
      host: hostInfo(),
      config,
      triedSuggestion: req.triedSuggestion ?? null,
      ...req.remote?.describe(),
      points: [],
      failures: [],
      analysis: null,
    };
    const file = saveRun(runsDir, run);
    log(`run ${run.id}: ${workload.inputs.length} inputs, workers ${config.workers.join(',')}, repeat ${config.repeat}, warmup ${config.warmup}, batch ${config.batch}, order ${config.order}`);

    // longest-first: durations from the newest saved run of this workload, else from the warm-up
    // of the first point measured, which runs in given order.
    let durations: Map<number, number> | null = null;
    const counts = config.workers;
    if (config.order === 'longest-first') {
      const prev = latestRunOf(runsDir, path, run.id);
      durations = prev ? durationsFrom(prev.run.points) : null;
      if (durations) log(`longest-first: durations from run ${prev!.run.id}`);
      else log('longest-first: no saved run of this workload yet; durations come from the warm-up of the first point measured, which runs in given order');
    }

    const cpuProfileDir = config.cpuProfile ? resolve(req.cpuProfileDir ?? join(runsDir, `${run.id}-profiles`)) : null;
    const steps = planSteps(counts, config.repeat, config.plan!);
    log(`measurement plan: ${config.plan!.kind === 'blocks' ? `blocks (each block measures every worker count once, in shuffled order; seed ${config.plan!.seed})` : `sequential${req.remote ? ' (a fleet: each count is placed over the agents there when it opens, so one that joins is used from the next count)' : ''}`}`);
    const total = counts.length * (config.repeat + config.warmup);
    let stepsDone = 0;
    const failures: Failure[] = [];
    const inputBytes = new Float64Array(workload.inputs.length).fill(NaN);
    const sessions = new Map<number, PointSession>();
    const lastStepOf = new Map<number, number>();
    steps.forEach((s, k) => lastStepOf.set(s.workers, k));
    const probe = new MachineProbe();
    const hostCpus = run.host.cpus;
    const keepPoint = (point: Point): void => {
      run.points = [...run.points.filter((p) => p.workers !== point.workers), point].sort((a, b) => a.workers - b.workers);
    };
    const finishSession = async (session: PointSession): Promise<void> => {
      sessions.delete(session.workers);
      const outcome = await session.finish();
      failures.push(...outcome.failures);
      if (outcome.point) keepPoint(outcome.point);
    };
    const progress = (workers: number, extra: Partial<SweepProgress>): void => {
      req.onProgress?.({ pointIndex: counts.indexOf(workers), points: counts.length, workers, repeat: 0, repeats: config.repeat, warmup: false, tasksDone: 0, tasksTotal: 0, tasksPerSec: 0, fraction: Math.min(1, stepsDone / total), ...extra });
    };
    try {
      for (let k = 0; k < steps.length && !signal.aborted; k++) {
        const { workers, repeat, order } = steps[k];
        let session = sessions.get(workers);
        if (!session) {
          const shared = await workload.shared(workers);
          // The first point measured under longest-first with no known durations warms up in given order.
          const calibrating = !durations && config.order === 'longest-first';
          const pointCtx: PointContext = {
            workers, config: calibrating ? { ...config, order: 'given', warmup: Math.max(1, config.warmup) } : config, inputs: workload.inputs, inputBytes, durations,
            bundlePath: workload.bundlePath, syncUrl: workload.syncUrl, shared, mapper: workload.mapper, taskLocation: workload.taskLocation, cpuProfileDir, signal,
            openRemote: req.remote
              ? (heapLimitMb) => req.remote!.openPoint({ workers, shared, bundlePath: workload.syncUrl ? null : workload.bundlePath, heapLimitMb, timeoutMs: config.timeoutMs, cpuProfileIntervalUs: config.cpuProfile ? DEFAULT_PROFILE_INTERVAL_US : null })
              : undefined,
            onTasks: (done, totalTasks, r, warmup, tps) => {
              const stepFrac = totalTasks ? done / totalTasks : 1;
              progress(workers, { repeat: warmup ? -r - 1 : r, warmup, tasksDone: done, tasksTotal: totalTasks, tasksPerSec: tps, fraction: Math.min(1, (stepsDone + stepFrac) / total) });
            },
            onRepeat: (point, pf) => {
              keepPoint(point);
              if (req.remote) Object.assign(run, req.remote.describe());
              run.failures = [...failures, ...pf];
              saveRun(runsDir, run);
            },
          };
          session = openPoint(pointCtx, probe);
          sessions.set(workers, session);
          const warmed = await session.warmUp();
          stepsDone += config.warmup;
          if (calibrating) {
            durations = session.warmupDurations();
            pointCtx.config = config;
            pointCtx.durations = durations;
            if (durations) log(`longest-first: durations from the warm-up at ${plural(workers, 'worker')}`);
          }
          if (!warmed) break;
        }
        const settledMs = config.settle ? await settle(probe, (load, waitedMs) => progress(workers, { repeat, settling: { externalLoadCores: load, waitedMs } }), signal) : undefined;
        let measured = await session.measure(repeat, order);
        // --retry-noisy: a repeat that other processes disturbed is measured again; both are kept.
        for (let tries = 0; tries < (config.retryNoisy ?? 0) && !measured.outcome.cancelled && repeatVerdict(measured.machine, workers, hostCpus) !== 'ok'; tries++) {
          log(`${plural(workers, 'worker')}, repeat ${repeat + 1}: other processes used ${measured.machine.externalLoadCores} cores; measuring it again`);
          await session.keep(measured, true);
          measured = await session.measure(repeat, order);
        }
        if (settledMs !== undefined) measured.machine.settledMs = settledMs;
        await session.keep(measured);
        stepsDone++;
        if (measured.outcome.cancelled) break;
        if (lastStepOf.get(workers) === k) await finishSession(session);
      }
    } catch (e) {
      // The sweep cannot go on (a fleet lost its Redis): the run stays saved as interrupted, with
      // every repeat kept so far; the error names the file.
      for (const session of [...sessions.values()]) await finishSession(session).catch(() => undefined);
      run.failures = failures;
      if (req.remote) Object.assign(run, req.remote.describe());
      saveRun(runsDir, run);
      if (e instanceof Error) Object.assign(e, { savedRun: file });
      throw e;
    } finally {
      for (const session of [...sessions.values()]) await finishSession(session);
      probe.close();
    }
    // Every point has run: the loader thread (and what tasks() left in its heap) goes before the analysis.
    await workload.close();
    if (req.remote) Object.assign(run, req.remote.describe());
    run.failures = failures;
    run.status = signal.aborted ? 'cancelled' : 'complete';
    run.finishedAt = new Date().toISOString();
    run.analysis = run.points.length ? safeAnalyze(run, runsDir, log) : null;
    saveRun(runsDir, run);
    log(`run ${run.id} ${run.status}: saved ${file}`);
    return { run, file };
  } finally {
    await workload.close();
  }
}

function safeAnalyze(run: RunFile, runsDir: string, log: (l: string) => void): RunFile['analysis'] {
  let previous: RunFile | null = null;
  if (run.triedSuggestion) {
    try { previous = loadRun(join(runsDir, `${run.triedSuggestion.runId}.json`)); } catch (e) { log(`could not read the run whose suggestion is tried: ${(e as Error).message}`); }
  }
  return analyzeRun(run, { previous });
}
