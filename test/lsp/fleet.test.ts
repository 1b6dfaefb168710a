// LSP tier: the fleet from the editor, on the real `node dist/server.js --stdio` and a real
// redis-server: scalescope/fleetStatus off by default, the registered agents' hosts and slots once
// scalescope.fleet is on (read with the settings of the moment), a run from the editor swept on a real
// `scalescope agent` (the run file names its host, the URL without its password), its placement
// policy from scalescope.fleetPlacement (two real agents), and a message
// naming the URL once Redis is gone.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Redis } from 'ioredis';
import { FleetStatus, FleetStatusRequest, StartRunRequest, type StartRunResult } from '../../common/lsp';
import { parseRunFile } from '../../common/runFile';
import { startServer, type Harness } from './lspHarness';
import { startRedis, type RedisServer } from '../fixtures/redisServer';

const ws = mkdtempSync(path.join(tmpdir(), 'scalescope-lsp-fleet-'));
let redis: RedisServer;
let h: Harness;
let settings: Record<string, unknown>;
let agent: ChildProcess | null = null;
const workload = path.join(ws, 'sum.workload.js');

before(async () => {
  redis = await startRedis();
  const c = new Redis(redis.url);
  // Two agents as they register themselves (server/fleet/registry.ts on the core's side).
  for (const [name, slots] of [['alpha', 4], ['beta', 2]] as const) {
    await c.set(`scalescope:agent:${name}`, JSON.stringify({ name, slots, cpus: 8, cpuModel: 'Test CPU', node: 'v22.0.0', platform: 'linux', offsetMs: 0, uncertaintyMs: 0.05, pid: 1 }), 'PX', 600_000);
  }
  c.disconnect();
  writeFileSync(workload, [
    'export function tasks() { return Array.from({ length: 24 }, (_, i) => i); }',
    'export default function task(n) { let s = 0; for (let i = 0; i < 20000 * (n + 1); i++) s += i % 7; return s; }',
    '',
  ].join('\n'));
  settings = { workers: [1, 2], repeat: 1, warmup: 0, redisUrl: redis.url };
  h = await startServer(ws, settings);
});

after(async () => {
  if (agent?.pid && agent.exitCode === null) {
    const gone = new Promise((r) => agent!.once('exit', r));
    process.kill(agent.pid, 'SIGKILL');
    await gone;
  }
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

  void test('a run from the editor goes to the fleet: swept on a real agent, whose host the run file names', async () => {
    agent = spawn(process.execPath, [path.resolve('dist/cli.js'), 'agent', '--redis', redis.url, '--slots', '2', '--name', 'editor-agent', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    agent.stdout!.on('data', (d: Buffer) => { log += d.toString(); });
    agent.stderr!.on('data', (d: Buffer) => { log += d.toString(); });
    // Registered: the status lists it.
    for (let i = 0; i < 100 && !(await ask()).hosts.some((x) => x.name === 'editor-agent'); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok((await ask()).hosts.some((x) => x.name === 'editor-agent'), `the agent did not register:\n${log}`);
    // The seeded agents of the test before are records only, with no process behind them: gone, so that placement uses the live one.
    const c = new Redis(redis.url);
    await c.del('scalescope:agent:alpha', 'scalescope:agent:beta');
    c.disconnect();
    const result: StartRunResult = await h.conn.sendRequest(StartRunRequest.method, { workload: pathToFileURL(workload).href });
    assert.equal(result.run.status, 'complete', log);
    const run = parseRunFile(readFileSync(result.run.file, 'utf8'), result.run.file);
    assert.deepEqual(run.hosts?.map((x) => x.name), ['editor-agent']);
    assert.equal(run.fleet?.redisUrl, redis.url);
    assert.equal((run.config as Record<string, unknown>).redis, undefined, 'the URL is not a run option: the config does not hold it');
    for (const p of run.points) assert.ok(p.tasks.host?.every((x) => x === 0), `workers ${p.workers}: every task on the agent`);
    assert.ok(run.analysis?.fleet?.points.length === 2, 'the analysis has the per-host rows');
  });

  void test('scalescope.fleetPlacement pack: the editor\'s run fills the first host before the next, and records the policy', async () => {
    const second = spawn(process.execPath, [path.resolve('dist/cli.js'), 'agent', '--redis', redis.url, '--slots', '2', '--name', 'editor-agent-2', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      for (let i = 0; i < 100 && (await ask()).hosts.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual((await ask()).hosts.map((x) => x.name), ['editor-agent', 'editor-agent-2']);
      settings.fleetPlacement = 'pack';
      const packed: StartRunResult = await h.conn.sendRequest(StartRunRequest.method, { workload: pathToFileURL(workload).href });
      assert.equal(packed.run.status, 'complete');
      const run = parseRunFile(readFileSync(packed.run.file, 'utf8'), packed.run.file);
      assert.equal(run.fleet?.policy, 'pack');
      assert.deepEqual(run.points.map((p) => p.placement!.map((x) => [x.host, x.slots])), [[[0, 1]], [[0, 2]]], 'pack: 2 workers on the first host\'s 2 slots');
      // Unset again: spread, the default (one slot on each host at 2 workers).
      delete settings.fleetPlacement;
      const spread: StartRunResult = await h.conn.sendRequest(StartRunRequest.method, { workload: pathToFileURL(workload).href });
      const run2 = parseRunFile(readFileSync(spread.run.file, 'utf8'), spread.run.file);
      assert.equal(run2.fleet?.policy, 'spread');
      assert.deepEqual(run2.points[1].placement!.map((x) => [x.host, x.slots]), [[0, 1], [1, 1]]);
    } finally {
      const gone = new Promise((r) => second.once('exit', r));
      second.kill('SIGKILL');
      await gone;
    }
  });

  void test('Redis gone: not connected, the message names the URL', async () => {
    await redis.stop();
    const s = await ask();
    assert.equal(s.connected, false);
    assert.ok(s.error?.startsWith(`cannot read the fleet's agents from Redis at ${redis.url}: `), s.error);
    assert.equal(h.proc.exitCode, null, 'the server stays up');
  });
});
