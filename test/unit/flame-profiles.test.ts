// Real V8 profiles recorded in a real worker thread with server/worker/profiler.ts, mapped through a
// real esbuild source map with the engine's StackMapper, saved by server/engine/profiles.ts, sliced and
// merged by server/analysis/cpuProfile.ts and pointFlame.ts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as esbuild from 'esbuild';
import { StackMapper } from '../../server/engine/sourceMap';
import { mapCpuProfile, saveCpuProfile, epochMsToProfileUs, type RawCpuProfile } from '../../server/engine/profiles';
import { sliceCpuProfile, sampleDurations } from '../../server/analysis/cpuProfile';
import { PointFlameBuilder } from '../../server/analysis/pointFlame';
import { PointFlame } from '../../common/runFile';

let dir: string;
let workloadTs: string;
let bundlePath: string;

// Line numbers below are asserted: `spin` is declared on line 3 of the workload.
const WORKLOAD = `// a tiny workload in TypeScript
type Work = { ms: number };
export function spin(w: Work): number {
  const end = performance.now() + w.ms;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  return x;
}
export default function task(ms: number): number { return spin({ ms }); }
`;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'flame-profiles-'));
  workloadTs = join(dir, 'spin.workload.ts');
  writeFileSync(workloadTs, WORKLOAD);
  bundlePath = join(dir, 'spin-bundle.mjs');
  await esbuild.build({ entryPoints: [workloadTs], outfile: bundlePath, bundle: true, format: 'esm', platform: 'node', sourcemap: 'linked', logLevel: 'silent' });
  await esbuild.build({ entryPoints: ['server/worker/profiler.ts'], outfile: join(dir, 'profiler.mjs'), bundle: true, format: 'esm', platform: 'node', logLevel: 'silent' });
  writeFileSync(join(dir, 'worker.mjs'), `
import { parentPort, workerData } from 'node:worker_threads';
import { startCpuProfile, takeCpuProfile, stopCpuProfile, isCpuProfiling } from './profiler.mjs';
const wl = await import(workerData.bundle);
startCpuProfile(workerData.intervalUs);
const profiles = [];
for (let r = 0; r < 2; r++) {
  const startEpochMs = performance.timeOrigin + performance.now();
  wl.default(60);
  profiles.push({ startEpochMs, profile: takeCpuProfile() });
}
const profiling = isCpuProfiling();
const last = stopCpuProfile();
parentPort.postMessage({ profiles, profiling, afterStop: isCpuProfiling(), last: !!last, takeAfterStop: takeCpuProfile() });
`);
});

after(() => rmSync(dir, { recursive: true, force: true }));

interface WorkerResult {
  profiles: { startEpochMs: number; profile: RawCpuProfile }[];
  profiling: boolean;
  afterStop: boolean;
  last: boolean;
  takeAfterStop: unknown;
}

function record(): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(join(dir, 'worker.mjs'), { workerData: { bundle: pathToFileURL(bundlePath).href, intervalUs: 200 } });
    w.once('message', (m: WorkerResult) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

void test('a worker takes a profile, restarts, takes another, and stops cleanly', async () => {
  const r = await record();
  assert.equal(r.profiles.length, 2);
  assert.equal(r.profiling, true);
  assert.equal(r.afterStop, false);
  assert.equal(r.last, true);
  assert.equal(r.takeAfterStop, null);
  const [a, b] = r.profiles.map((p) => p.profile);
  assert.ok(b.startTime >= a.endTime, 'the second profile starts after the first ended');
  for (const p of [a, b]) {
    assert.ok(p.nodes.length > 1 && (p.samples?.length ?? 0) > 0, 'profile has nodes and samples'); // a starved thread gets few samples
    assert.equal(p.samples?.length, p.timeDeltas?.length);
  }
});

void test('bundle frames map to the user .ts file and 1-based line; the saved .cpuprofile is valid', async () => {
  const r = await record();
  const mapper = new StackMapper(bundlePath);
  const mapped = mapCpuProfile(r.profiles[0].profile, mapper);
  const spin = mapped.nodes.find((n) => n.callFrame.functionName === 'spin');
  assert.ok(spin, 'spin frame present');
  assert.equal(spin.callFrame.url, pathToFileURL(workloadTs).href);
  assert.equal(spin.callFrame.lineNumber + 1, 3);
  assert.ok(mapped.userFrames?.includes(spin.id));
  // The raw profile is left as it was.
  assert.ok(r.profiles[0].profile.nodes.some((n) => n.callFrame.url === pathToFileURL(bundlePath).href));

  const path = saveCpuProfile(join(dir, 'profiles'), 2, 0, 1, mapped);
  assert.equal(path, join(dir, 'profiles', 'p2-r1-w1.cpuprofile'));
  const saved = JSON.parse(readFileSync(path, 'utf8')) as RawCpuProfile;
  assert.deepEqual(Object.keys(saved).sort(), ['endTime', 'nodes', 'samples', 'startTime', 'timeDeltas']);
  const ids = new Set(saved.nodes.map((n) => n.id));
  for (const s of saved.samples ?? []) assert.ok(ids.has(s), 'every sample names a node');
  for (const n of saved.nodes) for (const c of n.children ?? []) assert.ok(ids.has(c), 'every child names a node');
  assert.ok(saved.endTime > saved.startTime);
});

void test('profiles of several workers and repeats merge into one pruned tree with lanes on the repeat clock', async () => {
  const [r0, r1] = await Promise.all([record(), record()]);
  const mapper = new StackMapper(bundlePath);
  const builder = new PointFlameBuilder({ samplingIntervalUs: 200 });
  assert.equal(builder.empty, true);
  for (const [worker, r] of [r0, r1].entries()) {
    for (const [repeat, p] of r.profiles.entries()) {
      builder.add(mapCpuProfile(p.profile, mapper), { worker, repeat, repeatStartUs: epochMsToProfileUs(p.startEpochMs) });
    }
  }
  const flame = PointFlame.parse(builder.finish());
  assert.deepEqual(flame.repeats, [0, 1]);
  const tasks = flame.nodes.filter((n) => n.name === 'task');
  assert.equal(tasks.length, 1, 'the same call path from 4 profiles is one frame');
  const task = tasks[0];
  assert.equal(task.file, workloadTs);
  assert.equal(task.line, 9);
  const spin = flame.nodes.find((n) => n.name === 'spin' && n.parent === task.id);
  assert.ok(spin, 'spin is a child of task (V8 may inline part of it into task)');
  assert.equal(spin.line, 3);
  // 4 profiles × 60 ms in task: its time is sampled, so on a busy machine samples go missing (no
  // timing bound below); it can never exceed the time the 4 profiles cover.
  const profiledMs = [r0, r1].flatMap((r) => r.profiles).reduce((s, p) => s + (p.profile.endTime - p.profile.startTime) / 1000, 0);
  assert.ok(task.totalMs > 0 && task.totalMs <= profiledMs, `task total ${task.totalMs} ms of ${profiledMs} ms profiled`);
  const root = flame.nodes[0];
  assert.equal(root.parent, -1);
  for (const n of flame.nodes.slice(1)) assert.ok(n.parent < n.id, 'parents come first');
  const childTotal = flame.nodes.filter((n) => n.parent === 0).reduce((s, n) => s + n.totalMs, 0);
  assert.ok(Math.abs(root.totalMs - root.selfMs - childTotal) < 0.01 * root.totalMs + 0.01, 'totals add up');
  assert.ok(!flame.nodes.some((n) => n.name === '(idle)'), 'idle time is not a frame');
  // Lanes: one per worker and repeat, on the repeat's own clock (the task runs from ~0 to ~60 ms).
  assert.equal(flame.lanes.length, 4);
  for (const lane of flame.lanes) {
    const inSpin = lane.node.map((n, i) => ({ n, i })).filter(({ n }) => isUnder(flame, n, task.id));
    assert.ok(inSpin.length > 0, 'the lane shows the task');
    const first = lane.startMs[inSpin[0].i];
    const last = lane.endMs[inSpin[inSpin.length - 1].i];
    // On the repeat's clock, not the profile's or the epoch's: an offset of seconds means the wrong clock.
    // Bounds are loose because a loaded machine may delay the task's start by tens of milliseconds.
    assert.ok(first >= 0 && first < 1000, `the task starts near the repeat start (${first})`);
    assert.ok(last > first && last < 2000, `the task ends after it starts, on the same clock (${first}–${last})`);
  }
});

void test('lanes shrink to fit the budget: later repeats go first, then deep frames', async () => {
  const r = await record();
  const mapper = new StackMapper(bundlePath);
  const build = (maxLaneIntervals: number) => {
    const b = new PointFlameBuilder({ samplingIntervalUs: 200, maxLaneIntervals });
    for (const [repeat, p] of r.profiles.entries()) b.add(mapCpuProfile(p.profile, mapper), { worker: 0, repeat, repeatStartUs: epochMsToProfileUs(p.startEpochMs) });
    return b.finish();
  };
  const full = build(1_000_000);
  const sizes = full.lanes.map((l) => l.node.length);
  assert.equal(full.lanes.length, 2);
  const oneRepeat = build(sizes[0]);
  assert.deepEqual(oneRepeat.lanes.map((l) => l.repeat), [0]);
  const tiny = build(1);
  assert.ok(tiny.lanes.length <= 1);
  if (tiny.lanes.length === 1) assert.equal(tiny.lanes[0].node.length, 1);
});

function isUnder(flame: PointFlame, node: number, ancestor: number): boolean {
  for (let cur = node; cur >= 0; cur = flame.nodes[cur].parent) if (cur === ancestor) return true;
  return false;
}

void test('a profile sliced at an instant gives two valid profiles that share its samples', async () => {
  const r = await record();
  const mapper = new StackMapper(bundlePath);
  // One profile over both repeats, as a worker takes it over a whole point.
  const [a, b] = r.profiles.map((p) => p.profile);
  const whole = mapCpuProfile(a, mapper);
  const { times } = sampleDurations(whole);
  const cut = times[Math.floor(times.length / 2)];
  const first = sliceCpuProfile(whole, whole.startTime, cut);
  const second = sliceCpuProfile(whole, cut, whole.endTime + 1);
  assert.equal(first.samples!.length + second.samples!.length, whole.samples!.length);
  assert.deepEqual([...first.samples!, ...second.samples!], whole.samples);
  for (const part of [first, second]) {
    const ids = new Set(part.nodes.map((n) => n.id));
    assert.ok(part.samples!.every((s) => ids.has(s)));
    for (const n of part.nodes) for (const c of n.children ?? []) assert.ok(ids.has(c));
    assert.equal(part.nodes.reduce((k, n) => k + (n.hitCount ?? 0), 0), part.samples!.length);
    // Sample times are kept: the first delta counts from the slice start.
    const t = sampleDurations(part).times;
    assert.deepEqual(t, times.filter((x) => x >= part.startTime && x < part.endTime));
  }
  assert.ok(first.nodes.some((n) => n.callFrame.functionName === 'spin' || n.callFrame.functionName === 'task'));
  assert.ok(first.userFrames!.every((id) => first.nodes.some((n) => n.id === id)));
  // A window with no samples keeps just the root.
  const none = sliceCpuProfile(b, b.endTime + 1000, b.endTime + 2000);
  assert.deepEqual(none.samples, []);
  assert.equal(none.nodes.length, 1);
});
