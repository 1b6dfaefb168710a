// The editor's side of the fleet: settings scalescope.fleet / scalescope.redisUrl, the fleet's
// status (read from a real redis-server's agent registry), its status bar text, and the poller.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import type { FleetStatus } from '../../common/lsp';
import { effectiveOverrides, parseSettings } from '../../server/lsp/settings';
import { fleetStatus, shownRedisUrl } from '../../server/lsp/fleetStatus';
import { readFleetRegistry } from '../../server/lsp/fleetRegistry';
import { fleetStatusText } from '../../extension/fleetStatusText';
import { pollFleetStatus } from '../../extension/fleetStatusPoller';
import { freePort, startRedis, type RedisServer } from '../fixtures/redisServer';

/** An agent's registry record as the agents write it (server/fleet/registry.ts on the core's side). */
const record = (name: string, slots: number) => JSON.stringify({ name, slots, cpus: 8, cpuModel: 'Test CPU', node: 'v22.0.0', platform: 'linux', offsetMs: 0.1, uncertaintyMs: 0.05, pid: 1 });

let redis: RedisServer;
before(async () => { redis = await startRedis(); });
after(async () => { await redis.stop(); });

test('settings: the fleet is off by default; its URL is a setting, never a run option (it may hold a password)', () => {
  const off = parseSettings({}, () => assert.fail('no problem expected'));
  assert.equal(off.fleet, false);
  assert.equal(off.redisUrl, 'redis://127.0.0.1:6379');
  const on = parseSettings({ fleet: true, redisUrl: 'rediss://:secret@cache.example:6380/1' }, () => assert.fail('no problem expected'));
  assert.equal(on.fleet, true);
  assert.deepEqual(effectiveOverrides(on, { repeat: 2 }), { repeat: 2 }, 'the run config (saved in the run file) does not get the URL');
  const problems: string[] = [];
  const bad = parseSettings({ fleet: true, redisUrl: 'http://cache.example' }, (p) => problems.push(p));
  assert.equal(problems.length, 1);
  assert.match(problems[0], /^setting scalescope\.redisUrl ignored: .*redis:\/\/ or rediss:\/\//);
  assert.equal(bad.redisUrl, 'redis://127.0.0.1:6379', 'a bad URL falls back to the default');
});

test('settings: scalescope.fleetPlacement is spread unless set to pack; anything else is named and ignored', () => {
  assert.equal(parseSettings({}, () => assert.fail('no problem expected')).fleetPlacement, 'spread');
  const pack = parseSettings({ fleetPlacement: 'pack' }, () => assert.fail('no problem expected'));
  assert.equal(pack.fleetPlacement, 'pack');
  assert.deepEqual(effectiveOverrides(pack, {}), {}, 'not a run option: the run records it as fleet.policy');
  const problems: string[] = [];
  assert.equal(parseSettings({ fleetPlacement: 'round-robin' }, (p) => problems.push(p)).fleetPlacement, 'spread');
  assert.equal(problems.length, 1);
  assert.match(problems[0], /^setting scalescope\.fleetPlacement ignored: /);
});

test('the registry of a real Redis: live agents by name, expired and foreign records left out', async () => {
  const c = new Redis(redis.url);
  try {
    await c.set('scalescope:agent:beta', record('beta', 2), 'PX', 60_000);
    await c.set('scalescope:agent:alpha', record('alpha', 4), 'PX', 60_000);
    await c.set('scalescope:agent:gone', record('gone', 1), 'PX', 1);
    await c.set('scalescope:agent:junk', 'not json');
    await c.set('scalescope:bundle:abc', record('bundle', 9));
    await new Promise((r) => setTimeout(r, 20));
    const agents = await readFleetRegistry(redis.url);
    assert.deepEqual(agents.map((a) => [a.name, a.slots]), [['alpha', 4], ['beta', 2]]);
    const status = await fleetStatus({ fleet: true, redisUrl: redis.url }, (u) => readFleetRegistry(u));
    assert.equal(status.connected, true);
    assert.equal(status.slots, 6);
    assert.deepEqual(status.hosts[0], { name: 'alpha', slots: 4, cpus: 8, cpuModel: 'Test CPU' });
  } finally {
    await c.flushall();
    c.disconnect();
  }
});

test('a Redis that is not there: not connected, a message naming the URL without its password', async () => {
  const port = await freePort();
  const url = `redis://:hunter2@127.0.0.1:${port}`;
  const status = await fleetStatus({ fleet: true, redisUrl: url }, (u) => readFleetRegistry(u, 1000));
  assert.equal(status.connected, false);
  assert.equal(status.redisUrl, `redis://127.0.0.1:${port}`);
  assert.match(status.error!, new RegExp(`^cannot read the fleet's agents from Redis at redis://127\\.0\\.0\\.1:${port}: `));
  assert.ok(!JSON.stringify(status).includes('hunter2'));
  assert.equal(shownRedisUrl('redis://user:pw@h:1/2'), 'redis://user@h:1/2');
});

test('the fleet off: nothing read, nothing shown', async () => {
  const status = await fleetStatus({ fleet: false, redisUrl: redis.url }, () => assert.fail('the registry is not read when the fleet is off'));
  assert.deepEqual(status, { enabled: false, redisUrl: null, connected: false, hosts: [], slots: 0 });
  assert.equal(fleetStatusText(status), null);
});

test('status bar text: hosts and slots; no agents; no Redis', () => {
  const base: FleetStatus = { enabled: true, redisUrl: 'redis://10.0.0.5:6379', connected: true, hosts: [{ name: 'alpha', slots: 4, cpus: 8, cpuModel: 'Xeon' }, { name: 'beta', slots: 1, cpus: 2, cpuModel: 'Arm' }], slots: 5 };
  const t = fleetStatusText(base)!;
  assert.equal(t.text, '$(server) Fleet: 2 hosts · 5 slots');
  assert.match(t.tooltip, /alpha: 4 slots \(8 × Xeon\)\nbeta: 1 slot \(2 × Arm\)/);
  assert.equal(fleetStatusText({ ...base, hosts: [], slots: 0 })!.text, '$(server) Fleet: no agents');
  const down = fleetStatusText({ ...base, connected: false, hosts: [], slots: 0, error: 'cannot read the fleet at redis://10.0.0.5:6379: connect ECONNREFUSED' })!;
  assert.equal(down.text, '$(debug-disconnect) Fleet: no Redis');
  assert.match(down.tooltip, /ECONNREFUSED/);
});

test('the poller asks again while the fleet is on and stops once it is off, until refreshed', async () => {
  const answers: FleetStatus[] = [
    { enabled: true, redisUrl: 'redis://h:1', connected: true, hosts: [], slots: 0 },
    { enabled: false, redisUrl: null, connected: false, hosts: [], slots: 0 },
  ];
  let asked = 0;
  const shown: (FleetStatus | null)[] = [];
  let settle!: () => void;
  const second = new Promise<void>((r) => { settle = r; });
  const poller = pollFleetStatus(async () => answers[Math.min(asked++, answers.length - 1)], (s) => { shown.push(s); if (shown.length === 2) settle(); }, () => undefined, 1);
  poller.refresh();
  await second;
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(asked, 2, 'off: no further look until the settings change');
  assert.deepEqual(shown.map((s) => s?.enabled), [true, false]);
  poller.refresh();
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(asked, 3);
  poller.dispose();
});
