// Times one task in this thread: its start and end on the common clock, the thread's run-queue
// delay and core (server/worker/procProbe.ts, on a sample of short tasks: probeBudget.ts), CPU time when long enough to be read
// (server/worker/threadCpu.ts) and time blocked in waits (server/worker/waits.ts), as the engine's
// pool threads measure their tasks.
import { performance } from 'node:perf_hooks';
import { ProbeBudget } from '../../worker/probeBudget';
import { ProcProbe, type TaskProbe } from '../../worker/procProbe';
import { CPU_TIME_MIN_TASK_MS, threadCpuMs } from '../../worker/threadCpu';
import { takeTaskLockWaitMs } from '../../worker/waits';
import { messageBytes, threadWire } from './messageBytes';
import type { GcPauses } from './gcPauses';
import type { RowWriter } from './rowWriter';

const probe = new ProcProbe(new ProbeBudget());
/** How this thread's messages travel (messageBytes.ts). */
const wire = threadWire();
const nullable = (x: number): number | null => (Number.isNaN(x) ? null : Math.round(x * 1000) / 1000);

/** A task in flight; its probe fields (TaskProbe) are filled in place. */
export interface Started extends TaskProbe {
  seq: number;
  startMs: number;
  cpuMs: number;
  location: number | null;
  /** A `message` handled (a post started it), not a pool task function's call. */
  fromMessage: boolean;
  /** Estimated bytes of its input and its result (messageBytes.ts); null where not known. */
  bytesIn: number | null;
  bytesOut: number | null;
}

export class TaskTimer {
  private seq = 0;
  private readonly inFlight = new Set<Started>();

  constructor(private readonly rows: RowWriter, private readonly gc?: GcPauses) {}

  /** Estimated bytes of a task's input or result as this thread's messages carry it. */
  bytes(value: unknown): number | null {
    return messageBytes(value, wire);
  }

  begin(location: number | null, fromMessage = false, bytesIn: number | null = null): Started {
    this.gc?.taskStarted();
    takeTaskLockWaitMs();
    const s: Started = { runQueueStartNs: NaN, runQueueEndNs: NaN, coreStart: NaN, coreEnd: NaN, readMs: 0, seq: this.seq++, startMs: 0, cpuMs: threadCpuMs(), location, fromMessage, bytesIn, bytesOut: fromMessage ? 0 : null };
    probe.begin(s);
    s.startMs = performance.timeOrigin + performance.now();
    this.inFlight.add(s);
    this.rows.begin(s.seq, s.startMs, location);
    return s;
  }

  /** `bytesOut`: the result's bytes (a pool task's); a handled message's are its replies (replied). */
  end(s: Started, ok: boolean, error: unknown, bytesOut?: number | null): void {
    this.inFlight.delete(s);
    if (bytesOut !== undefined) s.bytesOut = bytesOut;
    const endMs = performance.timeOrigin + performance.now();
    probe.end(s, endMs, endMs - s.startMs);
    const cpu = endMs - s.startMs >= CPU_TIME_MIN_TASK_MS ? threadCpuMs() - s.cpuMs : NaN;
    this.gc?.taskEnded();
    this.rows.add([
      s.seq, s.startMs, endMs, ok ? 1 : 0,
      nullable((s.runQueueEndNs - s.runQueueStartNs) / 1e6), nullable(s.coreStart), nullable(s.coreEnd),
      nullable(cpu), Math.round(takeTaskLockWaitMs() * 1000) / 1000, s.location,
      ok ? null : error instanceof Error ? error.message : String(error), s.fromMessage ? 1 : 0, s.bytesIn, s.bytesOut,
    ]);
  }

  /**
   * The thread posts a reply: each task in flight gets a provisional line ending now (see TaskRow).
   * The reply's bytes are the result of the handled message in flight; with several in flight, whose
   * it is is not known (null).
   */
  replied(message: unknown): void {
    if (this.inFlight.size === 0) return;
    const nowMs = performance.timeOrigin + performance.now();
    let handling = 0;
    for (const s of this.inFlight) if (s.fromMessage) handling++;
    const bytes = handling === 1 ? this.bytes(message) : null;
    for (const s of this.inFlight) {
      if (s.fromMessage) s.bytesOut = bytes === null || s.bytesOut === null ? null : s.bytesOut + bytes;
      this.rows.add([s.seq, s.startMs, nowMs, 1, null, null, null, null, 0, s.location, null, s.fromMessage ? 1 : 0, s.bytesIn, s.bytesOut]);
    }
  }

  /**
   * Runs `fn` (on `self`, with `args`) as one task: until it returns, or until the promise it returns settles. Timing the
   * promise handles its rejection; `unobserved` (an event handler's promise, which nobody awaits)
   * raises the rejection again, so that the program fails on it as it would unrecorded.
   */
  time<T>(location: number | null, fn: (...args: unknown[]) => T, self: unknown, args: unknown[], unobserved: boolean, input: unknown): T {
    // An event handler's task (unobserved) is a message handled; a pool's task function's is not.
    const s = this.begin(location, unobserved, this.bytes(input));
    let result: T;
    try {
      // fn, this and the arguments rather than a closure per call: one object less alive during every task.
      result = fn.apply(self, args);
    } catch (e) {
      this.end(s, false, e, unobserved ? undefined : 0);
      throw e;
    }
    if (result && typeof (result as { then?: unknown }).then === 'function') {
      // A pool's task function: its result is what goes back; a failed task sends none (as the engine counts it).
      (result as unknown as PromiseLike<unknown>).then((value) => this.end(s, true, null, unobserved ? undefined : this.bytes(value)), (e: unknown) => {
        this.end(s, false, e, unobserved ? undefined : 0);
        if (unobserved) void Promise.reject(e);
      });
    } else {
      this.end(s, true, null, unobserved ? undefined : this.bytes(result));
    }
    return result;
  }
}
