// Whether a thread's event loop has turned since its first task ended: one immediate, armed then,
// runs at the next turn. Threads handed messages turn it after every task; a pool that waits for
// work in a blocking Atomics.wait inside a microtask (piscina's default) never does while it lives.
// GC pauses depend on it: Node hands them over only as the loop turns (gcPauses.ts).
export class LoopTurns {
  private armed = false;
  private turned = false;
  private ended = 0;

  /** A task of this thread ended. */
  taskEnded(): void {
    this.ended++;
    if (this.armed) return;
    this.armed = true;
    setImmediate(() => { this.turned = true; }).unref();
  }

  /** Tasks that ended since the thread's first one began, while the loop never turned: 0 once it has turned. */
  get endedWithoutTurn(): number {
    return this.turned ? 0 : this.ended;
  }
}
