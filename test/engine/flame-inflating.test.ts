// The whole profiling path on a real pool: workers profile with the V8 sampler, the engine maps the
// profiles to the user's file, saves them as .cpuprofile per worker and repeat, merges them per point,
// and the analysis names the function that inflates with workers (examples/inflating.workload.js:
// tally's merge reads every worker's bins, so its cost per task grows with workers even when the
// workers take turns on a busy machine; compute is flat).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { example, savedRun, sweep, tempRuns } from './helpers';
import { costAt } from '../../common/flame';
import { hotFunctions, hotFunctionHints } from '../../server/analysis/flame/hotFunctions';
import type { RawCpuProfile } from '../../server/worker/profiler';

const WORKLOAD = example('inflating.workload.js');
const source = readFileSync(WORKLOAD, 'utf8').split('\n');
const lineOf = (needle: string) => source.findIndex((l) => l.startsWith(needle)) + 1;
const TALLY = lineOf('export function tally(');
const COMPUTE = lineOf('export function compute(');

void test('profiled sweep: valid .cpuprofile files per worker and repeat, mapped to the workload lines', async () => {
  const profiles = join(tempRuns(), 'profiles');
  const { run, file } = await sweep(WORKLOAD, { workers: [1, 2], repeat: 1, warmup: 1, cpuProfile: true }, { cpuProfileDir: profiles });
  assert.deepEqual(readdirSync(profiles).sort(), ['p1-r1-w0.cpuprofile', 'p2-r1-w0.cpuprofile', 'p2-r1-w1.cpuprofile']);
  for (const point of run.points) {
    for (const st of point.workerStats) assert.equal(st.cpuProfile, join(profiles, `p${point.workers}-r${st.repeat + 1}-w${st.worker}.cpuprofile`));
  }
  for (const name of readdirSync(profiles)) {
    const p = JSON.parse(readFileSync(join(profiles, name), 'utf8')) as RawCpuProfile;
    assert.deepEqual(Object.keys(p).sort(), ['endTime', 'nodes', 'samples', 'startTime', 'timeDeltas']);
    assert.equal(p.samples?.length, p.timeDeltas?.length);
    assert.ok((p.samples?.length ?? 0) > 50, `${name}: ${p.samples?.length} samples`);
    const ids = new Set(p.nodes.map((n) => n.id));
    assert.ok(p.samples!.every((s) => ids.has(s)), `${name}: every sample names a node`);
    const tally = p.nodes.find((n) => n.callFrame.functionName === 'tally');
    assert.ok(tally, `${name}: tally frame`);
    assert.equal(tally.callFrame.url, pathToFileURL(WORKLOAD).href);
    assert.equal(tally.callFrame.lineNumber + 1, TALLY);
  }

  // The saved run carries each point's merged tree and lanes, and the analysis the flame chart.
  const saved = savedRun(file);
  for (const point of saved.points) {
    assert.ok(point.flame, `flame at ${point.workers} workers`);
    assert.deepEqual(point.flame.repeats, [0]);
    assert.equal(point.flame.lanes.length, point.workers);
    for (const lane of point.flame.lanes) {
      assert.ok(lane.node.length > 0);
      assert.ok(lane.startMs.every((t, i) => t >= 0 && t <= lane.endMs[i] && lane.endMs[i] <= point.makespanMs + 5), 'lane intervals lie within the repeat');
    }
    const names = point.flame.nodes.filter((n) => n.file === WORKLOAD).map((n) => `${n.name}:${n.line}`);
    assert.ok(names.includes(`tally:${TALLY}`) && names.includes(`compute:${COMPUTE}`), names.join(', '));
  }
  const flame = saved.analysis?.flame;
  assert.ok(flame);
  assert.deepEqual(flame.workers, [1, 2]);

  // The verdict: tally inflates, compute does not.
  const tally = flame.frames.find((f) => f.name === 'tally' && f.line === TALLY)!;
  const compute = flame.frames.find((f) => f.name === 'compute' && f.line === COMPUTE)!;
  const tallyInflation = costAt(tally, 2).selfInflation!;
  const computeInflation = costAt(compute, 2).selfInflation!;
  // Relative, not absolute: on shared hyperthreads or a busy machine compute slows down too (×1.53 on
  // a CI machine), and tally's extra reads come on top of that.
  assert.ok(tallyInflation >= 1.3, `tally ×${tallyInflation}`);
  assert.ok(tallyInflation >= 1.3 * computeInflation, `tally ×${tallyInflation} vs compute ×${computeInflation}`);
  const hot = hotFunctions(flame);
  assert.deepEqual(hot.filter((h) => h.inflated).map((h) => h.line), [TALLY]);
  const hint = saved.analysis!.hints.find((h) => h.kind === 'memory-bandwidth');
  assert.ok(hint && hint.file === WORKLOAD && hint.line === TALLY, JSON.stringify(saved.analysis!.hints));
  assert.ok(hotFunctionHints(saved).some((h) => h.line === COMPUTE && /from 1 to 2 workers/.test(h.message)));
});

void test('without profiling nothing is profiled', async () => {
  const { run } = await sweep(WORKLOAD, { workers: [1], repeat: 1, warmup: 0 });
  assert.equal(run.points[0].flame, undefined);
  assert.ok(run.points[0].workerStats.every((s) => !s.cpuProfile));
  assert.equal(run.analysis?.flame ?? null, null);
});
