// Cheap per-thread probes on Linux: /proc/thread-self/{schedstat,stat} opened once per thread and
// re-read with a positioned read (no open/close per task — see NOTES/pool-costs.md).
import { openSync, readSync } from 'node:fs';

/**
 * Run-queue delay and current core. schedstat's first field (time on CPU) is left out: it is only
 * brought up to date at scheduler ticks and switches (see worker.ts threadCpuMs).
 */
export interface ThreadSample { runQueueNs: number; core: number }

export class ProcProbe {
  private readonly schedFd: number | null;
  private readonly statFd: number | null;
  private readonly buf = Buffer.alloc(1024);

  constructor() {
    this.schedFd = tryOpen('/proc/thread-self/schedstat');
    this.statFd = tryOpen('/proc/thread-self/stat');
  }

  get available(): boolean { return this.schedFd !== null; }

  /** Fills `out` with the thread's run-queue delay and current core (NaN where unknown). */
  sample(out: ThreadSample): void {
    out.runQueueNs = NaN; out.core = NaN;
    if (this.schedFd !== null) {
      const n = readSync(this.schedFd, this.buf, 0, 128, 0);
      // "<ns on cpu> <ns waiting on a runqueue> <timeslices>\n": the second field.
      let i = this.buf.indexOf(32) + 1;
      let b = 0;
      for (; i > 0 && i < n && this.buf[i] !== 32; i++) b = b * 10 + (this.buf[i] - 48);
      out.runQueueNs = b;
    }
    if (this.statFd !== null) {
      const n = readSync(this.statFd, this.buf, 0, this.buf.length, 0);
      // Field 39 (processor) counted after the ")" that closes field 2 (comm may contain spaces).
      let i = this.buf.lastIndexOf(41, n) + 2; // ')' then space: i is at field 3
      let field = 3;
      while (field < 39 && i < n) { if (this.buf[i] === 32) field++; i++; }
      let core = 0;
      for (; i < n && this.buf[i] >= 48 && this.buf[i] <= 57; i++) core = core * 10 + (this.buf[i] - 48);
      out.core = field === 39 ? core : NaN;
    }
  }
}

function tryOpen(path: string): number | null {
  try { return openSync(path, 'r'); } catch { return null; }
}
