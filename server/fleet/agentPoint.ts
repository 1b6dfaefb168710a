// One point on an agent: a local piscina pool of the agent's share of the point's slots (the
// engine's pool and pool threads, so each task is recorded as on one machine: server/engine/pool.ts,
// server/worker/worker.ts), fed by a BullMQ worker on the point's queue, one job per dispatch.
import { pathToFileURL } from 'node:url';
import { Worker, type Job } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import { createPool, defaultHeapLimitMb, type PointPool } from '../engine/pool';
import { classify } from '../engine/pointRunner';
import { createTable, type TaskTable } from '../worker/taskTable';
import type { DispatchMessage, DispatchResult } from '../worker/protocol';
import type { Clock } from './clock';
import { HostRecorder } from './hostRecorder';
import { QUEUE_PREFIX } from './keys';
import { decodeValue, tableToWire, type OpenPointJob, type TaskJob, type TaskJobResult } from './wire';

/**
 * BullMQ's stall detection, tightened (its defaults are a 30 s lock and a 30 s check): a job's lock
 * lasts 2 s and is renewed every second while the job runs; every live worker checks every second
 * for jobs whose lock lapsed. A killed agent's jobs are back in the queue within ~4 s (lock + two
 * checks), and a stalled job runs again up to 5 times (a job that kills every host is not retried forever).
 */
export const STALL = { lockDuration: 2000, stalledInterval: 1000, maxStalledCount: 5 } as const;

let nextTableId = 1;

export class AgentPoint {
  private readonly pool: PointPool;
  private readonly freeCells: number[];
  private readonly inFlight = new Map<number, { table: TaskTable; timedOut: boolean }>();
  private readonly watchdog: NodeJS.Timeout;
  private worker: Worker | null = null;
  /** The host's own recording of the point: its threads, cores, machine and profiles (hostRecorder.ts). */
  readonly recorder: HostRecorder;

  constructor(readonly open: OpenPointJob, private readonly hostName: string, private readonly bundlePath: string, private readonly clock: Clock, private readonly skewMs: number) {
    this.pool = createPool({
      workers: open.workers, threads: open.slots, bundlePath, syncUrl: null, shared: decodeValue(open.shared),
      heapLimitMb: open.heapLimitMb ?? defaultHeapLimitMb(open.slots), cpuProfileIntervalUs: open.cpuProfileIntervalUs ?? null, inputs: null,
    });
    // Slots outside this host's share are taken, so its threads claim the point's global slots base..base+slots−1.
    for (let s = 0; s < open.workers; s++) if (s < open.base || s >= open.base + open.slots) Atomics.store(this.pool.slots, s, -1);
    this.recorder = new HostRecorder(this.pool, () => this.clock(), bundlePath, open.coordinatorBundleUrl);
    this.freeCells = Array.from({ length: this.pool.cells.length }, (_, i) => i);
    // Per-task timeouts, as the engine's watchdog (docs/decisions/engine.md "Timeouts are per task").
    this.watchdog = setInterval(() => {
      const t = this.clock() - this.skewMs;
      for (const [cell, f] of this.inFlight) {
        if (f.timedOut) continue;
        for (let k = 0; k < f.table.rows; k++) {
          const start = f.table.start[k];
          if (start === start && f.table.end[k] !== f.table.end[k] && t - start >= open.timeoutMs) {
            f.timedOut = true;
            this.pool.terminateWorkerOf(cell);
          }
        }
      }
    }, Math.max(5, Math.min(250, open.timeoutMs / 4)));
    this.watchdog.unref();
  }

  /** Every thread started and its setup() run; then the point's jobs are taken. */
  async start(connection: RedisOptions): Promise<void> {
    await this.pool.broadcast('init');
    this.worker = new Worker<TaskJob, TaskJobResult>(this.open.queue, (job) => this.run(job), {
      connection, prefix: QUEUE_PREFIX, concurrency: this.open.slots, name: this.hostName, ...STALL,
      // Results are read from the queue's event stream as they complete; the jobs need not stay.
      removeOnComplete: { count: 0 }, removeOnFail: { count: 0 },
    });
    this.worker.on('error', () => undefined); // connection trouble: BullMQ reconnects; a lost agent is the coordinator's call
    await this.worker.waitUntilReady();
  }

  /** `force`: stop at once, leaving in-flight jobs to stall and run elsewhere; else finish them first. */
  async close(force = false): Promise<void> {
    clearInterval(this.watchdog);
    await this.worker?.close(force).catch(() => undefined);
    this.recorder.close();
    await this.pool.destroy();
  }

  private async run(job: Job<TaskJob>): Promise<TaskJobResult> {
    const { indexes } = job.data;
    const k = indexes.length;
    const table = createTable(k);
    const cell = this.freeCells.pop()!;
    Atomics.store(this.pool.cells, cell, -1);
    const flight = { table, timedOut: false };
    this.inFlight.set(cell, flight);
    const errors: TaskJobResult['errors'] = [];
    const msg: DispatchMessage = { kind: 'dispatch', cell, tableId: nextTableId++, table: table.sab, rows: Array.from({ length: k }, (_, i) => i), indexes, inputs: decodeValue(job.data.inputs) as unknown[], returnOutputs: false };
    try {
      const res = await (this.pool.piscina.run(msg) as Promise<DispatchResult | null>);
      for (const e of res?.errors ?? []) errors.push({ k: e.row, message: e.message, stack: this.stack(e.stack), cause: 'error' });
    } catch (err) {
      // The worker died (exit, out of memory, timeout): the task it ran failed, the rest of the batch was not run.
      const { cause, message } = classify(err, flight.timedOut, false);
      const slot = Atomics.load(this.pool.cells, cell);
      if (slot >= 0 && slot < this.pool.slots.length) Atomics.store(this.pool.slots, slot, 0);
      const now = this.clock() - this.skewMs;
      for (let i = 0; i < k; i++) {
        if (table.end[i] === table.end[i]) continue;
        const started = table.start[i] === table.start[i];
        if (!started) table.start[i] = now;
        table.end[i] = now;
        table.ok[i] = 0;
        errors.push({ k: i, cause: started ? cause : 'error', message: started ? message : `not run: its worker died with an earlier task of its batch (${message})`, stack: '' });
      }
    } finally {
      this.inFlight.delete(cell);
      this.freeCells.push(cell);
    }
    // Times as this host's clock reads them (a skew stands in for a host whose clock is off).
    return { host: this.hostName, table: tableToWire(table, k, this.skewMs), errors };
  }

  /** A stack as the coordinator's source map reads it: this agent's copy of the bundle named as the coordinator's. */
  private stack(stack: string): string {
    return stack.split(pathToFileURL(this.bundlePath).href).join(this.open.coordinatorBundleUrl).split(this.bundlePath).join(this.open.coordinatorBundleUrl);
  }
}
