// A thread's rows gathered in shared memory and written to its file in batches, so that a task no
// longer costs a synchronous write per row (each a system call of 4–18 µs on the development VM, two
// or three per task). The memory is a SharedArrayBuffer its parent thread also holds (the preload's
// Worker hands it over through the environment data, workerThreads.ts), so the rows of a thread
// that is terminated, or dies, mid-task are still written: by the parent, on the thread's `exit`
// event, at the process's exit, and every PARENT_FLUSH_MS while it runs (which is how the begin row
// of a task stuck in a loop reaches the disk for `record`'s --timeout-ms watch).
//
// Layout: a header of Int32 [lock, end, flushed, in-flight seq + 1, its location + 1] and a Float64
// (its start), then the rows as UTF-8 lines. Only the owning thread appends (past `end`, then
// publishes the new `end`); any holder of the lock writes [flushed, end) out and advances `flushed`;
// only the owner, under the lock, rewinds both to 0.
//
// The task in flight: a worker thread's begin line is only read by `record`'s --timeout-ms watch,
// for a task still running long after it began, so instead of appending one per task the owner
// notes its task in the header (a few stores) and the parent writes the begin line of whatever task
// it finds there as it writes the thread's rows out (inFlightRow).

/** The environment-data key a parent hands a new thread its buffer under. */
export const ROW_BUFFER_KEY = 'scalescope:row-buffer';
/** Bytes of rows a thread gathers at most before it writes them itself (≈ 600 task rows). */
export const ROW_BUFFER_BYTES = 64 * 1024;

const LOCK = 0;
const END = 1;
const FLUSHED = 2;
const IN_FLIGHT_SEQ = 3;
const IN_FLIGHT_LOCATION = 4;
/** Float64 index of the in-flight task's start. */
const IN_FLIGHT_START = 3;
const HEADER_BYTES = 32;
const NEWLINE = 10;
const encoder = new TextEncoder();
/** A process exiting waits at most this many ms for a live thread's own write to finish. */
const EXIT_LOCK_WAITS = 20;

export class RowBuffer {
  private readonly header: Int32Array;
  private readonly start: Float64Array;
  private readonly data: Uint8Array;

  constructor(readonly memory: SharedArrayBuffer = new SharedArrayBuffer(HEADER_BYTES + ROW_BUFFER_BYTES)) {
    this.header = new Int32Array(memory, 0, HEADER_BYTES / 4);
    this.start = new Float64Array(memory, 0, HEADER_BYTES / 8);
    this.data = new Uint8Array(memory, HEADER_BYTES);
  }

  /** The owner notes the task it starts (seq last, so that a reader that sees it sees the rest). */
  beginInFlight(seq: number, startMs: number, location: number | null): void {
    this.start[IN_FLIGHT_START] = startMs;
    Atomics.store(this.header, IN_FLIGHT_LOCATION, location === null ? 0 : location + 1);
    Atomics.store(this.header, IN_FLIGHT_SEQ, seq + 1);
  }

  /** The owner's noted task ended (before its row is appended, so no begin line follows its row). */
  endInFlight(): void {
    Atomics.store(this.header, IN_FLIGHT_SEQ, 0);
  }

  /** The noted task as [seq, startMs, location], or null; call under the lock (flush's `afterRows`). */
  inFlight(): [number, number, number | null] | null {
    const seq = Atomics.load(this.header, IN_FLIGHT_SEQ) - 1;
    if (seq < 0) return null;
    const startMs = this.start[IN_FLIGHT_START];
    const location = Atomics.load(this.header, IN_FLIGHT_LOCATION) - 1;
    // Read again: the owner may have moved on to another task while these were read.
    return Atomics.load(this.header, IN_FLIGHT_SEQ) - 1 === seq ? [seq, startMs, location < 0 ? null : location] : null;
  }

  /** Bytes gathered and not yet written. */
  get pending(): number {
    return Atomics.load(this.header, END) - Atomics.load(this.header, FLUSHED);
  }

  /** Whether more than half the room is taken: the owner then writes its rows out. */
  get filling(): boolean {
    return Atomics.load(this.header, END) > this.data.length >> 1;
  }

  /** The owner appends a line; false when it does not fit (the caller writes out and tries again, or writes it directly). */
  append(line: string): boolean {
    const end = Atomics.load(this.header, END);
    const room = this.data.subarray(end, this.data.length - 1);
    const { read, written } = encoder.encodeInto(line, room);
    if (read < line.length) return false;
    this.data[end + written] = NEWLINE;
    Atomics.store(this.header, END, end + written + 1);
    return true;
  }

  /**
   * Hands the gathered bytes to `write` (a synchronous write to the thread's file), under the lock.
   * `by`: 'owner', the appending thread, which waits for the lock and then rewinds the buffer;
   * 'parent' while the owner runs, which skips a flush when the owner holds the lock;
   * 'survivor' once the owner has ended, which takes the lock whoever held it (a thread terminated
   * in the middle of its own flush never releases it); 'exiting', the parent as its process exits
   * with the owner perhaps still running, which waits for the lock a little, then takes it.
   */
  flush(write: (bytes: Uint8Array) => void, by: 'owner' | 'parent' | 'survivor' | 'exiting', afterRows?: () => void): void {
    if (by === 'owner') this.lock();
    else if (by === 'exiting') this.lock(EXIT_LOCK_WAITS);
    else if (Atomics.compareExchange(this.header, LOCK, 0, 1) !== 0 && by === 'parent') return;
    const owner = by === 'owner';
    try {
      const end = Atomics.load(this.header, END);
      const flushed = Atomics.load(this.header, FLUSHED);
      if (end > flushed) {
        // A write that fails drops the rows: the folder is gone once `record` has read it.
        try { write(this.data.subarray(flushed, end)); } catch { /* nowhere to go */ }
        Atomics.store(this.header, FLUSHED, end);
      }
      // Still under the lock: nothing the owner writes out can land between the rows and this.
      if (afterRows) try { afterRows(); } catch { /* nowhere to go */ }
      if (owner) {
        Atomics.store(this.header, END, 0);
        Atomics.store(this.header, FLUSHED, 0);
      }
    } finally {
      Atomics.store(this.header, LOCK, 0);
      Atomics.notify(this.header, LOCK);
    }
  }

  /** `waits`: how many 1-ms waits before the lock is taken anyway. */
  private lock(waits = Infinity): void {
    // Held only for one write at a time: waits are rare and short.
    for (let i = 0; Atomics.compareExchange(this.header, LOCK, 0, 1) !== 0 && i < waits; i++) Atomics.wait(this.header, LOCK, 1, 1);
  }
}
