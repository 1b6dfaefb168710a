// Shared by the export and CLI tests: a small but complete run file, and a strict structural
// validator of Chrome Trace Event JSON (the object form).
import { RUN_SCHEMA, validateRunFile, type Point, type RunFile } from '../../common/runFile';

interface TaskSpec { index: number; repeat: number; worker: number; start: number; end: number; ok?: boolean }

function point(workers: number, specs: TaskSpec[], makespans: number[]): Point {
  const col = <T>(f: (s: TaskSpec, i: number) => T) => specs.map(f);
  return {
    workers,
    makespanMs: [...makespans].sort((a, b) => a - b)[Math.floor(makespans.length / 2)],
    makespansMs: makespans,
    tasks: {
      index: col((s) => s.index),
      repeat: col((s) => s.repeat),
      worker: col((s) => s.worker),
      dispatch: col((s) => s.index),
      submitMs: col((s) => Math.max(0, s.start - 1)),
      startMs: col((s) => s.start),
      endMs: col((s) => s.end),
      queueMs: col((s) => Math.min(1, s.start)),
      cpuMs: col((s) => (s.end - s.start) * 0.9),
      runQueueMs: col(() => null),
      coreStart: col((s) => s.worker),
      coreEnd: col((s) => s.worker),
      lockWaitMs: col(() => 0.25),
      gcMs: col(() => 0),
      bytesIn: col(() => 16),
      bytesOut: col(() => null),
      ok: col((s) => s.ok ?? true),
    },
    cores: [0, 1].filter((r) => r < makespans.length).map((repeat) => ({
      repeat,
      timesMs: [10, 20, 30],
      busy: [[1, 0.5, 0], [0.25, 1, 0.75]],
      source: 'proc-stat' as const,
    })),
    workerStats: Array.from({ length: workers }, (_, w) => ({ worker: w, repeat: 0, tasks: 2, busyMs: 20, idleMs: 1, elu: 0.9, gcMs: 0, threadId: w + 1, replaced: 0 })),
  };
}

export function sampleRun(): RunFile {
  const p1 = point(1, [
    { index: 0, repeat: 0, worker: 0, start: 1, end: 11 },
    { index: 1, repeat: 0, worker: 0, start: 11, end: 21 },
    { index: 2, repeat: 0, worker: 0, start: 21, end: 31 },
    { index: 0, repeat: 1, worker: 0, start: 1, end: 12 },
    { index: 1, repeat: 1, worker: 0, start: 12, end: 22 },
    { index: 2, repeat: 1, worker: 0, start: 22, end: 32 },
  ], [31, 32]);
  const p2 = point(2, [
    { index: 0, repeat: 0, worker: 0, start: 1, end: 11 },
    { index: 1, repeat: 0, worker: 1, start: 1, end: 11 },
    { index: 2, repeat: 0, worker: 0, start: 11, end: 12, ok: false },
    { index: 0, repeat: 1, worker: 1, start: 1, end: 11 },
    { index: 1, repeat: 1, worker: 0, start: 1, end: 11 },
    { index: 2, repeat: 1, worker: 0, start: 11, end: 21 },
  ], [12, 21]);
  const run: RunFile = {
    schema: RUN_SCHEMA,
    id: 'sample-run',
    startedAt: '2026-01-02T03:04:05.000Z',
    finishedAt: '2026-01-02T03:04:06.000Z',
    status: 'complete',
    workload: { path: '/work/examples/sample, "quoted".workload.js', name: 'sample, "quoted"' },
    host: { cpus: 2, cpuModel: 'Test CPU', platform: 'linux', node: 'v20.0.0' },
    config: { workers: [1, 2], repeat: 2, warmup: 0, timeoutMs: 1000, batch: 1, order: 'given' },
    points: [p1, p2],
    failures: [
      { workers: 2, repeat: 0, taskIndex: 2, cause: 'error', message: 'boom\nsecond line', location: { file: '/work/examples/sample.workload.js', line: 7 } },
      { workers: 2, repeat: 1, taskIndex: 9, cause: 'cancelled', message: 'never started', location: null },
    ],
    analysis: {
      scaling: [{ workers: 1, speedup: 1, efficiency: 1 }, { workers: 2, speedup: 1.94, efficiency: 0.97, speedupMin: 1.5, speedupMax: 2.6 }],
      amdahl: { serialFraction: 0.031, r2: 0.99 },
      karpFlatt: [{ workers: 2, e: 0.031 }],
      usl: { sigma: 0.03, kappa: 0.001, peakWorkers: 31.1, r2: 0.98, trusted: false },
      pop: [
        { workers: 1, loadBalance: 1, communicationEfficiency: 0.97, parallelEfficiency: 0.97, computationScalability: 1 },
        { workers: 2, loadBalance: 0.9, communicationEfficiency: 0.95, parallelEfficiency: 0.855, computationScalability: 0.98 },
      ],
      imbalance: [],
      contention: [{ workers: 1, queueWaitShare: 0.01, lockWaitShare: 0, runQueueShare: 0, gcShare: 0.02 }, { workers: 2, queueWaitShare: 0.02, lockWaitShare: 0.1, runQueueShare: 0.05, gcShare: 0.02, transferShare: 0.001 }],
      suggestions: [{
        kind: 'imbalance', severity: 'warning', title: 'Tasks end unevenly', detail: 'Worker 0 ran 40% longer than worker 1.',
        evidence: { loadBalance: 0.9 }, change: { order: 'longest-first' }, predictedGainPct: 12.5, location: null,
      }],
      hints: [{ file: '/work/examples/sample.workload.js', line: 12, kind: 'lock-contention', severity: 'warning', message: '10% of worker time waiting here' }],
      notes: ['Only 2 worker counts measured.'],
    },
  };
  return validateRunFile(run, 'sampleRun');
}

const PHASES = new Set(['X', 'M', 'C', 'i', 'B', 'E', 'b', 'e', 'n', 'I', 's', 't', 'f', 'P', 'O', 'N', 'D']);
const METADATA_NAMES = new Set(['process_name', 'process_labels', 'process_sort_index', 'thread_name', 'thread_sort_index']);

function fail(i: number, e: unknown, why: string): never {
  throw new Error(`traceEvents[${i}] ${why}: ${JSON.stringify(e)}`);
}

/**
 * Checks the JSON object form of the Trace Event Format strictly and returns the events.
 * Rules: required fields per phase, ts/dur finite ≥ 0 (µs), integer pid/tid, counters with numeric
 * args, instant scope t|p|g, metadata names the viewers know, and every X event on a
 * (pid, tid) track either nested inside or disjoint from the others.
 */
export function validateTrace(trace: unknown): Record<string, any>[] {
  if (!trace || typeof trace !== 'object' || Array.isArray(trace)) throw new Error('trace is not a JSON object');
  const t = trace as Record<string, unknown>;
  if (!Array.isArray(t.traceEvents)) throw new Error('traceEvents is not an array');
  if (t.displayTimeUnit !== undefined && t.displayTimeUnit !== 'ms' && t.displayTimeUnit !== 'ns') throw new Error(`displayTimeUnit ${String(t.displayTimeUnit)}`);
  const events = t.traceEvents as Record<string, any>[];
  const tracks = new Map<string, { ts: number; end: number; i: number }[]>();
  events.forEach((e, i) => {
    if (!e || typeof e !== 'object') fail(i, e, 'is not an object');
    if (typeof e.name !== 'string' || e.name === '') fail(i, e, 'has no name');
    if (typeof e.ph !== 'string' || !PHASES.has(e.ph)) fail(i, e, 'has an unknown phase');
    if (!Number.isInteger(e.pid) || e.pid < 0) fail(i, e, 'pid is not a non-negative integer');
    if (!Number.isInteger(e.tid) || e.tid < 0) fail(i, e, 'tid is not a non-negative integer');
    if (e.ph !== 'M' || e.ts !== undefined) {
      if (typeof e.ts !== 'number' || !Number.isFinite(e.ts) || e.ts < 0) fail(i, e, 'ts is not a finite number ≥ 0');
    }
    if (e.args !== undefined && (typeof e.args !== 'object' || e.args === null || Array.isArray(e.args))) fail(i, e, 'args is not an object');
    switch (e.ph) {
      case 'X': {
        if (typeof e.dur !== 'number' || !Number.isFinite(e.dur) || e.dur < 0) fail(i, e, 'dur is not a finite number ≥ 0');
        const key = `${e.pid}/${e.tid}`;
        if (!tracks.has(key)) tracks.set(key, []);
        tracks.get(key)!.push({ ts: e.ts, end: e.ts + e.dur, i });
        break;
      }
      case 'C': {
        const values = Object.values(e.args ?? {});
        if (values.length === 0 || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) fail(i, e, 'counter args are not all finite numbers');
        break;
      }
      case 'i':
      case 'I':
        if (e.s !== undefined && !['t', 'p', 'g'].includes(e.s)) fail(i, e, 'instant scope is not t, p or g');
        break;
      case 'M':
        if (!METADATA_NAMES.has(e.name)) fail(i, e, 'is metadata of an unknown kind');
        if (e.name.endsWith('_name') && typeof e.args?.name !== 'string') fail(i, e, 'names nothing');
        if (e.name.endsWith('_sort_index') && !Number.isInteger(e.args?.sort_index)) fail(i, e, 'has no integer sort_index');
        break;
    }
  });
  // Proper nesting per track: a slice that starts inside another must end inside it too.
  const EPS = 1e-6;
  for (const [key, slices] of tracks) {
    slices.sort((a, b) => a.ts - b.ts || b.end - a.end);
    const open: { end: number; i: number }[] = [];
    for (const s of slices) {
      while (open.length && open[open.length - 1].end <= s.ts + EPS) open.pop();
      const parent = open[open.length - 1];
      if (parent && s.end > parent.end + EPS) throw new Error(`track ${key}: traceEvents[${s.i}] overlaps traceEvents[${parent.i}] without nesting`);
      open.push(s);
    }
  }
  return events;
}
