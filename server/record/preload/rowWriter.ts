// The rows of this thread, appended to its own file in the record folder as each task ends: one
// write per row to a file opened once (a few µs), because a thread can be terminated at any moment
// (worker.terminate(), process.exit() elsewhere) with no chance to flush a buffer.
import { openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { BEGIN_TAG, ELU_TAG, POST_TAG, THREADPOOL_TAG, type EluRow, type PostRow, type ThreadpoolRow, GC_TAG, LOCATION_TAG, ROWS_EXTENSION, STARTED_TAG, type BeginRow, type GcRow, type LocationRow, type StartedRow, type TaskRow } from '../recordEnv';

export class RowWriter {
  private fd: number | null = null;
  private tasks = false;
  private readonly locations = new Map<string, number>();

  constructor(private readonly dir: string) {}

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

  /** A task starts: on disk at once, so that `record` sees a task that never ends (--timeout-ms). */
  begin(seq: number, startMs: number, location: number | null): void {
    this.tasks = true;
    const row: BeginRow = [BEGIN_TAG, seq, startMs, location];
    this.write(JSON.stringify(row));
  }

  /** Work handed out to `target` now (recordEnv.ts PostRow). */
  post(target: string, postMs: number): void {
    const row: PostRow = [POST_TAG, target, postMs];
    this.write(JSON.stringify(row));
  }

  /** The thread's event-loop utilisation so far, once it has written a row. */
  elu(atMs: number, idleMs: number, activeMs: number): void {
    if (this.fd === null) return;
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
    this.write(JSON.stringify(row));
  }

  /** A GC pause, once this thread has written a row (a task or a post): threads that do neither leave no file. */
  gc(startMs: number, endMs: number): void {
    if (this.fd === null) return;
    const row: GcRow = [GC_TAG, startMs, endMs];
    this.write(JSON.stringify(row));
  }

  private write(line: string): void {
    try {
      // Opened at the first row: threads that run no task leave no file. Its first line says when the thread started.
      if (this.fd === null) {
        this.fd = openSync(join(this.dir, `${process.pid}-${threadId}${ROWS_EXTENSION}`), 'a');
        const started: StartedRow = [STARTED_TAG, performance.timeOrigin];
        writeSync(this.fd, JSON.stringify(started) + '\n');
      }
      writeSync(this.fd, line + '\n');
    } catch { /* the folder is gone once `record` has read it: a straggler's rows have nowhere to go */ }
  }
}
