// An agent that joins mid-sweep is used from the next point (docs/fleet.md "Placement"): a fleet run
// measures its counts one after another, each placed over the agents there when it opens. The
// workload holds the second point's opening (its shared()) until the test has started the joiner.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunFile } from '../../common/runFile';
import { startAgent, startRedis, startRun, stopAll, type Proc, type RedisServer } from './fleetHarness';
import { workloadDir, writeGatedWorkload } from './fixtures';

let redis: RedisServer;
const agents: Proc[] = [];

before(async () => {
  redis = await startRedis();
});

after(async () => {
  await stopAll(agents);
  await redis?.stop();
});

test('an agent that joins after the first point runs tasks in the next one, and its join is recorded', async () => {
  agents.push(await startAgent(redis.url, 'early', 2));
  const dir = workloadDir();
  const gate = join(dir, 'gate');
  mkdirSync(gate);
  const workload = writeGatedWorkload(dir, 'join', 16, 5, gate, 2);
  const out = join(dir, 'runs');
  // No --plan: the fleet's default must let the joiner in (a blocks plan would open both points first).
  const run = startRun([workload, '--redis', redis.url, '--workers', '1,2', '--repeat', '2', '--warmup', '0', '--out', out]);
  const until = Date.now() + 60_000;
  while (!existsSync(join(gate, 'waiting'))) {
    assert.ok(run.child.exitCode === null && Date.now() < until, `the second point never opened:\n${run.out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  // The first point has run (its repeats before the second opens): the joiner comes now.
  agents.push(await startAgent(redis.url, 'late', 1));
  writeFileSync(join(gate, 'go'), '');
  assert.equal(await run.exited, 0, run.out);
  const files = readdirSync(out).filter((f) => f.endsWith('.json'));
  const saved = parseRunFile(readFileSync(join(out, files[0]), 'utf8'), files[0]);
  assert.equal(saved.config.plan?.kind, 'sequential');
  const late = saved.hosts!.findIndex((h) => h.name === 'late');
  assert.ok(late > 0, `the joiner is a host of the run: ${JSON.stringify(saved.hosts)}`);
  assert.equal(saved.hosts![0].joinedAtMs, undefined, 'there from the start');
  assert.ok(typeof saved.hosts![late].joinedAtMs === 'number' && saved.hosts![late].joinedAtMs! > 0, 'its join is recorded');
  const [one, two] = saved.points;
  assert.equal(one.workers, 1);
  assert.ok(!one.tasks.host!.includes(late), 'not there for the first point');
  assert.deepEqual(two.placement!.map((p) => [p.host, p.slots]), [[0, 1], [late, 1]], 'spread: one slot on each');
  assert.ok(two.tasks.host!.includes(late), 'it ran tasks of the point after it joined');
});
