// scalescope/sync: Mutex, Semaphore, Barrier and RWLock over SharedArrayBuffer, for workloads.
//
// Create a helper in the workload's shared() (main thread), pass it (or its buffer) through
// ctx.shared, and re-attach in the worker with `X.from(ctx.shared.x)`: structured cloning keeps the
// buffer and offset, not the methods. Each blocking wait is reported to Scalescope's recorder when
// one is installed (pool workers): wait time, hold time of the lock it acquired, and the call site.
// The uncontended paths are one compare-and-swap each and record nothing.
import { beginWait, cells, endWait, reportHold, unpackHandle, untracedWaitAsync, type EntryMethod, type SyncHandle } from './tracing';
import type { WaitSiteToken } from './recorder';

export type { SyncHandle } from './tracing';

const UNLOCKED = 0;
const LOCKED = 1;
/** Locked, and some thread may be waiting: unlock must notify. */
const CONTENDED = 2;

/**
 * Mutual exclusion across worker threads (Drepper's three-state futex mutex). Not re-entrant: a
 * thread that locks twice deadlocks. Unlock from the thread that locked.
 */
export class Mutex {
  static readonly BYTES = 4;
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
  #cell: Int32Array;
  /** Last recorded site of this lock in this thread: reused while waits come faster than captures. */
  #site: WaitSiteToken | null = null;
  /** Set while this thread holds the lock after a recorded wait, to report the hold time. */
  #heldSite: WaitSiteToken | null = null;
  #acquiredAtMs = 0;

  /** Attach to a mutex living at `byteOffset` in `buffer` (4 bytes, zero = unlocked). */
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(Mutex.BYTES), byteOffset = 0) {
    this.#cell = cells('Mutex', buffer, byteOffset, 1);
    this.buffer = buffer;
    this.byteOffset = byteOffset;
  }

  /** A new, unlocked mutex on its own SharedArrayBuffer. */
  static create(): Mutex {
    return new Mutex();
  }

  /** Re-attach, e.g. in a worker: `Mutex.from(ctx.shared.lock)`. */
  static from(handle: SyncHandle): Mutex {
    const { buffer, byteOffset } = unpackHandle('Mutex', handle);
    return new Mutex(buffer, byteOffset);
  }

  /** Block until this thread holds the lock. */
  lock(): void {
    if (Atomics.compareExchange(this.#cell, 0, UNLOCKED, LOCKED) !== UNLOCKED) this.#lockContended(Mutex.prototype.lock);
  }

  /** Take the lock if it is free; never blocks. */
  tryLock(): boolean {
    return Atomics.compareExchange(this.#cell, 0, UNLOCKED, LOCKED) === UNLOCKED;
  }

  /** Release the lock; throws if it was not locked. */
  unlock(): void {
    if (this.#heldSite !== null) {
      reportHold(this.#heldSite, this.#acquiredAtMs);
      this.#heldSite = null;
    }
    const previous = Atomics.compareExchange(this.#cell, 0, LOCKED, UNLOCKED);
    if (previous === LOCKED) return;
    if (previous === UNLOCKED) throw new Error('Mutex.unlock: the mutex is not locked');
    Atomics.store(this.#cell, 0, UNLOCKED);
    Atomics.notify(this.#cell, 0, 1);
  }

  /** Run `fn` holding the lock; the lock is released however `fn` ends. */
  withLock<T>(fn: () => T): T {
    if (Atomics.compareExchange(this.#cell, 0, UNLOCKED, LOCKED) !== UNLOCKED) this.#lockContended(Mutex.prototype.withLock);
    try {
      return fn();
    } finally {
      this.unlock();
    }
  }

  /**
   * Like lock(), without blocking the thread's event loop (Atomics.waitAsync). Resolves when this
   * thread holds the lock.
   */
  lockAsync(): Promise<void> {
    if (Atomics.compareExchange(this.#cell, 0, UNLOCKED, LOCKED) === UNLOCKED) return Promise.resolve();
    if (Atomics.exchange(this.#cell, 0, CONTENDED) === UNLOCKED) return Promise.resolve();
    // The call path exists only now, before the first await.
    const w = beginWait('mutex', Mutex.prototype.lockAsync, this.#site);
    return this.#lockAsyncContended(w);
  }

  async #lockAsyncContended(w: ReturnType<typeof beginWait>): Promise<void> {
    const waitAsync = untracedWaitAsync();
    do {
      if (waitAsync) {
        const r = waitAsync(this.#cell, 0, CONTENDED);
        if (r.async) await r.value;
      } else {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    } while (Atomics.exchange(this.#cell, 0, CONTENDED) !== UNLOCKED);
    this.#acquired(w);
  }

  #lockContended(entry: EntryMethod): void {
    // Mark the lock contended; if it was freed meanwhile we hold it and never waited.
    if (Atomics.exchange(this.#cell, 0, CONTENDED) === UNLOCKED) return;
    const w = beginWait('mutex', entry, this.#site);
    do w.wait(this.#cell, 0, CONTENDED);
    while (Atomics.exchange(this.#cell, 0, CONTENDED) !== UNLOCKED);
    this.#acquired(w);
  }

  #acquired(w: ReturnType<typeof beginWait>): void {
    const at = endWait(w);
    if (w.site !== null) {
      this.#site = w.site;
      this.#heldSite = w.site;
      this.#acquiredAtMs = at;
    }
  }
}

/**
 * A counting semaphore: at most `permits` holders at once. Cells: [permits available, waiters].
 * The hold time reported is that of this thread's latest waited acquisition.
 */
export class Semaphore {
  static readonly BYTES = 8;
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
  #cells: Int32Array;
  #site: WaitSiteToken | null = null;
  #heldSite: WaitSiteToken | null = null;
  #acquiredAtMs = 0;

  /** Attach to a semaphore at `byteOffset` in `buffer` (8 bytes, initialised by create()). */
  constructor(buffer: SharedArrayBuffer, byteOffset = 0) {
    this.#cells = cells('Semaphore', buffer, byteOffset, 2);
    this.buffer = buffer;
    this.byteOffset = byteOffset;
  }

  /** A new semaphore with `permits` permits on its own SharedArrayBuffer. */
  static create(permits: number): Semaphore {
    if (!Number.isInteger(permits) || permits < 0) throw new RangeError(`Semaphore.create: permits must be an integer ≥ 0, got ${permits}`);
    const s = new Semaphore(new SharedArrayBuffer(Semaphore.BYTES));
    Atomics.store(s.#cells, 0, permits);
    return s;
  }

  static from(handle: SyncHandle): Semaphore {
    const { buffer, byteOffset } = unpackHandle('Semaphore', handle);
    return new Semaphore(buffer, byteOffset);
  }

  /** Permits available now (a snapshot). */
  get available(): number {
    return Atomics.load(this.#cells, 0);
  }

  /** Block until a permit is taken. */
  acquire(): void {
    if (!this.tryAcquire()) this.#acquireContended(Semaphore.prototype.acquire);
  }

  /** Take a permit if one is available; never blocks. */
  tryAcquire(): boolean {
    for (let v = Atomics.load(this.#cells, 0); v > 0; v = Atomics.load(this.#cells, 0)) {
      if (Atomics.compareExchange(this.#cells, 0, v, v - 1) === v) return true;
    }
    return false;
  }

  /** Give a permit back. */
  release(): void {
    if (this.#heldSite !== null) {
      reportHold(this.#heldSite, this.#acquiredAtMs);
      this.#heldSite = null;
    }
    Atomics.add(this.#cells, 0, 1);
    if (Atomics.load(this.#cells, 1) > 0) Atomics.notify(this.#cells, 0, 1);
  }

  /** Run `fn` holding a permit; the permit is given back however `fn` ends. */
  withPermit<T>(fn: () => T): T {
    if (!this.tryAcquire()) this.#acquireContended(Semaphore.prototype.withPermit);
    try {
      return fn();
    } finally {
      this.release();
    }
  }

  #acquireContended(entry: EntryMethod): void {
    const w = beginWait('semaphore', entry, this.#site);
    // Announce the waiter before re-checking: release() then either sees it or we see the permit.
    Atomics.add(this.#cells, 1, 1);
    try {
      while (!this.tryAcquire()) w.wait(this.#cells, 0, 0);
    } finally {
      Atomics.sub(this.#cells, 1, 1);
    }
    const at = endWait(w);
    if (w.site !== null) {
      this.#site = w.site;
      this.#heldSite = w.site;
      this.#acquiredAtMs = at;
    }
  }
}

/**
 * A reusable barrier for `parties` threads. Cells: [arrived, generation, parties].
 * The last thread to arrive releases the others without waiting.
 */
export class Barrier {
  static readonly BYTES = 12;
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
  #cells: Int32Array;
  #site: WaitSiteToken | null = null;

  constructor(buffer: SharedArrayBuffer, byteOffset = 0) {
    this.#cells = cells('Barrier', buffer, byteOffset, 3);
    if (Atomics.load(this.#cells, 2) < 1) throw new RangeError('Barrier: the buffer holds no barrier (make it with Barrier.create(parties))');
    this.buffer = buffer;
    this.byteOffset = byteOffset;
  }

  static create(parties: number): Barrier {
    if (!Number.isInteger(parties) || parties < 1) throw new RangeError(`Barrier.create: parties must be an integer ≥ 1, got ${parties}`);
    const buffer = new SharedArrayBuffer(Barrier.BYTES);
    Atomics.store(new Int32Array(buffer), 2, parties);
    return new Barrier(buffer);
  }

  static from(handle: SyncHandle): Barrier {
    const { buffer, byteOffset } = unpackHandle('Barrier', handle);
    return new Barrier(buffer, byteOffset);
  }

  get parties(): number {
    return Atomics.load(this.#cells, 2);
  }

  /** Block until `parties` threads have called wait(); returns true in the thread that arrived last. */
  wait(): boolean {
    const generation = Atomics.load(this.#cells, 1);
    if (Atomics.add(this.#cells, 0, 1) === this.parties - 1) {
      // Reset before releasing: nobody can arrive for the next round until the generation moves.
      Atomics.store(this.#cells, 0, 0);
      Atomics.add(this.#cells, 1, 1);
      Atomics.notify(this.#cells, 1);
      return true;
    }
    const w = beginWait('barrier', Barrier.prototype.wait, this.#site);
    while (Atomics.load(this.#cells, 1) === generation) w.wait(this.#cells, 1, generation);
    endWait(w);
    if (w.site !== null) this.#site = w.site;
    return false;
  }
}

const WRITER = -1;

/**
 * A read-write lock: many readers or one writer. Cells: [state (readers, or −1 for a writer),
 * waiters]. No fairness guarantee: a steady stream of readers can delay a writer.
 */
export class RWLock {
  static readonly BYTES = 8;
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
  #cells: Int32Array;
  #site: WaitSiteToken | null = null;
  #heldSite: WaitSiteToken | null = null;
  #acquiredAtMs = 0;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(RWLock.BYTES), byteOffset = 0) {
    this.#cells = cells('RWLock', buffer, byteOffset, 2);
    this.buffer = buffer;
    this.byteOffset = byteOffset;
  }

  static create(): RWLock {
    return new RWLock();
  }

  static from(handle: SyncHandle): RWLock {
    const { buffer, byteOffset } = unpackHandle('RWLock', handle);
    return new RWLock(buffer, byteOffset);
  }

  readLock(): void {
    if (!this.tryReadLock()) this.#lockContended(RWLock.prototype.readLock, false);
  }

  tryReadLock(): boolean {
    for (let s = Atomics.load(this.#cells, 0); s >= 0; s = Atomics.load(this.#cells, 0)) {
      if (Atomics.compareExchange(this.#cells, 0, s, s + 1) === s) return true;
    }
    return false;
  }

  readUnlock(): void {
    this.#reportHold();
    // A compare-and-swap loop rather than a decrement: a stray unlock must not pass through −1 (the writer mark).
    let previous = Atomics.load(this.#cells, 0);
    for (;;) {
      if (previous <= 0) throw new Error('RWLock.readUnlock: no read lock is held');
      const seen = Atomics.compareExchange(this.#cells, 0, previous, previous - 1);
      if (seen === previous) break;
      previous = seen;
    }
    if (previous === 1 && Atomics.load(this.#cells, 1) > 0) Atomics.notify(this.#cells, 0);
  }

  writeLock(): void {
    if (!this.tryWriteLock()) this.#lockContended(RWLock.prototype.writeLock, true);
  }

  tryWriteLock(): boolean {
    return Atomics.compareExchange(this.#cells, 0, 0, WRITER) === 0;
  }

  writeUnlock(): void {
    this.#reportHold();
    if (Atomics.compareExchange(this.#cells, 0, WRITER, 0) !== WRITER) throw new Error('RWLock.writeUnlock: no write lock is held');
    if (Atomics.load(this.#cells, 1) > 0) Atomics.notify(this.#cells, 0);
  }

  withRead<T>(fn: () => T): T {
    if (!this.tryReadLock()) this.#lockContended(RWLock.prototype.withRead, false);
    try {
      return fn();
    } finally {
      this.readUnlock();
    }
  }

  withWrite<T>(fn: () => T): T {
    if (!this.tryWriteLock()) this.#lockContended(RWLock.prototype.withWrite, true);
    try {
      return fn();
    } finally {
      this.writeUnlock();
    }
  }

  #lockContended(entry: EntryMethod, write: boolean): void {
    const w = beginWait('rwlock', entry, this.#site);
    Atomics.add(this.#cells, 1, 1);
    try {
      for (;;) {
        if (write ? this.tryWriteLock() : this.tryReadLock()) break;
        const s = Atomics.load(this.#cells, 0);
        // Sleep only while the state still blocks us; any change re-checks.
        if (write ? s !== 0 : s === WRITER) w.wait(this.#cells, 0, s);
      }
    } finally {
      Atomics.sub(this.#cells, 1, 1);
    }
    const at = endWait(w);
    if (w.site !== null) {
      this.#site = w.site;
      this.#heldSite = w.site;
      this.#acquiredAtMs = at;
    }
  }

  #reportHold(): void {
    if (this.#heldSite !== null) {
      reportHold(this.#heldSite, this.#acquiredAtMs);
      this.#heldSite = null;
    }
  }
}
