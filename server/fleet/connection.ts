// Redis connections of a fleet process (ioredis, which BullMQ runs on). BullMQ's own connections
// take `bullConnection` options; `checkedRedis` is a plain client that fails fast, for the checks
// the coordinator makes itself (reachable at the start, alive during the run).
import { Redis, type RedisOptions } from 'ioredis';
import { FleetError } from './fleetError';
import type { RedisTarget } from './redisUrl';

/** Options for BullMQ's connections: reconnect (a blip is not a loss), never give up on a command. */
export function bullConnection(target: RedisTarget): RedisOptions {
  return { ...target.options, maxRetriesPerRequest: null, connectTimeout: 3000, retryStrategy: (times) => Math.min(200 * times, 1000) };
}

/**
 * A client whose commands fail at once while the connection is down (no offline queue), so a lost
 * Redis shows within one check; it reconnects in the background.
 */
export async function checkedRedis(target: RedisTarget, what = 'reach'): Promise<Redis> {
  const redis = new Redis({ ...target.options, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => 300 });
  redis.on('error', () => undefined); // reported by the failing command or connect(), not as an unhandled event
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    redis.disconnect();
    throw new FleetError(`cannot ${what} Redis at ${target.display}: ${(e as Error).message || String(e)}`);
  }
  return redis;
}

/** Resolves with `p`, or with undefined after `ms` (closing things while Redis is gone must not hang). */
export function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), ms); });
  return Promise.race([p.catch(() => undefined), late]).finally(() => clearTimeout(timer));
}
