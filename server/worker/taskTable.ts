// The per-repeat task table: one row per task, written by the worker that runs it straight into a
// SharedArrayBuffer (no message per record, and nothing is lost when a worker dies mid-batch).

export const F = {
  worker: 0,     // slot of the worker that ran it
  recvAt: 1,     // epoch ms when the worker began the dispatch (first task of a dispatch only)
  start: 2,      // epoch ms, task function entered
  end: 3,        // epoch ms, task function settled (NaN while running / never run)
  cpuMs: 4,
  runQueueMs: 5,
  coreStart: 6,
  coreEnd: 7,
  lockWaitMs: 8,
  gcMs: 9,
  bytesIn: 10,
  bytesOut: 11,
  ok: 12,        // 1 ok, 0 failed
} as const;
export const FIELDS = 13;

export function createTable(rows: number): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(Math.max(1, rows) * FIELDS * 8);
  new Float64Array(sab).fill(NaN);
  return sab;
}
