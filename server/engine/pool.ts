// One piscina pool per sweep point: min = max = p threads, one task per worker at a time.
import { Piscina } from 'piscina';
import { totalmem } from 'node:os';
import { distPath } from './distPath';
import { LAST_WORDS_BYTES, type WorkloadInputs, type ControlMessage, type ControlResult, type PoolWorkerData } from '../worker/protocol';

export interface PointPool {
  piscina: Piscina;
  slots: Int32Array;
  workers: number;
  /**
   * Stops the worker running the dispatch in `cell` (a task past its timeout): piscina rejects the
   * dispatch and starts a replacement. No AbortSignal per dispatch: attaching one costs ~20 µs.
   */
  terminateWorkerOf(cell: number): void;
  /** The thread id of the worker running the dispatch in `cell`, or -1. */
  threadIdOf(cell: number): number;
  /** Dispatch cells (see PoolWorkerData.cells): ≤ p dispatches are in flight, so 2p never run out. */
  cells: Int32Array;
  /** The stack a worker in `slot` left when it called process.exit (consumed on read), or ''. */
  takeLastWords(slot: number): string;
  /** Sends one control message to every worker (each takes exactly one: they wait on a barrier). */
  broadcast(op: ControlMessage['op'], table?: { id: number; sab: SharedArrayBuffer }): Promise<ControlResult[]>;
  destroy(): Promise<void>;
}

/** Old-space limit per worker so that a runaway workload fails one task, not the whole process. */
export function defaultHeapLimitMb(workers: number): number {
  return Math.max(256, Math.min(4096, Math.floor(totalmem() / 1024 / 1024 / (2 * workers))));
}

/**
 * `threads`: how many of the point's `workers` slots this pool runs (a fleet agent runs its share
 * of a point spread over hosts: server/fleet/agentPoint.ts); default all of them.
 */
export function createPool(opts: { workers: number; threads?: number; bundlePath: string; syncUrl: string | null; shared: unknown; heapLimitMb: number; cpuProfileIntervalUs: number | null; inputs: WorkloadInputs | null }): PointPool {
  const threads = opts.threads ?? opts.workers;
  const slotsSab = new SharedArrayBuffer(4 * opts.workers);
  const lastWords = new SharedArrayBuffer(LAST_WORDS_BYTES * opts.workers);
  const cells = new SharedArrayBuffer(4 * 2 * opts.workers);
  const workerData: PoolWorkerData = {
    bundlePath: opts.bundlePath, syncUrl: opts.syncUrl, workers: opts.workers, shared: opts.shared, slots: slotsSab, cpuProfileIntervalUs: opts.cpuProfileIntervalUs, lastWords, cells, inputs: opts.inputs,
  };
  const piscina = new Piscina({
    filename: distPath('worker.js'),
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: 1,
    // Idle workers must return to their event loop: with piscina's default ('sync') they block in
    // Atomics.wait between tasks and the 'gc' PerformanceObserver never delivers (gcMs stays 0).
    // Measured: 'disabled' also gave the shortest round trip for tiny tasks (87 µs vs 124 µs).
    atomics: 'disabled',
    idleTimeout: 2 ** 31 - 1,
    workerData,
    resourceLimits: { maxOldGenerationSizeMb: opts.heapLimitMb },
  });
  // Errors reach us through the rejected run() promises; this keeps piscina's 'error' event from throwing.
  piscina.on('error', () => undefined);
  const pool: PointPool = {
    piscina,
    slots: new Int32Array(slotsSab),
    cells: new Int32Array(cells),
    workers: opts.workers,
    terminateWorkerOf(cell) {
      const threadId = this.threadIdOf(cell);
      if (threadId < 0) return;
      void piscina.threads.find((t) => t.threadId === threadId)?.terminate();
    },
    threadIdOf(cell) {
      const slot = Atomics.load(this.cells, cell);
      if (slot < 0 || slot >= opts.workers) return -1;
      return Atomics.load(this.slots, slot) - 1;
    },
    takeLastWords(slot) {
      if (slot < 0 || slot >= opts.workers) return '';
      const view = new DataView(lastWords, slot * LAST_WORDS_BYTES, 4);
      const len = view.getUint32(0);
      view.setUint32(0, 0);
      return Buffer.from(new Uint8Array(lastWords, slot * LAST_WORDS_BYTES + 4, len)).toString('utf8');
    },
    async broadcast(op, table) {
      const barrier = new SharedArrayBuffer(4);
      const msg: ControlMessage = { kind: 'control', op, table: table?.sab, tableId: table?.id, barrier, parties: threads, barrierTimeoutMs: 5000 };
      const settled = await Promise.allSettled(Array.from({ length: threads }, () => piscina.run(msg) as Promise<ControlResult>));
      return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    },
    async destroy() {
      await piscina.destroy().catch(() => undefined);
    },
  };
  return pool;
}
