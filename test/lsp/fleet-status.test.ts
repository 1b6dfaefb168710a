// LSP tier: scalescope/fleetStatus on the real `node dist/server.js --stdio`, reading the agent
// registry of a real redis-server: off by default, the hosts and slots once scalescope.fleet is on
// (read with the settings of the moment), and a message naming the URL once Redis is gone.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Redis } from 'ioredis';
import { FleetStatus, FleetStatusRequest } from '../../common/lsp';
import { startServer, type Harness } from './lspHarness';
import { startRedis, type RedisServer } from '../fixtures/redisServer';

const ws = mkdtempSync(path.join(tmpdir(), 'scalescope-lsp-fleet-'));
let redis: RedisServer;
let h: Harness;
let settings: Record<string, unknown>;

before(async () => {
  redis = await startRedis();
  const c = new Redis(redis.url);
  // Two agents as they register themselves (server/fleet/registry.ts on the core's side).
  for (const [name, slots] of [['alpha', 4], ['beta', 2]] as const) {
    await c.set(`scalescope:agent:${name}`, JSON.stringify({ name, slots, cpus: 8, cpuModel: 'Test CPU', node: 'v22.0.0', platform: 'linux', offsetMs: 0, uncertaintyMs: 0.05, pid: 1 }), 'PX', 600_000);
  }
  c.disconnect();
  settings = { workers: [1], repeat: 1, warmup: 0, redisUrl: redis.url };
  h = await startServer(ws, settings);
});

after(async () => {
  await h?.close();
  await redis?.stop();
  rmSync(ws, { recursive: true, force: true });
});

const ask = async (): Promise<FleetStatus> => FleetStatus.parse(await h.conn.sendRequest(FleetStatusRequest.method, {}));

void describe('the fleet status through the language server', () => {
  void test('off by default: nothing to show', async () => {
    const s = await ask();
    assert.deepEqual(s, { enabled: false, redisUrl: null, connected: false, hosts: [], slots: 0 });
  });

  void test('scalescope.fleet on: the registered agents, their slots in all', async () => {
    settings.fleet = true;
    const s = await ask();
    assert.equal(s.enabled, true);
    assert.equal(s.connected, true, s.error);
    assert.equal(s.redisUrl, redis.url);
    assert.deepEqual(s.hosts.map((x) => [x.name, x.slots]), [['alpha', 4], ['beta', 2]]);
    assert.equal(s.slots, 6);
  });

  void test('Redis gone: not connected, the message names the URL', async () => {
    await redis.stop();
    const s = await ask();
    assert.equal(s.connected, false);
    assert.ok(s.error?.startsWith(`cannot read the fleet at ${redis.url}: `), s.error);
    assert.equal(h.proc.exitCode, null, 'the server stays up');
  });
});
