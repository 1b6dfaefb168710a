// The sweep: load the workload once, run every worker count, save the run file after every repeat
// (status 'interrupted' until the end, so a crash leaves an honest file), then analyse.
import { cpus, platform } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { RUN_SCHEMA, type Failure, type Point, type RunFile } from '../../common/runFile';
import { analyzeRun } from '../analysis';
import type { SweepRequest, SweepResult } from './api';
import { resolveConfig } from './config';
import { ConfigError, WorkloadLoadError } from './errors';
import { loadWorkload } from './loader';
import { definitionLine } from './definitionLine';
import { runPoint } from './pointRunner';
import { latestRunOf, saveRun, loadRun } from './runStore';

function runId(name: string, at: Date): string {
  return `${name.replace(/[^\w.-]+/g, '_')}-${at.toISOString().replace(/[:.]/g, '-')}`;
}

/** Median duration per input index from the newest point that has them (longest-first needs these). */
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
  const workload = await loadWorkload(path, { maxWorkers, timeoutMs: Math.max(10_000, req.overrides?.timeoutMs ?? 30_000) });
  try {
    let config;
    try {
      config = resolveConfig(workload.options, req.overrides);
    } catch (e) {
      if (e instanceof ConfigError && e.option.startsWith('options.')) {
        throw new WorkloadLoadError(`invalid ${e.message}`, path, definitionLine(path, 'options'));
      }
      throw e;
    }
    if (workload.inputs.length === 0) throw new WorkloadLoadError('tasks() returned no inputs', path, definitionLine(path, 'tasks'));

    const startedAt = new Date();
    const run: RunFile = {
      schema: RUN_SCHEMA,
      id: runId(basename(path).replace(/\.[^.]+$/, ''), startedAt),
      startedAt: startedAt.toISOString(),
      finishedAt: null,
      status: 'interrupted',
      workload: { path, name: basename(path) },
      host: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', platform: platform(), node: process.version },
      config,
      triedSuggestion: req.triedSuggestion ?? null,
      points: [],
      failures: [],
      analysis: null,
    };
    const file = saveRun(runsDir, run);
    log(`run ${run.id}: ${workload.inputs.length} inputs, workers ${config.workers.join(',')}, repeat ${config.repeat}, warmup ${config.warmup}, batch ${config.batch}, order ${config.order}`);

    // longest-first: durations from the newest saved run of this workload, else from the 1-worker point.
    let durations: Map<number, number> | null = null;
    const counts = config.workers;
    if (config.order === 'longest-first') {
      const prev = latestRunOf(runsDir, path, run.id);
      durations = prev ? durationsFrom(prev.run.points) : null;
      if (durations) log(`longest-first: durations from run ${prev!.run.id}`);
      else log('longest-first: no saved run of this workload yet; durations come from the 1-worker point, which runs in given order');
    }

    const cpuProfileDir = config.cpuProfile ? resolve(req.cpuProfileDir ?? join(runsDir, `${run.id}-profiles`)) : null;
    const total = counts.length * (config.repeat + config.warmup);
    let stepsDone = 0;
    const failures: Failure[] = [];
    const inputBytes = new Float64Array(workload.inputs.length).fill(NaN);
    for (let i = 0; i < counts.length && !signal.aborted; i++) {
      const workers = counts[i];
      const shared = await workload.shared(workers);
      const pointConfig = !durations && config.order === 'longest-first' ? { ...config, order: 'given' as const } : config;
      const outcome = await runPoint({
        workers, config: pointConfig, inputs: workload.inputs, inputBytes, durations, bundlePath: workload.bundlePath, syncUrl: workload.syncUrl, shared, mapper: workload.mapper, taskLocation: workload.taskLocation, cpuProfileDir, signal,
        onTasks: (done, totalTasks, repeat, warmup, tps) => {
          const stepFrac = totalTasks ? done / totalTasks : 1;
          const step = stepsDone + (warmup ? -repeat - 1 : config.warmup + repeat);
          req.onProgress?.({ pointIndex: i, points: counts.length, workers, repeat: warmup ? -repeat - 1 : repeat, repeats: config.repeat, warmup, tasksDone: done, tasksTotal: totalTasks, tasksPerSec: tps, fraction: Math.min(1, (step + stepFrac) / total) });
        },
        onRepeat: (point, pf) => {
          run.points = [...run.points.filter((p) => p.workers !== workers), point].sort((a, b) => a.workers - b.workers);
          run.failures = [...failures, ...pf];
          saveRun(runsDir, run);
        },
      });
      stepsDone += config.repeat + config.warmup;
      failures.push(...outcome.failures);
      if (outcome.point) run.points = [...run.points.filter((p) => p.workers !== workers), outcome.point].sort((a, b) => a.workers - b.workers);
      if (!durations && config.order === 'longest-first' && outcome.point) durations = durationsFrom([outcome.point]);
    }
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
