// What agents record beside their task rows, on real parts (a redis-server and agent processes of
// the built CLI, one with a skewed clock): per-worker event-loop utilisation, each host's core series
// and machine record per measured repeat, wait sites, and CPU profiles merged into the point's flame with the
// workload's frames, all on the coordinator's clock (docs/fleet.md "What the run file records").
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { parseRunFile, type PlainRunFile } from '../../common/runFile';
import { hostOfSlot } from '../../common/fleetSlots';
import { startAgent, startRedis, startRun, stopAll, type Proc, type RedisServer } from './fleetHarness';
import { workloadDir, writeBusyWorkload } from './fixtures';

const SKEW_MS = 5000;
let redis: RedisServer;
let agents: Proc[] = [];
let dir: string;
let saved: PlainRunFile;
let profiles: string;

before(async () => {
  redis = await startRedis();
  dir = workloadDir();
  agents = await Promise.all([
    startAgent(redis.url, 'left', 1),
    startAgent(redis.url, 'right', 1, { SCALESCOPE_TEST_CLOCK_SKEW_MS: String(SKEW_MS) }),
  ]);
  const workload = writeBusyWorkload(dir, 'busy', 16, 40_000);
  const out = join(dir, 'runs');
  profiles = join(dir, 'profiles');
  const run = startRun([workload, '--redis', redis.url, '--workers', '1,2', '--repeat', '2', '--warmup', '1', '--cpuprofile', profiles, '--out', out]);
  assert.equal(await run.exited, 0, run.out);
  const files = readdirSync(out).filter((f) => f.endsWith('.json'));
  assert.equal(files.length, 1);
  saved = parseRunFile(readFileSync(join(out, files[0]), 'utf8'), files[0]);
});

after(async () => {
  await stopAll(agents);
  await redis?.stop();
});

test('a fleet run with --cpuprofile has a flame with the workload\'s frames, each thread\'s lanes on the coordinator\'s clock', () => {
  for (const p of saved.points) {
    assert.ok(p.flame, `point ${p.workers} has a flame`);
    const spin = p.flame.nodes.find((n) => n.name === 'spinPrimes');
    assert.ok(spin, `spinPrimes in the flame of ${p.workers}: ${p.flame.nodes.map((n) => n.name).join(', ')}`);
    assert.match(spin.file ?? '', /busy\.workload\.js$/, 'mapped to the workload on the coordinator');
    assert.equal(spin.line, 2);
    assert.ok(spin.totalMs > 0);
    assert.deepEqual([...new Set(p.flame.lanes.map((l) => l.worker))].sort(), Array.from({ length: p.workers }, (_, i) => i), 'a lane per slot, every host\'s');
    for (const lane of p.flame.lanes) {
      // The skewed host's profile clock is 5 s off: on the coordinator's clock its samples lie within the repeat.
      const span = p.makespansMs[lane.repeat];
      assert.ok(lane.startMs[0] >= -5 && lane.endMs[lane.endMs.length - 1] <= span + 5, `point ${p.workers} worker ${lane.worker} repeat ${lane.repeat}: ${lane.startMs[0]}..${lane.endMs[lane.endMs.length - 1]} within 0..${span}`);
    }
    for (const s of p.workerStats) {
      assert.ok(s.cpuProfile && existsSync(s.cpuProfile), `a .cpuprofile per worker and repeat: ${s.cpuProfile}`);
    }
  }
  assert.ok(existsSync(join(profiles, 'p2-r1-w1.cpuprofile')));
});

test('profiles are shipped once per point and thread, and fetched: none is left in Redis', async () => {
  const client = new Redis(redis.url);
  try {
    assert.deepEqual(await client.keys('scalescope:profile:*'), []);
  } finally {
    client.disconnect();
  }
});

test('a fleet point has per-host ELU and core series and machine records, the host recorded with each', () => {
  const cores = cpus().length;
  for (const p of saved.points) {
    const slotHost = hostOfSlot(p);
    const hosts = p.placement!.map((x) => x.host);
    assert.equal(p.workerStats.length, p.workers * 2);
    for (const s of p.workerStats) {
      assert.equal(s.host, slotHost[s.worker], 'the host of the slot\'s thread');
      assert.ok(s.elu !== null && s.elu > 0 && s.elu <= 1, `elu ${s.elu}`);
      assert.ok(s.threadId !== null);
    }
    for (const repeat of [0, 1]) {
      const series = p.cores.filter((c) => c.repeat === repeat);
      assert.deepEqual(series.map((c) => c.host).sort(), [...hosts].sort(), 'one core series per host per repeat');
      for (const c of series) {
        assert.equal(c.busy.length, cores, 'one row per core of the host');
        assert.ok(c.timesMs.length >= 1 && c.busy.every((b) => b.length === c.timesMs.length));
        // On the coordinator's clock (the skewed host's 5 s too): the samples cover the repeat, the last one its end.
        const n = c.timesMs.length;
        assert.ok(c.timesMs[0] > 0 && (n < 2 || c.timesMs[n - 2] < p.makespansMs[repeat]) && c.timesMs[n - 1] < p.makespansMs[repeat] + 1000, `host ${c.host}: ${c.timesMs.join(' ')} vs ${p.makespansMs[repeat]}`);
      }
      const machine = p.hostMachine!.filter((m) => m.repeat === repeat);
      assert.deepEqual(machine.map((m) => m.host).sort(), [...hosts].sort(), 'one machine record per host per repeat');
      for (const m of machine) {
        assert.ok(m.wallMs > 0 && m.ownCpuMs !== null && m.ownCpuMs > 0, JSON.stringify(m));
        assert.ok(m.externalLoadCores !== null, 'Linux: /proc/stat read on the agent');
        assert.ok(m.runQueueMs !== null, 'the agent\'s pool threads\' run-queue delay');
      }
    }
  }
});

test('a fleet point has the wait sites its hosts\' threads met, mapped to the workload: each measured task\'s wait once', () => {
  for (const p of saved.points) {
    const sites = p.waitSites ?? [];
    assert.equal(sites.length, 1, JSON.stringify(sites));
    assert.equal(sites[0].kind, 'atomics-wait');
    assert.equal(sites[0].functionName, 'holdOn');
    assert.match(sites[0].location?.file ?? '', /busy\.workload\.js$/);
    assert.equal(sites[0].location?.line, 8);
    assert.equal(sites[0].count, 16 * 2, 'the measured repeats\' waits, not the warm-up\'s');
  }
});

test('the noise verdict judges each host by its own record', () => {
  assert.ok(saved.analysis?.notes.some((n) => /Each agent probed its own machine/.test(n)), saved.analysis?.notes.join('\n'));
  assert.ok(saved.analysis?.quality?.externalLoadCores['1'] !== undefined, 'the hosts\' external load is recorded');
  for (const r of saved.analysis?.quality?.reasons ?? []) if (/other processes used/.test(r)) assert.match(r, /on (left|right) \(1 slot\)/);
});
