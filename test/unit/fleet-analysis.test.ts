// The analysis across a fleet's hosts (server/analysis/fleet/, the fleet suggestion rules) on
// synthetic fleet runs with known speeds, round trips and clock errors (test/fixtures/fleetRun.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeRun } from '../../server/analysis';
import { FLEET_MIN_TASKS } from '../../server/analysis/fleet/latency';
import { SLOW_HOST_RATIO } from '../../server/analysis/suggestions/slowHost';
import { Analysis } from '../../common/runFile';
import { fleetRun, PICKUP_MS, placeSlots, type FleetHostSpec } from '../fixtures/fleetRun';
import { noise, syntheticRun, uniform } from './analysis-fixtures';

const two = (b: Partial<FleetHostSpec> = {}, a: Partial<FleetHostSpec> = {}): FleetHostSpec[] => [
  { name: 'alpha', slots: 2, cpus: 2, ...a },
  { name: 'beta', slots: 2, cpus: 2, ...b },
];
const FLEET_KINDS = ['batch-for-network', 'slow-host', 'host-imbalance', 'fleet-coordination'];

test('placement fills slots host by host: pack fills each host first, spread takes one slot per host in turn', () => {
  const hosts = [{ name: 'a', slots: 2 }, { name: 'b', slots: 2 }, { name: 'c', slots: 1 }];
  assert.deepEqual(placeSlots(hosts, 4, 'pack'), [0, 0, 1, 1]);
  assert.deepEqual(placeSlots(hosts, 5, 'spread'), [0, 1, 2, 0, 1]);
});

test('a run made on one machine has no fleet analysis and no fleet suggestion', () => {
  const a = analyzeRun(syntheticRun({ workers: [1, 2, 4], durations: uniform(200, 0.2) }));
  assert.equal(a.fleet, undefined);
  assert.ok(!a.suggestions.some((s) => FLEET_KINDS.includes(s.kind)));
});

test('per point and host: tasks, slots, shares, efficiency, and the Redis latencies with the clock they span', () => {
  const run = fleetRun({
    hosts: two({ roundTripMs: 1, clockErrorMs: 0.2, clockUncertaintyMs: 0.3 }, { roundTripMs: 1 }),
    workers: [1, 2, 4], durations: uniform(200, 5), repeat: 2, policy: 'pack',
  });
  const a = analyzeRun(run);
  assert.ok(Analysis.safeParse(a).success);
  const fleet = a.fleet!;
  assert.equal(fleet.firstMultiHostWorkers, 4, 'pack: 2 workers fit on the first host');
  assert.deepEqual(fleet.points.map((p) => p.hosts.map((h) => h.host)), [[0], [0], [0, 1]]);
  const at4 = fleet.points[2];
  for (const h of at4.hosts) {
    assert.equal(h.slots, 2);
    assert.equal(h.slotShare, 0.5);
    assert.equal(h.tasks, 200, 'each host ran half the 2 × 200 task executions');
    assert.ok(Math.abs(h.workShare - 0.5) < 0.02, `work share ${h.workShare}`);
    // 5 ms of work per 1 ms round trip: the slots are busy 5/6 of the time.
    assert.ok(Math.abs(h.efficiency - 5 / 6) < 0.01, `efficiency ${h.efficiency}`);
    assert.equal(h.loadBalance, 1);
    // One clock: a slot's jobs are a round trip apart, a job starts PICKUP_MS after it was taken, whatever the clock error.
    assert.ok(Math.abs(h.roundTrip.medianMs! - 1) < 1e-9, `round trip ${h.roundTrip.medianMs}`);
    assert.equal(h.roundTrip.clockUncertaintyMs, 0);
    assert.ok(Math.abs(h.handOut.medianMs! - PICKUP_MS) < 1e-9);
    assert.equal(h.handOut.clockUncertaintyMs, 0);
    assert.ok(Math.abs(h.taskMs! - 5) < 1e-9);
    assert.equal(h.bytesInPerTask, 64);
  }
  const [alpha, beta] = at4.hosts;
  // Two clocks: end → received carries the clock error, within the stated uncertainty.
  assert.ok(Math.abs(alpha.returnLatency!.medianMs! - 0.5) < 1e-9);
  assert.ok(Math.abs(beta.returnLatency!.medianMs! - 0.3) < 1e-9);
  assert.equal(beta.returnLatency!.clockUncertaintyMs, 0.3);
  assert.ok(beta.returnLatency!.p95Ms !== null, '100 samples: enough for a 95th percentile');
  assert.ok(at4.hostBalance > 0.95);
});

test('enqueue → start per job: the backlog behind earlier jobs and the way through Redis add up to it, across two clocks', () => {
  // 2 hosts × 2 slots, 200 jobs of 5 ms all sent at t = 0: each slot's first job starts half a round
  // trip after (through Redis only), every later one waits for its slot (behind jobs) and then a round trip.
  const run = fleetRun({
    hosts: two({ roundTripMs: 2, clockErrorMs: 0.2, clockUncertaintyMs: 0.3 }, { roundTripMs: 1 }),
    workers: [4], durations: uniform(200, 5), repeat: 2, policy: 'spread',
  });
  const [alpha, beta] = analyzeRun(run).fleet!.points[0].hosts;
  for (const [h, rt, err] of [[alpha, 1, 0], [beta, 2, 0.2]] as const) {
    const e = h.enqueue!;
    assert.equal(e.toStart.count, h.tasks, 'one per job (batch 1: per task)');
    assert.ok(Math.abs(e.throughRedis.medianMs! - rt) < 1e-9, `through Redis ${e.throughRedis.medianMs} vs round trip ${rt}`);
    assert.ok(e.behindJobs.medianMs! > 50 * 5 / 2, 'most jobs wait behind the backlog: a repeat sends them all at once');
    assert.ok(e.toStart.medianMs! > e.behindJobs.medianMs!);
    // The first job of each slot waited for nothing: half a round trip in, plus what the clock got wrong.
    const t = run.points[0].tasks;
    const first = t.index.map((_, i) => i).filter((i) => t.host![i] === (h === alpha ? 0 : 1) && t.dispatch[i] < 4 && t.repeat[i] === 0);
    for (const i of first) assert.ok(Math.abs(t.startMs[i] - t.enqueuedMs![i] - (rt / 2 + err)) < 1e-9);
    assert.equal(e.toStart.clockUncertaintyMs, h === alpha ? 0.1 : 0.3, 'the host\'s clock uncertainty: enqueuedMs is the coordinator\'s');
  }
  // A fleet run made before the enqueuedMs column: no figure, and the rest as before.
  const old = analyzeRun(fleetRun({ hosts: two(), workers: [4], durations: uniform(200, 5), enqueued: false }));
  for (const h of old.fleet!.points[0].hosts) { assert.equal(h.enqueue, null); assert.ok(h.roundTrip.medianMs !== null); }
});

test('too few tasks on a host: no median, no percentile, only the count', () => {
  const run = fleetRun({ hosts: two(), workers: [4], durations: uniform(FLEET_MIN_TASKS + 4, 5), policy: 'spread' });
  const rows = analyzeRun(run).fleet!.points[0].hosts;
  for (const h of rows) {
    assert.ok(h.tasks < FLEET_MIN_TASKS);
    assert.equal(h.returnLatency!.medianMs, null);
    assert.equal(h.returnLatency!.p95Ms, null);
    assert.equal(h.taskMs, null);
    assert.equal(h.returnLatency!.count, h.tasks);
  }
});

test('batch-for-network: a round trip that rivals the tasks gets a batch from the replay; short trips get none', () => {
  const slowNet = analyzeRun(fleetRun({ hosts: two({ roundTripMs: 2 }, { roundTripMs: 2 }), workers: [1, 2, 4], durations: uniform(800, 0.5), repeat: 2 }));
  const s = slowNet.suggestions.find((x) => x.kind === 'batch-for-network');
  assert.ok(s, JSON.stringify(slowNet.suggestions.map((x) => x.kind)));
  assert.ok((s.change.batch as number) > 1);
  assert.ok(s.predictedGainPct! >= 5);
  assert.ok(Math.abs((s.evidence.roundTripMs as number) - 2) < 1e-6);
  assert.equal(s.evidence.upperBound, true, 'batch 1 measures no gap inside a job');
  assert.ok(!slowNet.suggestions.some((x) => x.kind === 'granularity'), 'on a fleet batch-for-network speaks instead');

  const fastNet = analyzeRun(fleetRun({ hosts: two({ roundTripMs: 0.2 }, { roundTripMs: 0.2 }), workers: [1, 2, 4], durations: uniform(800, 10), repeat: 2 }));
  assert.ok(!fastNet.suggestions.some((x) => x.kind === 'batch-for-network'));
});

test('slow-host: a host 50% slower on the same inputs is named, with its ratio and interval; 3% slower is noise', () => {
  const jitter = noise(0.1);
  const slow = analyzeRun(fleetRun({ hosts: two({ speed: 1.5 }), workers: [2, 4], durations: uniform(200, 4), repeat: 3, jitter, policy: 'spread' }));
  const s = slow.suggestions.filter((x) => x.kind === 'slow-host');
  assert.equal(s.length, 1, JSON.stringify(slow.suggestions.map((x) => x.title)));
  assert.equal(s[0].evidence.hostName, 'beta');
  assert.equal(s[0].evidence.basis, 'same-inputs');
  assert.ok(Math.abs((s[0].evidence.ratio as number) - 1.5) < 0.1, `ratio ${s[0].evidence.ratio}`);
  const ci = s[0].evidence.ratioCi as number[];
  assert.ok(ci[0] > 1 && ci[0] <= 1.5 && ci[1] >= 1.4);
  assert.ok(s[0].predictedGainPct! > 5, 'two of four slots at 1/1.5 of the speed');

  const close = analyzeRun(fleetRun({ hosts: two({ speed: 1.03 }), workers: [2, 4], durations: uniform(200, 4), repeat: 3, jitter, policy: 'spread' }));
  assert.ok(!close.suggestions.some((x) => x.kind === 'slow-host'));
  assert.ok(SLOW_HOST_RATIO > 1.03);
});

test('slow-host: with one repeat it compares tasks across hosts, and says nothing from too few of them', () => {
  const one = analyzeRun(fleetRun({ hosts: two({ speed: 1.6 }), workers: [4], durations: uniform(200, 4), repeat: 1, jitter: noise(0.05) }));
  const s = one.suggestions.find((x) => x.kind === 'slow-host');
  assert.ok(s);
  assert.equal(s.evidence.basis, 'comparable-tasks');
  const few = analyzeRun(fleetRun({ hosts: two({ speed: 1.6 }), workers: [4], durations: uniform(24, 4), repeat: 1 }));
  assert.ok(!few.suggestions.some((x) => x.kind === 'slow-host'), 'a dozen tasks per host is too few');
});

test('host-imbalance: a host whose jobs take long to reach it leaves its slots idle; an even fleet is not flagged', () => {
  const far = analyzeRun(fleetRun({ hosts: two({ roundTripMs: 12 }, { roundTripMs: 0.4 }), workers: [4], durations: uniform(400, 3), repeat: 2 }));
  const s = far.suggestions.find((x) => x.kind === 'host-imbalance');
  assert.ok(s, JSON.stringify(far.suggestions.map((x) => x.kind)));
  assert.match(s.title, /beta's slots were busy/);
  assert.match(s.detail, /waited 12\.0 ms between jobs \(the round trip through Redis\) against 0\.40 ms/);
  assert.ok(s.predictedGainPct! >= 5);
  const beta = (s.evidence.hosts as { name: string; workShare: number; slotShare: number }[]).find((h) => h.name === 'beta')!;
  assert.ok(beta.workShare < beta.slotShare);

  const even = analyzeRun(fleetRun({ hosts: two(), workers: [4], durations: uniform(400, 3), repeat: 2 }));
  assert.ok(!even.suggestions.some((x) => x.kind === 'host-imbalance'));
});

test('fleet-coordination: a trusted USL fit whose peak lies below the fleet\'s slots names the count', () => {
  // Task time grows as 1 + σ(p−1) + κp(p−1): the USL with σ = 0.01, κ = 0.03 (peak ≈ 5.7).
  const usl = (p: number): number[] => Array.from({ length: 240 }, () => 4 * (1 + 0.01 * (p - 1) + 0.03 * p * (p - 1)));
  const hosts: FleetHostSpec[] = [0, 1, 2, 3].map((k) => ({ name: `h${k}`, slots: 2, roundTripMs: 0.05 }));
  const a = analyzeRun(fleetRun({ hosts, workers: [1, 2, 3, 4, 6, 8], durations: usl, repeat: 1, policy: 'pack' }));
  assert.ok(a.usl?.trusted, JSON.stringify(a.usl));
  const s = a.suggestions.find((x) => x.kind === 'fleet-coordination');
  assert.ok(s, JSON.stringify(a.suggestions.map((x) => x.kind)));
  assert.match(s.title, /peaks near [56] slots of 8/);
  assert.equal(s.evidence.firstMultiHostWorkers, 3);
  assert.equal(s.predictedGainPct, null, 'a fitted count, not a replayed gain');

  const wide = analyzeRun(fleetRun({ hosts, workers: [1, 2, 3, 4, 6, 8], durations: uniform(240, 4), repeat: 1, policy: 'pack' }));
  assert.ok(!wide.suggestions.some((x) => x.kind === 'fleet-coordination'));
});

test('the noise verdict does not judge a fleet run by the coordinator\'s load: no task ran there', () => {
  const run = fleetRun({ hosts: two(), workers: [1, 2, 4], durations: uniform(200, 3), repeat: 2 });
  // The coordinator (2 CPUs) beside 1.9 cores of other load during every repeat.
  for (const p of run.points) {
    p.machine = p.makespansMs.map((ms, repeat) => ({
      repeat, order: repeat, wallMs: ms, systemCpuMs: 1.95 * ms, ownCpuMs: 0.05 * ms, externalCpuMs: 1.9 * ms, externalLoadCores: 1.9,
      runQueueMs: 0, cpuMhz: null, source: 'proc' as const,
    }));
  }
  const a = analyzeRun(run);
  assert.equal(a.quality?.verdict, 'ok', JSON.stringify(a.quality?.reasons));
  assert.ok(a.notes.some((n) => n.startsWith("The agents' machines were not probed")));
  // The same points made on one machine are judged by that load.
  const local = structuredClone(run);
  delete local.hosts;
  delete local.fleet;
  assert.notEqual(analyzeRun(local).quality?.verdict, 'ok');
});

test('a point\'s latencies carry the uncertainty of the offset its rows were converted with (its placement), else the host\'s', () => {
  const run = fleetRun({ hosts: two({ clockUncertaintyMs: 0.3 }), workers: [2, 4], durations: uniform(100, 3) });
  run.points[1].placement = run.points[1].placement!.map((p) => (p.host === 1 ? { ...p, clockOffsetMs: 2, clockUncertaintyMs: 0.05 } : p));
  const rows = analyzeRun(run).fleet!.points;
  assert.equal(rows[0].hosts.find((h) => h.host === 1)!.returnLatency!.clockUncertaintyMs, 0.3, 'no estimate in the placement: the host\'s');
  assert.equal(rows[1].hosts.find((h) => h.host === 1)!.returnLatency!.clockUncertaintyMs, 0.05);
});
