// The repeat's shared task queue (docs/decisions/engine.md, "Pull dispatch"): an Int32Array over a
// SharedArrayBuffer holding a claim counter over the repeat's rows, the rows' input indexes in
// dispatch order, and each worker slot's current claim. Workers pull batches with one Atomics.add;
// the engine claims from the same counter when it dispatches by message, so a row is handed out
// once whichever path takes it.

export const Q = {
  next: 0,    // the next row to claim (Atomics.add by `batch`; may run past `rows`)
  done: 1,    // tasks finished by pulling workers (progress)
  rows: 2,    // rows in the repeat
  batch: 3,   // rows per claim
  slots: 4,   // worker slots with a claim record
} as const;
const HEADER = 8;

/** Where slot s records its claim [from, to): written after each claim, before its first task. */
export const claimAt = (slot: number): number => HEADER + 2 * slot;
/** Where row r's input index is. */
export const orderAt = (slots: number, row: number): number => HEADER + 2 * slots + row;

export function createQueue(order: Int32Array, batch: number, slots: number): Int32Array {
  const q = new Int32Array(new SharedArrayBuffer(4 * (HEADER + 2 * slots + order.length)));
  q[Q.rows] = order.length;
  q[Q.batch] = batch;
  q[Q.slots] = slots;
  q.set(order, orderAt(slots, 0));
  return q;
}

/** Claims the next batch: its first row, or -1 when every row was handed out. */
export function claim(q: Int32Array): number {
  const from = Atomics.add(q, Q.next, q[Q.batch]);
  return from < q[Q.rows] ? from : -1;
}

/** The claim a slot holds now, [from, to) (empty when it holds none). */
export function claimOf(q: Int32Array, slot: number): [from: number, to: number] {
  if (slot < 0 || slot >= q[Q.slots]) return [0, 0];
  return [Atomics.load(q, claimAt(slot)), Atomics.load(q, claimAt(slot) + 1)];
}

export function exhausted(q: Int32Array): boolean {
  return Atomics.load(q, Q.next) >= q[Q.rows];
}

/** Forgets a slot's claim (its worker died and the engine has dealt with its rows). */
export function releaseClaim(q: Int32Array, slot: number): void {
  if (slot < 0 || slot >= q[Q.slots]) return;
  Atomics.store(q, claimAt(slot), 0);
  Atomics.store(q, claimAt(slot) + 1, 0);
}
