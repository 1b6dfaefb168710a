// Reads the fleet's agent registry at a Redis for `scalescope/fleetStatus`: one JSON record per live
// agent under `scalescope:agent:<name>`, expiring unless its heartbeat renews it (the layout the
// agents write: server/fleet/registry.ts and keys.ts on the core's side). One short connection per
// look, given up after READ_TIMEOUT_MS: a status bar must not hang on an unreachable Redis.
import { Redis } from 'ioredis';
import type { FleetAgent } from './fleetStatus';

export const AGENT_KEY_PATTERN = 'scalescope:agent:*';
export const READ_TIMEOUT_MS = 2000;

function isAgent(x: unknown): x is FleetAgent {
  const a = x as Partial<FleetAgent> | null;
  return !!a && typeof a.name === 'string' && Number.isInteger(a.slots) && Number.isInteger(a.cpus) && typeof a.cpuModel === 'string';
}

export async function readFleetRegistry(redisUrl: string, timeoutMs = READ_TIMEOUT_MS, env: NodeJS.ProcessEnv = process.env): Promise<FleetAgent[]> {
  const hasPassword = (() => { try { return new URL(redisUrl).password !== ''; } catch { return false; } })();
  const redis = new Redis(redisUrl, {
    lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null,
    ...(hasPassword || !env.REDIS_PASSWORD ? {} : { password: env.REDIS_PASSWORD }),
  });
  redis.on('error', () => undefined); // the failed command says what went wrong
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs); });
  try {
    return await Promise.race([read(redis), timeout]);
  } finally {
    clearTimeout(timer);
    redis.disconnect();
  }
}

async function read(redis: Redis): Promise<FleetAgent[]> {
  await redis.connect();
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', AGENT_KEY_PATTERN, 'COUNT', 200);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  if (!keys.length) return [];
  const out: FleetAgent[] = [];
  for (const v of await redis.mget(...keys)) {
    if (!v) continue; // expired between SCAN and MGET
    try {
      const a: unknown = JSON.parse(v);
      if (isAgent(a)) out.push(a);
    } catch { /* not a record of ours */ }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
