// The recorded thread's GC observer (server/record/preload/gcPauses.ts): started by the first task,
// "unobserved" said once two tasks end with no turn of the event loop, and stopped where the thread
// waits in a pool library's own Atomics.wait (no entry could ever arrive there).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GcPauses } from '../../server/record/preload/gcPauses';
import type { RowWriter } from '../../server/record/preload/rowWriter';
import { installWaitTracing } from '../../server/worker/waits';
import { fakePoolLibrary } from './fakePoolLibrary';

/** A thread's GC observer over a stand-in row writer that counts the "unobserved" lines; `task()` runs one task's calls. */
function thread(): { gc: GcPauses; said: () => number; task: () => void } {
  let said = 0;
  const writer = { gc: () => undefined, gcUnobserved: () => { said++; } } as unknown as RowWriter;
  const gc = new GcPauses(writer);
  return { gc, said: () => said, task: () => { gc.taskStarted(); gc.taskEnded(); } };
}
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

void describe('GC pauses of a recorded thread', () => {
  void it('starts observing at the first task; tasks between which the event loop turns are observed', async () => {
    const { gc, said, task } = thread();
    assert.equal(gc.active, false);
    for (let i = 0; i < 4; i++) {
      task();
      await turn();
    }
    assert.equal(gc.active, true);
    assert.equal(said(), 0);
  });

  void it('says once that it cannot observe when two tasks end with no turn, and keeps observing (entries may still come)', () => {
    const { gc, said, task } = thread();
    for (let i = 0; i < 5; i++) task();
    assert.equal(said(), 1);
    assert.equal(gc.active, true);
  });

  void it('stops observing where the thread waits in a pool library\'s own Atomics.wait (piscina\'s loop): nothing could arrive', async () => {
    installWaitTracing();
    const root = mkdtempSync(join(tmpdir(), 'ss-gc-own-'));
    try {
      const idle = fakePoolLibrary(root, 'piscina');
      await new Promise<void>((done) => idle(new Int32Array(new SharedArrayBuffer(4)), 1, 1, done));
      const { gc, said, task } = thread();
      for (let i = 0; i < 3; i++) task();
      assert.equal(said(), 1);
      assert.equal(gc.active, false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
