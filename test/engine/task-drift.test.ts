// A real pool whose task slows down part-way (the step of a JIT deoptimisation): the run names the
// call per worker where it changed and flags the verdict. A real V8 deopt is not used: when and by
// how much it happens varies with V8 versions and flags, so the fixture makes the step itself.
// Also: the engine's packed run and the same run read back from its file analyse the same.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, savedRun, sweep } from './helpers';
import { analyzeRun } from '../../server/analysis';

void describe('task drift on a real pool', () => {
  void it('finds the call where each worker slowed down, and the verdict says the JIT states differ', async () => {
    const { run, file } = await sweep(fixture('slows-down.workload.js'), { workers: [2], repeat: 1, warmup: 0 });
    const s = run.analysis!.suggestions.find((x) => x.kind === 'task-drift');
    assert.ok(s, `no task-drift suggestion: ${JSON.stringify(run.analysis!.suggestions.map((x) => x.kind))}`);
    const points = (s.evidence as { points: { workers: number; perWorker: { worker: number; call: number; beforeMs: number; afterMs: number }[] }[] }).points;
    assert.equal(points[0].workers, 2);
    for (const w of points[0].perWorker) {
      // Each worker's 121st measured call is its first slow one (no warm-up: every call is measured).
      assert.equal(w.call, 121, `worker ${w.worker}`);
      assert.ok(w.afterMs / w.beforeMs > 2, `worker ${w.worker}: ${w.beforeMs} → ${w.afterMs} ms`);
    }
    assert.ok(run.analysis!.quality!.reasons.some((r) => /different JIT states/.test(r)));
    // Saved and read back (plain columns), the run analyses as the engine's packed one did.
    const back = savedRun(file);
    assert.deepEqual(analyzeRun(back), analyzeRun(run));
  });
});
