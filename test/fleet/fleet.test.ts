// The fleet on real parts: a redis-server, agent processes of the built CLI standing in for hosts,
// and `scalescope run --redis` (docs/fleet.md). One Redis and three agents for the whole file; the
// tests run in order (the last ones kill an agent and then Redis).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunFile, type PlainRunFile } from '../../common/runFile';
import { startAgent, startRedis, startRun, stopAll, waitForAgents, type Proc, type RedisServer } from './fleetHarness';
import { workloadDir, writeSleepWorkload } from './fixtures';

const SKEW_MS = 3000;
let redis: RedisServer;
let agents: Proc[] = [];
let dir: string;

before(async () => {
  redis = await startRedis();
  dir = workloadDir();
  // hostB's clock reads 3 s ahead: its tasks must still land on the coordinator's timeline. The
  // variable set (0 on the others) makes each agent log its clock against the monotonic one.
  agents = await Promise.all([
    startAgent(redis.url, 'hostA', 1, { SCALESCOPE_TEST_CLOCK_SKEW_MS: '0' }),
    startAgent(redis.url, 'hostB', 1, { SCALESCOPE_TEST_CLOCK_SKEW_MS: String(SKEW_MS) }),
    startAgent(redis.url, 'hostC', 1, { SCALESCOPE_TEST_CLOCK_SKEW_MS: '0' }),
  ]);
});

after(async () => {
  await stopAll(agents);
  await redis?.stop();
});

function savedRun(out: string): PlainRunFile {
  const files = readdirSync(out).filter((f) => f.endsWith('.json'));
  assert.equal(files.length, 1, `one run file in ${out}`);
  return parseRunFile(readFileSync(join(out, files[0]), 'utf8'), files[0]);
}

let sweep: PlainRunFile;

test('a sweep over 1, 2 and 3 slots runs on the fleet: every host used, every input once per repeat', async () => {
  const workload = writeSleepWorkload(dir, 'sweep', 12, 20, 7);
  const out = join(dir, 'sweep-runs');
  const run = startRun([workload, '--redis', redis.url, '--workers', '1,2,3', '--repeat', '2', '--warmup', '1', '--out', out]);
  const status = await run.exited;
  assert.equal(status, 1, `a task threw: exit 1\n${run.out}`);
  sweep = savedRun(out);
  assert.equal(sweep.status, 'complete');
  assert.deepEqual(sweep.fleet, { redisUrl: redis.url, policy: 'spread' });
  assert.deepEqual(sweep.hosts!.map((h) => [h.name, h.slots]), [['hostA', 1], ['hostB', 1], ['hostC', 1]]);
  assert.deepEqual(sweep.points.map((p) => p.placement!.map(({ host, slots }) => ({ host, slots }))), [[{ host: 0, slots: 1 }], [{ host: 0, slots: 1 }, { host: 1, slots: 1 }], [{ host: 0, slots: 1 }, { host: 1, slots: 1 }, { host: 2, slots: 1 }]]);
  for (const p of sweep.points) {
    const t = p.tasks;
    assert.ok(t.host && t.receivedMs, 'fleet columns');
    assert.equal(t.index.length, 24, 'every input in both measured repeats (warm-up left out)');
    for (const r of [0, 1]) assert.deepEqual(t.index.filter((_, i) => t.repeat[i] === r).sort((a, b) => a - b), Array.from({ length: 12 }, (_, i) => i));
    // Slots are numbered across the fleet, and each lives on the host its placement says.
    assert.deepEqual([...new Set(t.host)].sort(), p.placement!.map((h) => h.host));
    assert.deepEqual([...new Set(t.worker)].sort(), Array.from({ length: p.workers }, (_, i) => i));
    for (let i = 0; i < t.index.length; i++) {
      assert.ok(t.receivedMs![i] >= t.endMs[i] - 1, 'a result is received after its task ended (coordinator clock, within 1 ms)');
    }
  }
});

test('a task that throws on one host is reported once per repeat, with its host', () => {
  for (const p of sweep.points) {
    const failed = sweep.failures.filter((f) => f.workers === p.workers);
    assert.deepEqual(failed.map((f) => [f.taskIndex, f.cause, f.repeat]), [[7, 'error', 0], [7, 'error', 1]]);
    for (const f of failed) {
      const row = p.tasks.index.findIndex((idx, i) => idx === 7 && p.tasks.repeat[i] === f.repeat);
      assert.equal(f.host, p.tasks.host![row], 'the host that ran it');
      assert.match(f.message, /input 7 is bad/);
      assert.match(f.location?.file ?? '', /sweep\.workload\.js$/, 'the stack mapped to the workload on the coordinator');
    }
  }
});

test('the clock offset of the skewed agent is estimated within its recorded uncertainty, and its tasks are on the coordinator\'s clock', () => {
  // The truth: on one machine, two processes' clocks differ by the difference of their clocks from the
  // shared monotonic one, which each agent logged (server/fleet/clock.ts clockMinusMonotonicMs). That
  // is the injected skew plus how far each process's epoch origin was read off as it started (up to
  // a few tenths of a ms under load), which the estimate must find too. Compared between agents (the
  // coordinator's own cancels): every estimate, each host's latest and each point's, within the sum
  // of the two recorded uncertainties, with no allowance beyond them.
  const monotonic = agents.slice(0, 3).map((a) => Number(/test clock: (-?[\d.]+) ms from the monotonic clock/.exec(a.out)?.[1]));
  assert.ok(monotonic.every(Number.isFinite), 'each agent logged its clock');
  const truth = (a: number, b: number): number => monotonic[b] - monotonic[a];
  assert.ok(Math.abs(truth(0, 1) - SKEW_MS) < 5, 'the skew is there');
  const within = (what: string, a: { clockOffsetMs?: number; clockUncertaintyMs?: number }, b: typeof a, ia: number, ib: number): void => {
    const est = b.clockOffsetMs! - a.clockOffsetMs!;
    // + the run file's rounding of the four figures to the µs.
    const bound = a.clockUncertaintyMs! + b.clockUncertaintyMs! + 0.002;
    assert.ok(Math.abs(est - truth(ia, ib)) <= bound, `${what}: host ${ib} − host ${ia} estimated ${est.toFixed(4)} ± ${bound.toFixed(4)} ms, truly ${truth(ia, ib).toFixed(4)} ms`);
  };
  const hosts = sweep.hosts!;
  for (const [a, b] of [[0, 1], [0, 2], [1, 2]]) within('latest', hosts[a], hosts[b], a, b);
  for (const p of sweep.points) {
    for (const e of p.placement!) assert.ok(e.clockOffsetMs !== undefined && e.clockUncertaintyMs !== undefined, 'each point records the offsets it used');
    for (const a of p.placement!) for (const b of p.placement!) if (a.host < b.host) within(`point ${p.workers}`, a, b, a.host, b.host);
  }
  const p = sweep.points.find((x) => x.workers === 2)!;
  for (let i = 0; i < p.tasks.index.length; i++) {
    if (p.tasks.host![i] !== 1) continue;
    const span = p.makespansMs[p.tasks.repeat[i]];
    assert.ok(p.tasks.startMs[i] >= -1 && p.tasks.endMs[i] <= span + 1, `hostB task at ${p.tasks.startMs[i]}..${p.tasks.endMs[i]} within its repeat's 0..${span} ms`);
  }
});

test('a worker count beyond the fleet\'s slots is exit 2 naming both numbers', async () => {
  const workload = writeSleepWorkload(dir, 'toomany', 4, 1);
  const run = startRun([workload, '--redis', redis.url, '--workers', '1,5', '--out', join(dir, 'toomany-runs')]);
  assert.equal(await run.exited, 2, run.out);
  assert.match(run.out, /--workers 5 needs 5 slots, but the fleet at redis:\/\/127\.0\.0\.1:\d+ has 3 \(hostA 1, hostB 1, hostC 1\)/);
});

/**
 * A one-slot agent `name` joins, a 4-worker run of `tasks` 100 ms tasks starts, and `afterMs` into
 * its repeat (with the agent running its tasks) the caller gets both to stop the agent.
 */
async function runWithAgentMidway(name: string, label: string, tasks: number, afterMs: number): Promise<{ agent: Proc; run: Proc; out: string }> {
  const agent = await startAgent(redis.url, name, 1);
  agents.push(agent);
  // The run needs all four slots: the three agents of the file and this one, no agent left over from an earlier test.
  await waitForAgents(redis.url, ['hostA', 'hostB', 'hostC', name]);
  const workload = writeSleepWorkload(dir, label, tasks, 100);
  const out = join(dir, `${label}-runs`);
  const run = startRun([workload, '--redis', redis.url, '--workers', '4', '--repeat', '1', '--warmup', '0', '--out', out]);
  try {
    await agent.waitFor(/run \S+ from/);
    await run.waitFor(/4 workers · repeat 1\/1/);
  } catch (e) {
    throw new Error(`${(e as Error).message}\nthe run's output:\n${run.out}`);
  }
  await new Promise((r) => setTimeout(r, afterMs));
  return { agent, run, out };
}

test('an agent killed mid-run: its tasks run again on another host, every input ends with a result, the loss is recorded with the host', async () => {
  const { agent: victim, run, out } = await runWithAgentMidway('hostD', 'kill', 40, 400);
  victim.kill('SIGKILL');
  assert.equal(await run.exited, 0, `a lost agent is not a failed task\n${run.out}`);
  const saved = savedRun(out);
  const p = saved.points[0];
  assert.deepEqual([...p.tasks.index].sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i), 'every input once, with its result');
  assert.ok(p.tasks.ok.every(Boolean));
  const d = saved.hosts!.findIndex((h) => h.name === 'hostD');
  const lost = saved.failures.filter((f) => f.cause === 'lost-worker');
  assert.ok(lost.length >= 1, JSON.stringify(saved.failures));
  for (const f of lost) {
    assert.equal(f.host, d);
    assert.ok(p.tasks.host![p.tasks.index.indexOf(f.taskIndex)] !== d, 'it ran again on another host');
  }
});

test('an agent stopped with Ctrl-C mid-run finishes its tasks in flight, then leaves; the run ends with every input', async () => {
  const { agent: leaving, run, out } = await runWithAgentMidway('hostE', 'leave', 30, 300);
  leaving.kill('SIGINT');
  assert.equal(await leaving.exited, 0, leaving.out);
  assert.match(leaving.out, /hostE: leaving: finishing the tasks in flight[\s\S]*hostE: left the fleet/);
  assert.equal(await run.exited, 0, run.out);
  const saved = savedRun(out);
  const p = saved.points[0];
  assert.deepEqual([...p.tasks.index].sort((a, b) => a - b), Array.from({ length: 30 }, (_, i) => i));
  assert.ok(p.tasks.ok.every(Boolean));
  const e = saved.hosts!.findIndex((h) => h.name === 'hostE');
  assert.ok(p.tasks.host!.includes(e), 'it ran tasks before it left');
});

test('an agent stopped with Ctrl-C leaves the fleet and exits 0', async () => {
  const a = agents[0];
  a.kill('SIGINT');
  assert.equal(await a.exited, 0);
  assert.match(a.out, /agent hostA: left the fleet/);
});

test('Redis stopped mid-run: exit 2 naming the URL, the run saved as interrupted with what was measured', async () => {
  const workload = writeSleepWorkload(dir, 'redis-lost', 10, 40);
  const out = join(dir, 'lost-runs');
  const run = startRun([workload, '--redis', redis.url, '--workers', '1,2', '--repeat', '10', '--warmup', '0', '--out', out]);
  await run.waitFor(/repeat 3\/10/, 60_000);
  await redis.stop('SIGKILL');
  assert.equal(await run.exited, 2, run.out);
  assert.match(run.out, new RegExp(`lost the connection to Redis at ${redis.url.replace(/[/.]/g, '\\$&')}.*saved \\(interrupted\\) in `));
  const saved = savedRun(out);
  assert.equal(saved.status, 'interrupted');
  assert.ok(saved.points.reduce((s, p) => s + p.makespansMs.length, 0) >= 2, 'the repeats measured before are kept');
});

test('with Redis gone, an agent stopped with Ctrl-C still leaves and exits', async () => {
  const b = agents[1];
  b.kill('SIGINT');
  const status = await Promise.race([b.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 30_000))]);
  assert.equal(status, 0, b.out);
});
