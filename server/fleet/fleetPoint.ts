// One point on the fleet, coordinator side (server/engine/remote.ts RemotePoint): the point's queue,
// its hosts opened through their control queues, and each repeat as BullMQ jobs — one per dispatch
// (a task, or a batch) — whose results and per-task rows come back on the queue's event stream.
// Rows are put on the coordinator's clock (agent time − the host's offset). A job whose host died is
// found by BullMQ's stall check (agentPoint.ts STALL), recorded as lost with that host, and runs again
// on another. See docs/decisions/fleet.md.
import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis, RedisOptions } from 'ioredis';
import { createTable } from '../worker/taskTable';
import { engineColumns } from '../engine/repeatColumns';
import type { RemotePoint, RemoteRepeat, RemoteRepeatRequest } from '../engine/remote';
import type { Clock } from './clock';
import { overPoint, type ClockOffset } from './clockOffset';
import { within } from './connection';
import { FleetError } from './fleetError';
import { endHostRepeats, fetchHostProfiles, startHostRepeats } from './hostRecords';
import { QUEUE_PREFIX } from './keys';
import type { PlacedHost } from './placement';
import { encodeValue, wireRowInto, type ControlJob, type OpenPointJob, type TaskJob, type TaskJobResult } from './wire';

/** What a point needs of the fleet it runs on (coordinator.ts). */
export interface PointFleet {
  connection: RedisOptions;
  /** The coordinator's own client (the hosts' shipped profiles are read with it: hostRecords.ts). */
  redis: Redis;
  clock: Clock;
  /** Index of the run's host of an agent name (−1 unknown). */
  hostIndex(name: string): number;
  hostName(host: number): string;
  /** The host's clock minus the coordinator's, ms. */
  offsetOf(host: number): number;
  /** The host's offset from the agent's offset from Redis, with the coordinator's own measured now (recorded as the host's latest). */
  estimateOffset(host: number, agent: ClockOffset): Promise<ClockOffset>;
  /** Whether the host's heartbeat is still there. */
  alive(host: number): boolean;
  /** Set once the fleet cannot go on (Redis lost): every repeat ends with it. */
  failure(): FleetError | null;
  /** Called when failure() becomes set or a host goes, so that waiting repeats look again. */
  onChange(listener: () => void): () => void;
  /** `p`, or the fleet's failure as soon as it has one (a command waiting on a lost Redis never ends). */
  guard<T>(p: Promise<T>): Promise<T>;
  /** Control queues (with their event streams) by agent name, made once. */
  control(name: string): Promise<{ queue: Queue<ControlJob>; events: QueueEvents }>;
}

/** Jobs added per round trip at the start of a repeat. */
const ADD_CHUNK = 500;
/** An agent that has not opened its share of a point by then is not there (setup() included). */
const OPEN_TIMEOUT_MS = 120_000;

let repeatSeq = 0;

export async function openFleetPoint(fleet: PointFleet, open: Omit<OpenPointJob, 'base' | 'slots' | 'queue' | 'kind'>, queueName: string, placement: PlacedHost[]): Promise<RemotePoint> {
  const queue = new Queue<TaskJob, TaskJobResult>(queueName, { connection: fleet.connection, prefix: QUEUE_PREFIX, streams: { events: { maxLen: 200_000 } } });
  queue.on('error', () => undefined);
  const events = new QueueEvents(queueName, { connection: fleet.connection, prefix: QUEUE_PREFIX });
  events.on('error', () => undefined);
  // Made ready while the hosts open their share (the event stream must be read before any job is added).
  const ready = fleet.guard(Promise.all([queue.waitUntilReady(), events.waitUntilReady()]));
  ready.catch(() => undefined);
  const opened: string[] = [];
  const closeAll = async (): Promise<void> => {
    if (!fleet.failure()) {
      // Agents that went (killed, cut off) have nothing to close and would never answer.
      await Promise.all(opened.filter((name) => fleet.alive(fleet.hostIndex(name))).map(async (name) => {
        const c = await fleet.control(name);
        const job = await c.queue.add('close', { kind: 'close', queue: queueName }, { removeOnComplete: true, removeOnFail: true });
        const answer = await within(job.waitUntilFinished(c.events, 10_000), 10_000);
        // The offset again as the point ends: how far it moved since the opening is the clocks' drift over the point.
        const p = placement.find((x) => x.host === fleet.hostIndex(name));
        const agent = clockAnswer(answer);
        if (p && agent && p.clockOffsetMs !== undefined && p.clockUncertaintyMs !== undefined) {
          const close = await fleet.estimateOffset(p.host, agent).catch(() => null);
          if (close) p.clockUncertaintyMs = round3(overPoint({ offsetMs: p.clockOffsetMs, uncertaintyMs: p.clockUncertaintyMs }, close));
        }
      }));
      await within(queue.obliterate({ force: true }), 5000);
    }
    await within(events.close(), 2000);
    await within(queue.close(), 2000);
  };
  try {
    let base = 0;
    await Promise.all(placement.map(async (p) => {
      const name = fleet.hostName(p.host);
      const job: OpenPointJob = { ...open, kind: 'open', queue: queueName, base, slots: p.slots };
      base += p.slots;
      const c = await fleet.guard(fleet.control(name));
      const added = await fleet.guard(c.queue.add('open', job, { removeOnComplete: true, removeOnFail: true }));
      // An agent that goes while opening would never answer: its heartbeat's end says so.
      let off = (): void => undefined;
      const gone = new Promise<never>((_, reject) => {
        off = fleet.onChange(() => { if (!fleet.alive(p.host)) reject(new Error('it stopped answering (no heartbeat)')); });
      });
      try {
        const agent = clockAnswer(await fleet.guard(Promise.race([added.waitUntilFinished(c.events, OPEN_TIMEOUT_MS), gone])));
        if (agent) {
          const rel = await fleet.guard(fleet.estimateOffset(p.host, agent));
          p.clockOffsetMs = rel.offsetMs;
          p.clockUncertaintyMs = rel.uncertaintyMs;
        }
      } catch (e) {
        if (fleet.failure()) throw fleet.failure()!;
        throw new FleetError(`agent ${name} could not open ${p.slots} slot${p.slots === 1 ? '' : 's'} of the point at ${open.workers} workers: ${(e as Error).message}`);
      } finally {
        off();
      }
      opened.push(name);
    }));
    await ready;
  } catch (e) {
    await closeAll();
    throw fleet.failure() ?? e;
  }
  return {
    placement,
    runRepeat: (req) => runFleetRepeat(fleet, queue, events, placement, req),
    profiles: () => fetchHostProfiles(fleet, queueName, placement),
    close: closeAll,
  };
}

async function runFleetRepeat(fleet: PointFleet, queue: Queue<TaskJob, TaskJobResult>, events: QueueEvents, placement: PlacedHost[], req: RemoteRepeatRequest): Promise<RemoteRepeat> {
  const { ordered, batch, inputs } = req;
  const n = ordered.length;
  const table = createTable(n);
  const engine = engineColumns(ordered);
  const { dispatch: dispatchOf, submitAt } = engine;
  const hostOf = new Float64Array(n).fill(NaN);
  const receivedAt = new Float64Array(n).fill(NaN);
  // When each row's job was sent to Redis (coordinator clock): enqueue → start (analysis/fleet/enqueueLatency.ts).
  const enqueuedAt = new Float64Array(n).fill(NaN);
  const errors: RemoteRepeat['errors'] = [];
  const lost: RemoteRepeat['lost'] = [];
  const seq = ++repeatSeq;
  const jobs = Math.ceil(n / batch);
  const pending = new Map<string, number>(); // job id → first row
  const rowsOf = (d: number): [number, number] => [d * batch, Math.min(n, (d + 1) * batch)];
  for (let d = 0; d < jobs; d++) pending.set(`${seq}-${d}`, d);
  for (let row = 0; row < n; row++) table.bytesIn[row] = req.bytesIn(ordered[row]);
  let done = 0;
  let cancelled = req.signal.aborted;

  let settle!: (e?: Error) => void;
  const finished = new Promise<void>((resolve, reject) => { settle = (e) => (e ? reject(e) : resolve()); });
  const check = (): void => {
    const failure = fleet.failure();
    if (failure) { settle(failure); return; }
    if (cancelled || pending.size === 0) { settle(); return; }
    if (placement.every((p) => !fleet.alive(p.host))) {
      settle(new FleetError(`every host of the point at ${placement.reduce((sum, p) => sum + p.slots, 0)} workers stopped answering (${placement.map((p) => fleet.hostName(p.host)).join(', ')}); ${pending.size} dispatch${pending.size === 1 ? '' : 'es'} never came back`));
    }
  };

  const onCompleted = ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }): void => {
    const d = pending.get(jobId);
    if (d === undefined) return;
    const result = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as TaskJobResult;
    pending.delete(jobId);
    const at = fleet.clock();
    const host = fleet.hostIndex(result.host);
    const offset = placement.find((p) => p.host === host)?.clockOffsetMs ?? (host >= 0 ? fleet.offsetOf(host) : 0);
    const [from, to] = rowsOf(d);
    for (let row = from, k = 0; row < to; row++, k++) {
      wireRowInto(result.table, k, table, row, offset);
      dispatchOf[row] = d;
      // As in pull dispatch: a dispatch is handed out when a worker takes it (its first task's receipt).
      const recv = table.recvAt[from];
      submitAt[row] = recv === recv ? recv : table.start[row];
      hostOf[row] = host;
      receivedAt[row] = at;
    }
    for (const e of result.errors) errors.push({ row: from + e.k, message: e.message, stack: e.stack, host, cause: e.cause });
    done += to - from;
    req.onTasks(done, n);
    check();
  };
  const onFailed = ({ jobId, failedReason }: { jobId: string; failedReason: string }): void => {
    const d = pending.get(jobId);
    if (d === undefined) return;
    pending.delete(jobId);
    const [from, to] = rowsOf(d);
    const at = fleet.clock();
    for (let row = from; row < to; row++) {
      table.start[row] = table.end[row] = at;
      table.ok[row] = 0;
      dispatchOf[row] = d;
      submitAt[row] = at;
      receivedAt[row] = at;
      errors.push({ row, message: `the fleet could not run it: ${failedReason}`, stack: '', host: -1, cause: 'error' });
    }
    done += to - from;
    check();
  };
  // A job whose agent stopped renewing its lock: BullMQ put it back in the queue; it runs again elsewhere.
  // Which host lost it is looked up (Redis, then the heartbeats) before the repeat returns: `lookups`.
  const lookups: Promise<void>[] = [];
  const onStalled = ({ jobId }: { jobId: string }): void => {
    const d = pending.get(jobId);
    if (d === undefined) return;
    lookups.push((async () => {
      const job = await Job.fromId(queue, jobId).catch(() => undefined);
      // The agent that held it, unless another took it already; then the placed host whose heartbeat
      // went. The stall check and the heartbeat's expiry lapse about together (both ~2 s): when no
      // placed host is gone yet, wait for one to go, up to LOST_HOST_WAIT_MS, before naming the holder.
      let host = job?.processedBy ? fleet.hostIndex(job.processedBy) : -1;
      const gone = (): number | undefined => placement.find((p) => !fleet.alive(p.host))?.host;
      for (const until = Date.now() + LOST_HOST_WAIT_MS; gone() === undefined && (host < 0 || fleet.alive(host)) && Date.now() < until;) {
        await new Promise((r) => setTimeout(r, 100));
      }
      if (host < 0 || fleet.alive(host)) host = gone() ?? host;
      const [from, to] = rowsOf(d);
      const name = host >= 0 ? fleet.hostName(host) : 'an agent';
      lost.push({ row: from, rows: to - from, host: Math.max(0, host), message: `${name} stopped answering with ${to - from === 1 ? 'this task' : `this batch of ${to - from} tasks`} in flight (its BullMQ lock lapsed); it ran again on another host` });
    })());
  };
  events.on('completed', onCompleted as never);
  events.on('failed', onFailed as never);
  events.on('stalled', onStalled as never);
  const unwatch = fleet.onChange(check);
  const onAbort = (): void => { cancelled = true; void queue.drain(true).catch(() => undefined); check(); };
  req.signal.addEventListener('abort', onAbort, { once: true });

  // A measured repeat: each host starts its own record of it (hostRecords.ts) before anything is timed.
  if (req.measured) await startHostRepeats(fleet, queue.name, placement, req.repeat, req.measured.order);
  const t0 = fleet.clock();
  try {
    for (let d = 0; d < jobs && !cancelled && !fleet.failure(); d += ADD_CHUNK) {
      const bulk = [];
      for (let j = d; j < Math.min(jobs, d + ADD_CHUNK); j++) {
        const [from, to] = rowsOf(j);
        const indexes = Array.from(ordered.subarray(from, to));
        bulk.push({ name: 't', data: { rows: [from, to], indexes, inputs: encodeValue(indexes.map((i) => inputs[i])) }, opts: { jobId: `${seq}-${j}`, removeOnComplete: true, removeOnFail: true } });
      }
      // Sent now: the add's way into Redis is part of a job's transport, not of its wait.
      enqueuedAt.fill(fleet.clock(), d * batch, Math.min(n, (d + ADD_CHUNK) * batch));
      await fleet.guard(queue.addBulk(bulk));
    }
    check();
    await finished;
  } finally {
    events.off('completed', onCompleted as never);
    events.off('failed', onFailed as never);
    events.off('stalled', onStalled as never);
    unwatch();
    req.signal.removeEventListener('abort', onAbort);
  }
  const makespanMs = fleet.clock() - t0;
  await Promise.all(lookups);
  const hosts = req.measured && !cancelled ? await endHostRepeats(fleet, queue.name, placement, req.repeat, req.measured.order, t0, makespanMs) : undefined;
  return { table, engine, hostOf, receivedAt, enqueuedAt, t0, makespanMs, cancelled, errors, lost, hosts };
}

/** The clock offset in an agent's answer to an open or close job (agent.ts), if it sent one. */
function clockAnswer(answer: unknown): ClockOffset | null {
  const a = answer as { offsetMs?: unknown; uncertaintyMs?: unknown; atMs?: unknown } | undefined;
  if (typeof a?.offsetMs !== 'number' || typeof a.uncertaintyMs !== 'number') return null;
  return { offsetMs: a.offsetMs, uncertaintyMs: a.uncertaintyMs, ...(typeof a.atMs === 'number' ? { atMs: a.atMs } : {}) };
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** How long a stalled job's lookup waits for a placed host's heartbeat to lapse (registry.ts HEARTBEAT_TTL_MS, twice over). */
const LOST_HOST_WAIT_MS = 4000;
