// The noise verdict of a fleet run from each agent's own machine record (point.hostMachine,
// server/analysis/fleet/hostLoad.ts), on synthetic fleet runs (test/fixtures/fleetRun.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeRun } from '../../server/analysis';
import { fleetPointLoad, hasHostRecords, hostPointLoad } from '../../server/analysis/fleet/hostLoad';
import type { PlainRunFile, RepeatMachine } from '../../common/runFile';
import { fleetRun, type FleetHostSpec } from '../fixtures/fleetRun';
import { uniform } from './analysis-fixtures';

const two = (a: Partial<FleetHostSpec> = {}, b: Partial<FleetHostSpec> = {}): FleetHostSpec[] => [
  { name: 'alpha', slots: 2, cpus: 2, ...a },
  { name: 'beta', slots: 2, cpus: 2, ...b },
];

/** A machine record of `ms` with `external` cores of other load and the host's own CPU use. */
function machine(repeat: number, ms: number, external: number, own: number, runQueueMs = 0): RepeatMachine {
  return {
    repeat, order: repeat, wallMs: ms, systemCpuMs: (external + own) * ms, ownCpuMs: own * ms, externalCpuMs: external * ms,
    externalLoadCores: external, runQueueMs, cpuMhz: null, source: 'proc',
  };
}

/** Every point's hosts record `load(host)` cores of other load in each repeat; the coordinator is busy (1.9 cores). */
function withHostLoads(run: PlainRunFile, load: (host: number) => number, runQueue: (host: number, ms: number) => number = () => 0): PlainRunFile {
  for (const p of run.points) {
    p.machine = p.makespansMs.map((ms, r) => machine(r, ms, 1.9, 0.05));
    p.hostMachine = p.makespansMs.flatMap((ms, r) => p.placement!.map((x) => ({ ...machine(r, ms, load(x.host), x.slots, runQueue(x.host, ms)), host: x.host })));
  }
  return run;
}

test('hosts with their own records are judged by their own load: a quiet fleet is trusted whatever the coordinator\'s load', () => {
  const run = withHostLoads(fleetRun({ hosts: two(), workers: [1, 2, 4], durations: uniform(200, 3), repeat: 2 }), () => 0.02);
  const a = analyzeRun(run);
  assert.equal(a.quality?.verdict, 'ok', JSON.stringify(a.quality?.reasons));
  assert.ok(a.notes.some((n) => n.startsWith('Each agent probed its own machine')), a.notes.join('\n'));
  assert.ok(!a.notes.some((n) => n.startsWith("The agents' machines were not probed")));
});

test('a host busy with other load makes its points untrusted, and the reason names that host, not the quiet one', () => {
  const run = withHostLoads(fleetRun({ hosts: two(), workers: [1, 2, 4], durations: uniform(200, 3), repeat: 2 }), (h) => (h === 1 ? 1.9 : 0));
  const a = analyzeRun(run);
  // spread fills alpha first: the 1-worker point runs on alpha only and stays trusted.
  assert.deepEqual(a.quality?.trustedWorkers, [1]);
  const hostReasons = a.quality!.reasons.filter((r) => /other processes used/.test(r));
  assert.ok(hostReasons.length >= 2, JSON.stringify(a.quality?.reasons));
  for (const r of hostReasons) assert.match(r, /, on beta \(\d slots?\), other processes used 1\.9 of 2 cores/);
  assert.equal(a.quality?.externalLoadCores['4'], 1.9, 'other load added over the point\'s hosts (alpha had none)');
});

test('a host is judged against its own CPUs and slots: other load beside one slot on a 4-CPU host leaves it CPUs to spare', () => {
  const run = withHostLoads(fleetRun({ hosts: two({ slots: 1, cpus: 4 }, { slots: 1, cpus: 1 }), workers: [2], durations: uniform(100, 3), repeat: 2 }), (h) => (h === 0 ? 2 : 0));
  const p = run.points[0];
  assert.ok(hasHostRecords(p));
  const alpha = hostPointLoad(p, 0, run.hosts!);
  assert.equal(alpha.workers, 1);
  assert.equal(alpha.stolenCores, 0, '1 slot + 2 cores of other load on 4 CPUs: nothing taken');
  assert.equal(alpha.verdict, 'ok');
  // The same load on the 1-CPU host takes all of its slot's CPU.
  const busy = withHostLoads(fleetRun({ hosts: two({ slots: 1, cpus: 4 }, { slots: 1, cpus: 1 }), workers: [2], durations: uniform(100, 3), repeat: 2 }), (h) => (h === 1 ? 2 : 0));
  const beta = hostPointLoad(busy.points[0], 1, busy.hosts!);
  assert.equal(beta.verdict, 'unreliable');
  assert.equal(fleetPointLoad(busy.points[0], busy.hosts!, 5, 0).verdict, 'unreliable', 'the point takes its worst host\'s verdict');
});

test('the wait for a CPU on a host with other load is attributed to that host (its pool threads\' run-queue delay)', () => {
  // 2 slots on 4 CPUs with 1 core of other load: no CPU taken on paper, but the threads waited 30% of the time.
  const run = withHostLoads(fleetRun({ hosts: two({ cpus: 4 }, { cpus: 4 }), workers: [4], durations: uniform(100, 3), repeat: 2 }), (h) => (h === 0 ? 1 : 0), (h, ms) => (h === 0 ? 0.3 * 2 * ms : 0));
  const l = fleetPointLoad(run.points[0], run.hosts!, 8, 0);
  assert.notEqual(l.verdict, 'ok');
  assert.match(l.reasons.join('\n'), /on alpha \(2 slots\), the run's threads waited for a CPU/);
  assert.doesNotMatch(l.reasons.join('\n'), /on beta/);
});

test('a point where a host has no record of its own is judged as before: by its spread and run-queue delay, with the note', () => {
  const run = withHostLoads(fleetRun({ hosts: two(), workers: [4], durations: uniform(200, 3), repeat: 2 }), () => 1.9);
  run.points[0].hostMachine = run.points[0].hostMachine!.filter((m) => m.host === 0);
  assert.equal(hasHostRecords(run.points[0]), false);
  const a = analyzeRun(run);
  assert.equal(a.quality?.verdict, 'ok', 'neither the coordinator\'s load nor one host\'s partial record judges it');
  assert.ok(a.notes.some((n) => n.startsWith("The agents' machines were not probed")));
});
