// Synthetic runs for the analysis tests: a small, independent model of the engine's pool
// (ordered inputs cut into batches, ≤ p dispatches in flight, freed worker takes the next one)
// that writes a schema-valid run file with known durations and overheads.
import { RUN_SCHEMA, emptyTaskColumns, type Order, type PlainPoint, type PlainRunFile, type RunFile } from '../../common/runFile';
import { median } from '../../common/stats';

export interface SyntheticOverheads {
  sendMs: number;
  returnMs: number;
  mainThreadMs: number;
  taskGapMs: number;
}

export interface SyntheticRunOptions {
  workers: number[];
  /** Task durations per input at worker count p (index = input index). */
  durations: (p: number) => number[];
  repeat?: number;
  batch?: number;
  order?: Order;
  cpus?: number;
  overheads?: Partial<SyntheticOverheads>;
  /** Multiplier on a task's duration in one repeat (noise); default 1. */
  jitter?: (p: number, repeat: number, index: number) => number;
  lockWaitMs?: (p: number, index: number) => number;
  gcMs?: (p: number, index: number) => number;
  /** null = not measurable (no /proc). Default 0. */
  runQueueMs?: (p: number, index: number) => number | null;
  failed?: (p: number, index: number) => boolean;
  status?: RunFile['status'];
  id?: string;
}

function ordered(durations: number[], order: Order): number[] {
  const idx = durations.map((_, i) => i);
  if (order === 'longest-first') return idx.sort((a, b) => durations[b] - durations[a] || a - b);
  if (order === 'shuffle') return idx.reverse(); // any fixed permutation: tests only need "not given"
  return idx;
}

function syntheticPoint(p: number, o: SyntheticRunOptions, ov: SyntheticOverheads): PlainPoint {
  const t = emptyTaskColumns();
  const makespans: number[] = [];
  const base = o.durations(p);
  const batch = o.batch ?? 1;
  for (let r = 0; r < (o.repeat ?? 1); r++) {
    const dur = base.map((d, i) => d * (o.jitter ? o.jitter(p, r, i) : 1));
    const seq = ordered(base, o.order ?? 'given');
    const free = new Array<number>(p).fill(0);
    let mainFree = 0;
    let end = 0;
    for (let k = 0; k * batch < seq.length; k++) {
      let w = 0;
      for (let i = 1; i < p; i++) if (free[i] < free[w]) w = i;
      const submit = Math.max(free[w], mainFree);
      mainFree = submit + ov.mainThreadMs;
      let clock = submit + ov.sendMs;
      const dispatchStart = clock;
      seq.slice(k * batch, (k + 1) * batch).forEach((i, j) => {
        if (j > 0) clock += ov.taskGapMs;
        t.index.push(i); t.repeat.push(r); t.worker.push(w); t.dispatch.push(k);
        t.submitMs.push(submit); t.startMs.push(clock); t.endMs.push(clock + dur[i]);
        t.queueMs.push(dispatchStart - submit);
        t.cpuMs.push(dur[i]); t.runQueueMs.push(o.runQueueMs ? o.runQueueMs(p, i) : 0);
        t.coreStart.push(w); t.coreEnd.push(w);
        t.lockWaitMs.push(o.lockWaitMs ? o.lockWaitMs(p, i) : 0);
        t.gcMs.push(o.gcMs ? o.gcMs(p, i) : 0);
        t.bytesIn.push(64); t.bytesOut.push(64);
        t.ok.push(!(o.failed?.(p, i) ?? false));
        clock += dur[i];
      });
      free[w] = clock + ov.returnMs;
      end = Math.max(end, clock);
    }
    makespans.push(end + ov.returnMs);
  }
  return {
    workers: p,
    makespanMs: median(makespans),
    makespansMs: makespans,
    tasks: t,
    cores: [],
    workerStats: [],
  };
}

export function syntheticRun(o: SyntheticRunOptions): PlainRunFile {
  const ov: SyntheticOverheads = { sendMs: 0, returnMs: 0, mainThreadMs: 0, taskGapMs: 0, ...o.overheads };
  const points = o.workers.map((p) => syntheticPoint(p, o, ov));
  const failures = points.flatMap((pt) =>
    pt.tasks.ok.flatMap((ok, i) => (ok ? [] : [{ workers: pt.workers, repeat: pt.tasks.repeat[i], taskIndex: pt.tasks.index[i], cause: 'error' as const, message: 'synthetic failure', location: { file: '/w/work.ts', line: 3 } }])),
  );
  return {
    schema: RUN_SCHEMA,
    id: o.id ?? 'synthetic',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:01:00.000Z',
    status: o.status ?? 'complete',
    workload: { path: '/w/work.ts', name: 'work' },
    host: { cpus: o.cpus ?? 16, cpuModel: 'synthetic', platform: 'linux', node: 'v20.0.0' },
    config: { workers: o.workers, repeat: o.repeat ?? 1, warmup: 0, timeoutMs: 30_000, batch: o.batch ?? 1, order: o.order ?? 'given' },
    points,
    failures,
    analysis: null,
  };
}

/** n equal tasks whose per-task time inflates by `inflation` per added worker (USL-like contention). */
export function uniform(n: number, ms: number, inflation = 0): (p: number) => number[] {
  return (p) => Array.from({ length: n }, () => ms * (1 + inflation * (p - 1)));
}

/** Deterministic noise in [1 − a, 1 + a]. */
export function noise(a: number): (p: number, r: number, i: number) => number {
  return (p, r, i) => 1 + a * Math.sin(p * 12.9898 + r * 78.233 + i * 37.719);
}
