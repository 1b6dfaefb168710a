// Wait tracing's cost on a pool's own idle wait (server/worker/waits.ts OWN_WAIT_RECHECK_MS): piscina's
// and tinypool's worker loops Atomics.wait on their own buffer between tasks; those waits have no
// user frame and are never counted, so their call path is captured once, not once per task.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installWaitTracing, takeTaskLockWaitMs, waitTracingStats } from '../../server/worker/waits';
import { fakePoolLibrary } from './fakePoolLibrary';

void describe('wait tracing of a pool\'s own idle wait', () => {
  void it('captures the call path of a pool library\'s own waits once, counts none of them, and still captures the user\'s waits', async () => {
    installWaitTracing();
    const root = mkdtempSync(join(tmpdir(), 'ss-own-wait-'));
    try {
      for (const name of ['piscina', 'tinypool']) {
        const idle = fakePoolLibrary(root, name);
        const own = new Int32Array(new SharedArrayBuffer(4));
        const before = waitTracingStats();
        // 2 ms apart: far more than the sampling gap (CAPTURE_GAP_FACTOR capture costs), so each wait would be captured again.
        await new Promise<void>((done) => idle(own, 60, 2, done));
        const after = waitTracingStats();
        assert.equal(after.captures - before.captures, 1, `${name}: one capture for 60 idle waits`);
        assert.equal(after.waits, before.waits, `${name}: a pool's own waits are not the user's`);
        takeTaskLockWaitMs();
        // The user's own wait, on another buffer, right after: captured and counted.
        const user = new Int32Array(new SharedArrayBuffer(4));
        Atomics.wait(user, 0, 0, 2);
        const last = waitTracingStats();
        assert.equal(last.waits, after.waits + 1, `${name}: the user's wait is counted`);
        assert.ok(takeTaskLockWaitMs() > 0, `${name}: and charged to the task`);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
