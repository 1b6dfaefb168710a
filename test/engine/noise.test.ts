// The noise verdict on real pools, with a real busy process beside the run (a busy-loop child,
// killed by PID after) and without one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fixture, savedRun, sweep } from './helpers';
import { BACKGROUND_CORES, keptMachine } from '../../server/analysis/quality';

const CONTROL = fixture('independent-2ms.workload.js');

function busyLoop(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
}

test('one busy core beside a 2-worker sweep: external load measured, verdict not ok, no code suggestion from the busy point', async () => {
  const busy = busyLoop();
  try {
    await new Promise((r) => setTimeout(r, 300)); // let it reach full speed
    const { run, file } = await sweep(CONTROL, { workers: [1, 2], repeat: 3, warmup: 1 });
    const q = run.analysis!.quality!;
    const cpus = run.host.cpus;
    const at2 = q.externalLoadCores['2'];
    assert.ok(at2 >= 0.5, `external load at 2 workers ${at2} cores (one busy loop on ${cpus} cores)`);
    if (cpus <= 2) {
      assert.notEqual(q.verdict, 'ok', JSON.stringify(q));
      assert.ok(!q.trustedWorkers!.includes(2), 'the 2-worker point is not trusted');
      assert.ok(q.reasons.some((r) => /At 2 workers other processes used/.test(r)), q.reasons.join('\n'));
      for (const s of run.analysis!.suggestions) assert.ok(!['serial-bottleneck', 'oversubscription', 'imbalance', 'granularity', 'lock-contention'].includes(s.kind), `no ${s.kind} suggestion from a busy point: ${s.title}`);
      assert.ok(run.analysis!.amdahl === null, 'no Amdahl fit from one trusted point');
      // The estimate for a quiet machine is above the raw figure (the busy loop took CPU from the workers).
      const raw = run.analysis!.scaling.find((r) => r.workers === 2)!.efficiency;
      assert.ok(q.quietEstimate!['2'].efficiency > raw, `quiet estimate ${q.quietEstimate!['2'].efficiency} vs raw ${raw}`);
    }
    // Per repeat, in the run file: the machine beside each repeat, and the block design's order.
    const saved = savedRun(file);
    const orders = saved.points.flatMap((p) => p.machine!.map((m) => ({ workers: p.workers, repeat: m.repeat, order: m.order })));
    assert.equal(orders.length, 6);
    for (let r = 0; r < 3; r++) {
      const block = orders.filter((o) => o.repeat === r).map((o) => o.order).sort((a, b) => a - b);
      assert.deepEqual(block, [2 * r, 2 * r + 1], 'each block measures both counts before the next block');
    }
    assert.equal(saved.config.plan?.kind, 'blocks');
    for (const p of saved.points) for (const m of p.machine!) {
      assert.equal(m.source, 'proc');
      assert.ok(m.externalLoadCores !== null && m.ownCpuMs! > 0 && m.wallMs > 0);
      assert.ok(m.runQueueMs !== null, 'the repeat\'s run-queue delay is summed from its tasks');
    }
  } finally {
    busy.kill('SIGKILL');
  }
});

test('the same workload with no busy process: no false alarm', async () => {
  // --settle waits for the machine to be quiet before each repeat and --retry-noisy measures a
  // disturbed repeat again, so what other sessions on a shared machine do does not decide this.
  const { run } = await sweep(CONTROL, { workers: [1, 2], repeat: 3, warmup: 1, settle: true, retryNoisy: 2 });
  const q = run.analysis!.quality!;
  const loads = run.points.flatMap((p) => keptMachine(p).map((m) => m.externalLoadCores ?? 0));
  if (loads.every((c) => c < BACKGROUND_CORES)) {
    assert.equal(q.verdict, 'ok', q.reasons.join('\n'));
    assert.deepEqual(q.trustedWorkers, [1, 2]);
  } else {
    // The machine never settled (a shared machine under load): then the verdict must say so.
    console.log(`not quiet while measuring (other processes: ${loads.map((c) => c.toFixed(2)).join(', ')} cores): verdict ${q.verdict}`);
    assert.ok(q.reasons.length > 0, 'a verdict other than ok names its reasons');
  }
});

test('--retry-noisy measures a disturbed repeat again and keeps both records', async () => {
  const busy = busyLoop();
  try {
    await new Promise((r) => setTimeout(r, 300));
    const { run } = await sweep(CONTROL, { workers: [2], repeat: 1, warmup: 1, retryNoisy: 1 });
    const machine = run.points[0].machine!;
    assert.equal(machine.length, 2, 'the superseded repeat and its re-measure');
    assert.equal(machine[0].superseded, true);
    assert.equal(machine[1].superseded, undefined);
    assert.equal(run.points[0].makespansMs.length, 1, 'the analysis uses the re-measure only');
    assert.equal(run.points[0].tasks.index.length, 200);
  } finally {
    busy.kill('SIGKILL');
  }
});
