// Chrome Trace Event export (the JSON object form that Perfetto and chrome://tracing open).
// Layout: one process per sweep point and repeat, so that every repeat starts at t = 0 and the
// worker counts line up for comparison; one thread track per worker with a complete ('X') event
// per task; counter ('C') tracks for per-core utilisation and for the number of queued tasks;
// failures as instant ('i') events; when the run was profiled, a flame chart per worker (nested
// 'X' events from the CPU-profile samples) on a track next to the worker's tasks.
// Timestamps are µs (the format's unit), rounded to ns.
import type { Failure, Point, RunFile } from '../../common/runFile';
import { plural } from '../../common/format';

export type TracePhase = 'X' | 'M' | 'C' | 'i';

export interface TraceEvent {
  name: string;
  ph: TracePhase;
  ts: number;
  pid: number;
  tid: number;
  dur?: number;
  cat?: string;
  /** Scope of an instant event: thread or process. */
  s?: 't' | 'p';
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms';
  metadata: Record<string, unknown>;
}

/** Counter tracks are process-wide; the format still wants an integer tid. */
const PROCESS_TID = 0;
/** Worker w's task track is tid w + 1; its CPU-profile track is PROFILE_TID + w + 1. */
const PROFILE_TID = 100_000;

function micros(ms: number): number {
  return Math.max(0, Math.round(ms * 1e6) / 1e3);
}

function repeatsOf(point: Point): number[] {
  const seen = new Set<number>(point.tasks.repeat);
  for (const c of point.cores) seen.add(c.repeat);
  for (const w of point.workerStats) seen.add(w.repeat);
  for (let r = 0; r < point.makespansMs.length; r++) seen.add(r);
  return [...seen].sort((a, b) => a - b);
}

/** A fleet run's host of each worker slot in one repeat (slot → host name); empty for a local run. */
function hostOfWorker(run: RunFile, point: Point, repeat: number): Map<number, string> {
  const out = new Map<number, string>();
  const host = point.tasks.host;
  if (!host || !run.hosts) return out;
  for (let i = 0; i < host.length; i++) {
    if (point.tasks.repeat[i] === repeat) out.set(point.tasks.worker[i], run.hosts[host[i]]?.name ?? `host ${host[i]}`);
  }
  return out;
}

function metadataEvents(pid: number, point: Point, repeat: number, repeats: number, hosts: Map<number, string>): TraceEvent[] {
  const label = plural(point.workers, 'worker') + (repeats > 1 ? ` · repeat ${repeat + 1}` : '');
  const events: TraceEvent[] = [
    { name: 'process_name', ph: 'M', ts: 0, pid, tid: PROCESS_TID, args: { name: label } },
    { name: 'process_sort_index', ph: 'M', ts: 0, pid, tid: PROCESS_TID, args: { sort_index: pid } },
  ];
  const workers = new Set<number>();
  for (let w = 0; w < point.workers; w++) workers.add(w);
  point.tasks.worker.forEach((w, i) => { if (point.tasks.repeat[i] === repeat) workers.add(w); });
  for (const w of [...workers].sort((a, b) => a - b)) {
    events.push({ name: 'thread_name', ph: 'M', ts: 0, pid, tid: w + 1, args: { name: hosts.has(w) ? `worker ${w} · ${hosts.get(w)}` : `worker ${w}` } });
    events.push({ name: 'thread_sort_index', ph: 'M', ts: 0, pid, tid: w + 1, args: { sort_index: 2 * w } });
  }
  for (const lane of point.flame?.lanes ?? []) {
    if (lane.repeat !== repeat) continue;
    const tid = PROFILE_TID + lane.worker + 1;
    events.push({ name: 'thread_name', ph: 'M', ts: 0, pid, tid, args: { name: `worker ${lane.worker} · CPU profile` } });
    events.push({ name: 'thread_sort_index', ph: 'M', ts: 0, pid, tid, args: { sort_index: 2 * lane.worker + 1 } });
  }
  return events;
}

/**
 * The sampled call stacks of each worker as nested slices: consecutive samples that share a
 * stack prefix extend the same slices; a gap between samples closes every open frame.
 */
function profileEvents(pid: number, point: Point, repeat: number): TraceEvent[] {
  const flame = point.flame;
  if (!flame) return [];
  const byId = new Map(flame.nodes.map((n) => [n.id, n]));
  const pathOf = (id: number): number[] => {
    const path: number[] = [];
    // The root frame (parent −1) spans everything and says nothing: leave it out.
    for (let n = byId.get(id); n && n.parent !== -1; n = byId.get(n.parent)) path.push(n.id);
    return path.reverse();
  };
  const events: { e: TraceEvent; depth: number }[] = [];
  for (const lane of flame.lanes) {
    if (lane.repeat !== repeat) continue;
    const tid = PROFILE_TID + lane.worker + 1;
    const open: { id: number; ts: number }[] = [];
    const closeTo = (depth: number, at: number) => {
      while (open.length > depth) {
        const f = open.pop()!;
        const node = byId.get(f.id)!;
        events.push({
          depth: open.length,
          e: {
            name: node.name || '(anonymous)', cat: 'profile', ph: 'X', ts: f.ts, dur: Math.max(0, at - f.ts), pid, tid,
            args: { location: node.file ? `${node.file}:${node.line ?? '?'}` : null },
          },
        });
      }
    };
    let lastEnd = 0;
    for (let i = 0; i < lane.node.length; i++) {
      const start = micros(lane.startMs[i]);
      if (start > lastEnd) closeTo(0, lastEnd);
      const path = pathOf(lane.node[i]);
      let common = 0;
      while (common < open.length && common < path.length && open[common].id === path[common]) common++;
      closeTo(common, start);
      for (let d = common; d < path.length; d++) open.push({ id: path[d], ts: start });
      lastEnd = Math.max(lastEnd, micros(lane.endMs[i]));
    }
    closeTo(0, lastEnd);
  }
  // Outer frames first at equal starts: a viewer nests equal-span slices in the order given.
  return events.sort((a, b) => a.e.ts - b.e.ts || a.depth - b.depth).map((x) => x.e);
}

/** A column entry, plain (null) or packed (NaN), as null where it was not measured. */
const orNull = (v: number | null): number | null => (v === null || Number.isNaN(v) ? null : v);

function taskEvents(pid: number, point: Point, repeat: number, hostNames: readonly string[]): TraceEvent[] {
  const t = point.tasks;
  const events: TraceEvent[] = [];
  for (let i = 0; i < t.index.length; i++) {
    if (t.repeat[i] !== repeat) continue;
    const ts = micros(t.startMs[i]);
    events.push({
      // Named by function, not by input: tools that group slices by name (speedscope, Perfetto's
      // summaries) then group every task together; which input it was is in args.index.
      name: 'task',
      cat: t.ok[i] ? 'task' : 'task,failed',
      ph: 'X',
      ts,
      dur: Math.max(0, micros(t.endMs[i]) - ts),
      pid,
      tid: t.worker[i] + 1,
      args: {
        index: t.index[i],
        dispatch: t.dispatch[i],
        ok: Boolean(t.ok[i]),
        queueMs: t.queueMs[i],
        cpuMs: orNull(t.cpuMs[i]),
        runQueueMs: orNull(t.runQueueMs[i]),
        lockWaitMs: t.lockWaitMs[i],
        gcMs: t.gcMs[i],
        bytesIn: orNull(t.bytesIn[i]),
        bytesOut: orNull(t.bytesOut[i]),
        coreStart: orNull(t.coreStart[i]),
        coreEnd: orNull(t.coreEnd[i]),
        ...(t.host ? { host: hostNames[t.host[i]] ?? t.host[i] } : {}),
        ...(t.receivedMs ? { receivedMs: t.receivedMs[i] } : {}),
        ...(t.enqueuedMs ? { enqueuedMs: t.enqueuedMs[i] } : {}),
      },
    });
  }
  return events;
}

/** Tasks submitted but not yet started, as a step counter (rises at submit, falls at dispatch start). */
function queueCounter(pid: number, point: Point, repeat: number): TraceEvent[] {
  const t = point.tasks;
  const steps: [number, number][] = [];
  for (let i = 0; i < t.index.length; i++) {
    if (t.repeat[i] !== repeat) continue;
    steps.push([micros(t.submitMs[i]), +1], [micros(t.submitMs[i] + t.queueMs[i]), -1]);
  }
  // At equal times apply the falls first so the counter never shows a phantom peak.
  steps.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const events: TraceEvent[] = [];
  let queued = 0;
  for (let i = 0; i < steps.length; i++) {
    queued += steps[i][1];
    if (i + 1 < steps.length && steps[i + 1][0] === steps[i][0]) continue;
    events.push({ name: 'queued tasks', ph: 'C', ts: steps[i][0], pid, tid: PROCESS_TID, args: { tasks: queued } });
  }
  return events;
}

/** One counter track per core: the value of each sample holds over the interval it measured. */
function coreCounters(pid: number, point: Point, repeat: number, hostNames: readonly string[]): TraceEvent[] {
  const events: TraceEvent[] = [];
  for (const series of point.cores) {
    if (series.repeat !== repeat) continue;
    series.busy.forEach((samples, core) => {
      // A fleet point has each host's cores (server/fleet/hostRecorder.ts): named with their host.
      const name = series.host === undefined ? `core ${core} busy %` : `${hostNames[series.host] ?? `host ${series.host}`} core ${core} busy %`;
      samples.forEach((busy, i) => {
        const from = i === 0 ? 0 : series.timesMs[i - 1];
        events.push({ name, ph: 'C', ts: micros(from), pid, tid: PROCESS_TID, args: { busy: Math.round(busy * 1000) / 10 } });
      });
      if (samples.length) events.push({ name, ph: 'C', ts: micros(series.timesMs[samples.length - 1]), pid, tid: PROCESS_TID, args: { busy: 0 } });
    });
  }
  return events;
}

function failureEvent(failure: Failure, pidOf: (workers: number, repeat: number) => number | undefined, run: RunFile): TraceEvent | null {
  const repeat = failure.repeat ?? 0;
  const pid = pidOf(failure.workers, repeat);
  if (pid === undefined) return null;
  const args = {
    taskIndex: failure.taskIndex,
    cause: failure.cause,
    message: failure.message,
    location: failure.location ? `${failure.location.file}:${failure.location.line}` : null,
    ...(failure.host !== undefined ? { host: run.hosts?.[failure.host]?.name ?? failure.host } : {}),
  };
  const name = `task failed: ${failure.cause}`;
  const point = run.points.find((p) => p.workers === failure.workers);
  const t = point?.tasks;
  const i = t ? t.index.findIndex((idx, k) => idx === failure.taskIndex && t.repeat[k] === repeat && !t.ok[k]) : -1;
  if (t && i >= 0) return { name, cat: 'failure', ph: 'i', s: 't', ts: micros(t.endMs[i]), pid, tid: t.worker[i] + 1, args };
  // Never started (e.g. cancelled): mark it on the whole process at the end of the repeat.
  const end = point?.makespansMs[repeat] ?? point?.makespanMs ?? 0;
  return { name, cat: 'failure', ph: 'i', s: 'p', ts: micros(end), pid, tid: PROCESS_TID, args };
}

/** push(...items) overflows the call stack for a million items. */
function append<T>(to: T[], items: readonly T[]): void {
  for (const item of items) to.push(item);
}

export function runToTrace(run: RunFile): ChromeTrace {
  const events: TraceEvent[] = [];
  const pids = new Map<string, number>();
  let nextPid = 1;
  for (const point of run.points) {
    const repeats = repeatsOf(point);
    for (const repeat of repeats) {
      const pid = nextPid++;
      pids.set(`${point.workers}/${repeat}`, pid);
      append(events, metadataEvents(pid, point, repeat, repeats.length, hostOfWorker(run, point, repeat)));
      const timed = taskEvents(pid, point, repeat, (run.hosts ?? []).map((h) => h.name)).concat(profileEvents(pid, point, repeat), queueCounter(pid, point, repeat), coreCounters(pid, point, repeat, (run.hosts ?? []).map((h) => h.name)));
      // Per track by start; at equal starts the longer slice first, so parents precede children
      // (the sort is stable, so equal spans keep their outer-first order).
      timed.sort((a, b) => a.tid - b.tid || a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
      append(events, timed);
    }
  }
  const pidOf = (workers: number, repeat: number) => pids.get(`${workers}/${repeat}`);
  for (const f of run.failures) {
    const e = failureEvent(f, pidOf, run);
    if (e) events.push(e);
  }
  return {
    traceEvents: events,
    displayTimeUnit: 'ms',
    metadata: {
      'scalescope-run': run.id,
      schema: run.schema,
      workload: run.workload,
      status: run.status,
      startedAt: run.startedAt,
      host: run.host,
      config: run.config,
    },
  };
}

/**
 * The trace as JSON text in pieces, for writing to a file without first building one string
 * (a million-task trace is ~300 MB, close to V8's string length limit).
 */
export function* traceJsonChunks(trace: ChromeTrace, eventsPerChunk = 10_000): Generator<string> {
  yield '{"traceEvents":[';
  const events = trace.traceEvents;
  for (let i = 0; i < events.length; i += eventsPerChunk) {
    const part = JSON.stringify(events.slice(i, i + eventsPerChunk)).slice(1, -1);
    yield i === 0 ? part : `,${part}`;
  }
  yield `],"displayTimeUnit":${JSON.stringify(trace.displayTimeUnit)},"metadata":${JSON.stringify(trace.metadata)}}`;
}
