// Times one task in this thread: its start and end on the common clock, the thread's run-queue
// delay and core (server/worker/procProbe.ts), CPU time when long enough to be read
// (server/worker/threadCpu.ts) and time blocked in waits (server/worker/waits.ts), as the engine's
// pool threads measure their tasks.
import { performance } from 'node:perf_hooks';
import { ProcProbe, type TaskProbe } from '../../worker/procProbe';
import { CPU_TIME_MIN_TASK_MS, threadCpuMs } from '../../worker/threadCpu';
import { takeTaskLockWaitMs } from '../../worker/waits';
import type { RowWriter } from './rowWriter';

const probe = new ProcProbe();
const nullable = (x: number): number | null => (Number.isNaN(x) ? null : Math.round(x * 1000) / 1000);

export interface Started {
  seq: number;
  startMs: number;
  cpuMs: number;
  probe: TaskProbe;
  location: number | null;
  /** A `message` handled (a post started it), not a pool task function's call. */
  fromMessage: boolean;
}

export class TaskTimer {
  private seq = 0;
  private readonly inFlight = new Set<Started>();

  constructor(private readonly rows: RowWriter) {}

  begin(location: number | null, fromMessage = false): Started {
    takeTaskLockWaitMs();
    const p: TaskProbe = { runQueueStartNs: NaN, runQueueEndNs: NaN, coreStart: NaN, coreEnd: NaN };
    probe.begin(p);
    const s: Started = { seq: this.seq++, startMs: performance.timeOrigin + performance.now(), cpuMs: threadCpuMs(), probe: p, location, fromMessage };
    this.inFlight.add(s);
    this.rows.begin(s.seq, s.startMs, location);
    return s;
  }

  end(s: Started, ok: boolean, error: unknown): void {
    this.inFlight.delete(s);
    const endMs = performance.timeOrigin + performance.now();
    probe.end(s.probe, endMs);
    const cpu = endMs - s.startMs >= CPU_TIME_MIN_TASK_MS ? threadCpuMs() - s.cpuMs : NaN;
    this.rows.add([
      s.seq, s.startMs, endMs, ok ? 1 : 0,
      nullable((s.probe.runQueueEndNs - s.probe.runQueueStartNs) / 1e6), nullable(s.probe.coreStart), nullable(s.probe.coreEnd),
      nullable(cpu), Math.round(takeTaskLockWaitMs() * 1000) / 1000, s.location,
      ok ? null : error instanceof Error ? error.message : String(error), s.fromMessage ? 1 : 0,
    ]);
  }

  /** The thread posts a reply: each task in flight gets a provisional line ending now (see TaskRow). */
  replied(): void {
    if (this.inFlight.size === 0) return;
    const nowMs = performance.timeOrigin + performance.now();
    for (const s of this.inFlight) this.rows.add([s.seq, s.startMs, nowMs, 1, null, null, null, null, 0, s.location, null, s.fromMessage ? 1 : 0]);
  }

  /**
   * Runs `call` as one task: until it returns, or until the promise it returns settles. Timing the
   * promise handles its rejection; `unobserved` (an event handler's promise, which nobody awaits)
   * raises the rejection again, so that the program fails on it as it would unrecorded.
   */
  time<T>(location: number | null, call: () => T, unobserved = false): T {
    // An event handler's task (unobserved) is a message handled; a pool's task function's is not.
    const s = this.begin(location, unobserved);
    let result: T;
    try {
      result = call();
    } catch (e) {
      this.end(s, false, e);
      throw e;
    }
    if (result && typeof (result as { then?: unknown }).then === 'function') {
      (result as unknown as PromiseLike<unknown>).then(() => this.end(s, true, null), (e: unknown) => {
        this.end(s, false, e);
        if (unobserved) void Promise.reject(e);
      });
    } else {
      this.end(s, true, null);
    }
    return result;
  }
}
