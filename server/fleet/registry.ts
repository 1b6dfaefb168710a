// The fleet's agents: each keeps a record under its name that expires unless renewed (its
// heartbeat); the coordinator reads who is there. A record names the host and its clock's offset
// from Redis (clockOffset.ts), re-estimated now and then.
import { cpus, platform } from 'node:os';
import type { Redis } from 'ioredis';
import { AGENT_PATTERN, agentKey } from './keys';

export interface AgentRecord {
  name: string;
  slots: number;
  cpus: number;
  cpuModel: string;
  node: string;
  platform: string;
  /** The agent's clock minus Redis's, ms, and its uncertainty (clockOffset.ts). */
  offsetMs: number;
  uncertaintyMs: number;
  /** When the offset was estimated, on the agent's clock (absent from agents before it). */
  offsetAtMs?: number;
  pid: number;
}

/** Renewed this often; gone this long after the last renewal: a killed agent is missed within ~2 s. */
export const HEARTBEAT_MS = 500;
export const HEARTBEAT_TTL_MS = 2000;

export function agentRecord(name: string, slots: number, offset: { offsetMs: number; uncertaintyMs: number; atMs?: number }): AgentRecord {
  return { name, slots, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, platform: platform(), offsetMs: offset.offsetMs, uncertaintyMs: offset.uncertaintyMs, offsetAtMs: offset.atMs, pid: process.pid };
}

export async function publishAgent(redis: Redis, record: AgentRecord): Promise<void> {
  await redis.set(agentKey(record.name), JSON.stringify(record), 'PX', HEARTBEAT_TTL_MS);
}

export async function removeAgent(redis: Redis, name: string): Promise<void> {
  await redis.del(agentKey(name));
}

/** The agents there now, by name. */
export async function liveAgents(redis: Redis): Promise<AgentRecord[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', AGENT_PATTERN, 'COUNT', 200);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  if (!keys.length) return [];
  const values = await redis.mget(...keys);
  const out: AgentRecord[] = [];
  for (const v of values) {
    if (!v) continue;
    try { out.push(JSON.parse(v) as AgentRecord); } catch { /* a record being rewritten: seen at the next look */ }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
