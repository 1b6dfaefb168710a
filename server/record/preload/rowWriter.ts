// The rows of this thread, appended to its own file in the record folder: gathered in a shared
// buffer (rowBuffer.ts) and written in batches by the thread itself (within OWNER_FLUSH_MS of a row,
// when the buffer is half full, at exit) or, if it is terminated or stuck, by its parent thread.
// A process's main thread has no parent to do that: its task rows are written at once, so that
// `record` sees a task that never ends (--timeout-ms), and a child process its parent kills as its
// reply arrives (process-mode pools at shutdown) keeps its last task. What a process killed outright
// (a signal, a fatal V8 error) can lose: its threads' other rows of the last OWNER_FLUSH_MS, a busy
// worker's of the last PARENT_FLUSH_MS (docs/decisions/record.md).
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { getEnvironmentData, isMainThread, setEnvironmentData, threadId } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { ROWS_FLUSH_MS, BEGIN_TAG, ENDED_TAG, type EndedRow, ELU_TAG, POST_TAG, THREADPOOL_TAG, type EluRow, type PostRow, type ThreadpoolRow, GC_TAG, GC_UNOBSERVED_TAG, type GcUnobservedRow, LOCATION_TAG, ROWS_EXTENSION, STARTED_TAG, type BeginRow, type GcRow, type LocationRow, type StartedRow, type TaskRow } from '../recordEnv';
import { ROW_BUFFER_KEY, RowBuffer } from './rowBuffer';

/** A thread writes its gathered rows out at most this long after the first of them. */
export const OWNER_FLUSH_MS = 50;
/** A thread writes out its live child threads' rows this often (those of a child busy in a long task). */
export const PARENT_FLUSH_MS = ROWS_FLUSH_MS;

/** In a process's main thread (see the header). */
const TASK_ROWS_AT_ONCE = isMainThread;

interface Child { buffer: RowBuffer; fd: number | null; begunSeq: number }

/** This thread's buffer: the one its parent handed over (taken out of the environment data that its own threads would inherit), else its own. */
function threadBuffer(): RowBuffer {
  if (isMainThread) return new RowBuffer();
  const memory = getEnvironmentData(ROW_BUFFER_KEY);
  setEnvironmentData(ROW_BUFFER_KEY, undefined);
  return memory instanceof SharedArrayBuffer ? new RowBuffer(memory) : new RowBuffer();
}

export class RowWriter {
  private fd: number | null = null;
  private started = false;
  private tasks = false;
  private flushTimer = false;
  private exiting = false;
  /** The seq of the task noted in the buffer's header, or -1. */
  private noted = -1;
  private readonly locations = new Map<string, number>();
  private readonly buffer = threadBuffer();
  private readonly children = new Map<number, Child>();
  private childTimer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly dir: string) {
    process.on('exit', () => {
      // Rows written by exit listeners after this one (the dispatcher's last event-loop row) go out at once.
      this.exiting = true;
      this.flush();
      for (const id of [...this.children.keys()]) this.childEnded(id, 'exiting');
    });
  }

  /** A new thread of this one, handed `buffer`'s memory for its rows: written out by this thread too (see the header). */
  adoptChild(childThreadId: number, buffer: RowBuffer): void {
    this.children.set(childThreadId, { buffer, fd: null, begunSeq: -1 });
    this.childTimer ??= setInterval(() => { for (const id of this.children.keys()) this.flushChild(id); }, PARENT_FLUSH_MS).unref();
  }

  /** The child thread ended (its `exit` event), or this thread is exiting: what it gathered is written out. */
  childEnded(childThreadId: number, by: 'survivor' | 'exiting' = 'survivor'): void {
    this.flushChild(childThreadId, by);
    const child = this.children.get(childThreadId);
    if (child && by === 'survivor' && child.begunSeq >= 0) {
      // Its task's begin line is on disk: say the thread is gone, or the watch would wait on it.
      const row: EndedRow = [ENDED_TAG, performance.timeOrigin + performance.now()];
      try { writeSync(this.childFd(childThreadId, child), JSON.stringify(row) + '\n'); } catch { /* nowhere to go */ }
    }
    if (child?.fd != null) try { closeSync(child.fd); } catch { /* already closed */ }
    this.children.delete(childThreadId);
    if (this.children.size === 0 && this.childTimer) {
      clearInterval(this.childTimer);
      this.childTimer = null;
    }
  }

  /** Whether this thread has written a row (ran a task). */
  get ranTasks(): boolean {
    return this.tasks;
  }

  /** The id of a location, written once per thread. */
  locationId(file: string, line: number, column: number): number {
    const key = `${file}:${line}:${column}`;
    let id = this.locations.get(key);
    if (id === undefined) {
      id = this.locations.size;
      this.locations.set(key, id);
      const row: LocationRow = [LOCATION_TAG, id, file, line, column];
      this.write(JSON.stringify(row));
    }
    return id;
  }

  /**
   * A task starts: its begin line on disk at once in a main thread, so that `record` sees a task that
   * never ends (--timeout-ms); a worker thread's one task in flight noted for its parent, which
   * writes the line (rowBuffer.ts); a second task in flight at once gets its line as any row.
   */
  begin(seq: number, startMs: number, location: number | null): void {
    this.tasks = true;
    if (!TASK_ROWS_AT_ONCE && this.noted < 0) {
      this.start();
      this.noted = seq;
      this.buffer.beginInFlight(seq, startMs, location);
      return;
    }
    const row: BeginRow = [BEGIN_TAG, seq, startMs, location];
    this.write(JSON.stringify(row), TASK_ROWS_AT_ONCE);
  }

  /** Work handed out to `target` now (recordEnv.ts PostRow). */
  post(target: string, postMs: number): void {
    const row: PostRow = [POST_TAG, target, postMs];
    this.write(JSON.stringify(row));
  }

  /** The thread's event-loop utilisation so far, once it has written a row. */
  elu(atMs: number, idleMs: number, activeMs: number): void {
    if (!this.started) return;
    const row: EluRow = [ELU_TAG, atMs, Math.round(idleMs * 1000) / 1000, Math.round(activeMs * 1000) / 1000];
    this.write(JSON.stringify(row));
  }

  /** A call that ran on libuv's threadpool, from the call to its callback. */
  threadpool(startMs: number, endMs: number, poolSize: number): void {
    const row: ThreadpoolRow = [THREADPOOL_TAG, startMs, endMs, poolSize];
    this.write(JSON.stringify(row));
  }

  add(row: TaskRow): void {
    this.tasks = true;
    if (row[0] === this.noted) {
      this.noted = -1;
      this.buffer.endInFlight();
    }
    this.write(JSON.stringify(row), TASK_ROWS_AT_ONCE);
  }

  /** A GC pause, once this thread has written a row (a task or a post): threads that do neither leave no file. */
  gc(startMs: number, endMs: number): void {
    if (!this.started) return;
    const row: GcRow = [GC_TAG, startMs, endMs];
    this.write(JSON.stringify(row));
  }

  /** This thread's GC pauses may never arrive (gcPauses.ts). */
  gcUnobserved(): void {
    const row: GcUnobservedRow = [GC_UNOBSERVED_TAG];
    this.write(JSON.stringify(row));
  }

  /** Writes out what this thread gathered. */
  flush(): void {
    if (this.buffer.pending > 0) this.buffer.flush((bytes) => writeSync(this.ownFd(), bytes), 'owner');
  }

  /** The thread's first line, when it starts writing: when it started. Threads that write no row leave no file. */
  private start(): void {
    if (this.started) return;
    this.started = true;
    const started: StartedRow = [STARTED_TAG, performance.timeOrigin];
    this.buffer.append(JSON.stringify(started));
  }

  /** `urgent`: on disk before this returns (with what was gathered before it). */
  private write(line: string, urgent = false): void {
    this.start();
    if (!this.buffer.append(line)) {
      this.flush();
      if (!this.buffer.append(line)) {
        // Longer than the whole buffer: written on its own, after what came before it.
        try { writeSync(this.ownFd(), line + '\n'); } catch { /* nowhere to go (see flush) */ }
        return;
      }
    }
    if (urgent || this.exiting || this.buffer.filling) this.flush();
    else if (!this.flushTimer) {
      this.flushTimer = true;
      setTimeout(() => { this.flushTimer = false; this.flush(); }, OWNER_FLUSH_MS).unref();
    }
  }

  private ownFd(): number {
    this.fd ??= openSync(this.fileOf(threadId), 'a');
    return this.fd;
  }

  private fileOf(id: number): string {
    return join(this.dir, `${process.pid}-${id}${ROWS_EXTENSION}`);
  }

  private childFd(id: number, child: Child): number {
    child.fd ??= openSync(this.fileOf(id), 'a');
    return child.fd;
  }

  private flushChild(id: number, by: 'parent' | 'survivor' | 'exiting' = 'parent'): void {
    const child = this.children.get(id);
    if (!child) return;
    const write = (bytes: Uint8Array): void => { writeSync(this.childFd(id, child), bytes); };
    // While the thread runs, the begin line of its task in flight, after the rows before it.
    const begin = by !== 'parent' ? undefined : (): void => {
      const task = child.buffer.inFlight();
      if (!task || task[0] === child.begunSeq) return;
      child.begunSeq = task[0];
      const row: BeginRow = [BEGIN_TAG, task[0], task[1], task[2]];
      writeSync(this.childFd(id, child), JSON.stringify(row) + '\n');
    };
    if (child.buffer.pending > 0 || begin) child.buffer.flush(write, by, begin);
  }
}
