// Reads the fleet's agent registry for `scalescope/fleetStatus` through the fleet's own code
// (server/fleet/: the URL's parsing with REDIS_PASSWORD, a fail-fast client, the live agents' records).
// One short connection per look: a status bar must not hang on an unreachable Redis.
import { checkedRedis, within } from '../fleet/connection';
import { parseRedisUrl } from '../fleet/redisUrl';
import { liveAgents } from '../fleet/registry';
import type { FleetAgent } from './fleetStatus';

export const READ_TIMEOUT_MS = 2000;

export async function readFleetRegistry(redisUrl: string, timeoutMs = READ_TIMEOUT_MS): Promise<FleetAgent[]> {
  const target = parseRedisUrl(redisUrl);
  const redis = await checkedRedis(target, "read the fleet's agents from");
  try {
    const agents = await within(liveAgents(redis), timeoutMs);
    if (!agents) throw new Error(`Redis at ${target.display} did not list the fleet's agents within ${timeoutMs} ms`);
    return agents;
  } finally {
    redis.disconnect();
  }
}
