// A fleet on this machine for the fleet tier: agent processes of the built CLI (`node dist/cli.js
// agent`) with distinct names standing in for hosts, and coordinator runs; the redis-server is
// test/fixtures/redisServer.ts's (re-exported here).
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { liveAgents } from '../../server/fleet/registry';

export { startRedis, type RedisServer } from '../fixtures/redisServer';

export const CLI = resolve('dist/cli.js');

/** A child process whose output is kept, and a way to wait for a line of it. */
export class Proc {
  out = '';
  readonly exited: Promise<number | null>;
  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (d: Buffer) => { this.out += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { this.out += d.toString(); });
    this.exited = new Promise((ok) => child.on('exit', (code, signal) => ok(code ?? (signal ? 128 : null))));
  }
  get pid(): number { return this.child.pid!; }
  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!pattern.test(this.out)) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) throw new Error(`exited before ${pattern}:\n${this.out}`);
      if (Date.now() > until) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${this.out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.child.exitCode === null && this.child.signalCode === null) process.kill(this.pid, signal);
  }
}

export async function startAgent(url: string, name: string, slots: number, env: NodeJS.ProcessEnv = {}): Promise<Proc> {
  const p = new Proc(spawn(process.execPath, [CLI, 'agent', '--redis', url, '--name', name, '--slots', String(slots)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } }));
  await p.waitFor(/joined the fleet/);
  return p;
}

/**
 * Waits until the fleet's live agents are exactly `names` (an agent killed by an earlier test stays
 * listed until its heartbeat lapses, and a run placed then would count it).
 */
export async function waitForAgents(url: string, names: string[], timeoutMs = 15_000): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const want = [...names].sort().join(',');
    const until = Date.now() + timeoutMs;
    let seen = '';
    while ((seen = (await liveAgents(redis)).map((a) => a.name).sort().join(',')) !== want) {
      if (Date.now() > until) throw new Error(`the fleet lists ${seen || 'no agent'}, not ${want}, after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    redis.disconnect();
  }
}

export function startRun(args: string[]): Proc {
  return new Proc(spawn(process.execPath, [CLI, 'run', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } }));
}

/** Stops agents (Ctrl-C, then SIGKILL if they hang, e.g. with Redis gone). */
export async function stopAll(procs: Proc[]): Promise<void> {
  for (const p of procs) p.kill('SIGTERM');
  await Promise.all(procs.map(async (p) => {
    const t = setTimeout(() => p.kill('SIGKILL'), 5000);
    await p.exited;
    clearTimeout(t);
  }));
}
