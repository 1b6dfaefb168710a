// Cheap per-thread probes on Linux: /proc/thread-self/{schedstat,stat} opened once per thread and
// re-read with a positioned read (no open/close per task: on a 16-core machine two fresh reads per task added ~13% to 0.2 ms tasks).
//
// Each read costs ≈ 1 µs in a tight loop but 6–8 µs right after a millisecond of task code (cold
// caches), and every read sits between two tasks, so reads are spent where they carry information:
// - schedstat (run-queue delay, switch-in count) at the start and end of every task read: run-queue
//   delay is per task and exact;
// - stat (the thread's core) only when the core may have changed, i.e. the thread was switched out
//   and in again since the core was last read (schedstat counts switch-ins), and then at most once
//   per CORE_READ_GAP_MS per thread. Tasks that fall in the gap get no core (null: not measured),
//   never a guessed one. One read at the end of a task that was not switched out gives both cores.
// With a ProbeBudget (recorded programs, whose tasks may be far shorter than a workload's), tasks
// outside the budget's sample are not read at all: their run-queue delay and cores are NaN.
import { openSync, readSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ProbeBudget } from './probeBudget';

/** At most one stat read per thread per this many ms (tasks at least this long always get theirs). */
export const CORE_READ_GAP_MS = 4;

/** One task's probe values; NaN where not measured. */
export interface TaskProbe {
  runQueueStartNs: number; runQueueEndNs: number; coreStart: number; coreEnd: number;
  /** With a budget: what the start's reads took in ms, NaN when the task is left out of the sample. */
  readMs?: number;
}

export class ProcProbe {
  private readonly schedFd: number | null;
  private readonly statFd: number | null;
  private readonly buf = Buffer.alloc(1024);
  /** Fields of the last schedstat read. */
  private runQueueNs = NaN;
  private arrivals = -1;
  /** The switch-in count when `lastCore` was read: while it is unchanged, the thread is still there. */
  private lastArrivals = -2;
  private lastCore = NaN;
  private lastStatAtMs = -Infinity;
  private arrivalsAtStart = -1;
  /** How many times stat was read: for tests and diagnostics. */
  statReads = 0;

  /** `budget`: probe only the tasks it allows (probeBudget.ts); without one, every task. */
  constructor(private readonly budget?: ProbeBudget) {
    this.schedFd = tryOpen('/proc/thread-self/schedstat');
    this.statFd = tryOpen('/proc/thread-self/stat');
  }

  get available(): boolean { return this.schedFd !== null; }

  /** The thread's whole run-queue delay so far, ns (NaN without schedstat): a repeat's total, between tasks too. */
  runQueueTotalNs(): number {
    this.readSchedstat();
    return this.runQueueNs;
  }

  /** At task start: the run-queue counter, and the core when it is known without a read. */
  begin(p: TaskProbe): void {
    if (!this.budget) { this.beginRead(p); return; }
    if (!this.budget.next()) {
      // Left out: nothing read, and no clock read either (a task outside the sample costs a counter).
      p.runQueueStartNs = p.runQueueEndNs = p.coreStart = p.coreEnd = p.readMs = NaN;
      return;
    }
    const t0 = performance.now();
    this.beginRead(p);
    p.readMs = performance.now() - t0;
  }

  /**
   * At task end (`nowMs` on any clock in ms): the run-queue counter and the cores (see the header).
   * `taskMs`: how long the task ran, which is what earns a budget its reads.
   */
  end(p: TaskProbe, nowMs: number, taskMs = 0): void {
    if (!this.budget) { this.endRead(p, nowMs); return; }
    // A task left out at its start is left out at its end (each task in flight carries its own choice).
    if (p.readMs === undefined || Number.isNaN(p.readMs)) { this.budget.charge(taskMs, 0); return; }
    const t0 = performance.now();
    this.endRead(p, nowMs);
    this.budget.charge(taskMs, p.readMs + performance.now() - t0);
  }

  private beginRead(p: TaskProbe): void {
    this.readSchedstat();
    p.runQueueStartNs = this.runQueueNs;
    this.arrivalsAtStart = this.arrivals;
    p.coreStart = this.arrivals >= 0 && this.arrivals === this.lastArrivals ? this.lastCore : NaN;
    p.coreEnd = NaN;
  }

  private endRead(p: TaskProbe, nowMs: number): void {
    this.readSchedstat();
    p.runQueueEndNs = this.runQueueNs;
    const switched = this.arrivals < 0 || this.arrivals !== this.arrivalsAtStart;
    if (!switched && !Number.isNaN(p.coreStart)) { p.coreEnd = p.coreStart; return; }
    if (this.statFd === null || nowMs - this.lastStatAtMs < CORE_READ_GAP_MS) return;
    const core = this.readCore();
    this.lastStatAtMs = nowMs;
    this.lastArrivals = this.arrivals;
    this.lastCore = core;
    p.coreEnd = core;
    if (!switched) p.coreStart = core;
  }

  private readSchedstat(): void {
    this.runQueueNs = NaN;
    this.arrivals = -1;
    if (this.schedFd === null) return;
    const n = readSync(this.schedFd, this.buf, 0, 128, 0);
    // "<ns on cpu> <ns waiting on a runqueue> <times switched in>\n": the second and third fields.
    // (The first goes stale between scheduler ticks: see threadCpu.ts.)
    let i = this.buf.indexOf(32) + 1;
    if (i <= 0 || i >= n) return;
    let b = 0;
    for (; i < n && this.buf[i] !== 32; i++) b = b * 10 + (this.buf[i] - 48);
    let a = 0;
    for (i++; i < n && this.buf[i] >= 48 && this.buf[i] <= 57; i++) a = a * 10 + (this.buf[i] - 48);
    this.runQueueNs = b;
    this.arrivals = a;
  }

  private readCore(): number {
    const n = readSync(this.statFd!, this.buf, 0, this.buf.length, 0);
    this.statReads++;
    // Field 39 (processor) counted after the ")" that closes field 2 (comm may contain spaces).
    let i = this.buf.lastIndexOf(41, n) + 2; // ')' then space: i is at field 3
    let field = 3;
    while (field < 39 && i < n) { if (this.buf[i] === 32) field++; i++; }
    let core = 0;
    for (; i < n && this.buf[i] >= 48 && this.buf[i] <= 57; i++) core = core * 10 + (this.buf[i] - 48);
    return field === 39 ? core : NaN;
  }
}

function tryOpen(path: string): number | null {
  try { return openSync(path, 'r'); } catch { return null; }
}
