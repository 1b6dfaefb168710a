// The Redis a fleet runs through, from the --redis URL (docs/fleet.md "Security"): redis:// or
// rediss:// (TLS), the password from the URL or else REDIS_PASSWORD, and the URL as it may be shown
// and saved (password left out).
import type { RedisOptions } from 'ioredis';
import { FleetError } from './fleetError';

export interface RedisTarget {
  /** What messages and the run file show: the URL without its password. */
  display: string;
  options: RedisOptions;
}

export function parseRedisUrl(text: string, env: NodeJS.ProcessEnv = process.env): RedisTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new FleetError(`--redis: ${JSON.stringify(text)} is not a URL (expected redis://host:port or rediss://host:port)`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new FleetError(`--redis: ${JSON.stringify(url.protocol)} is not supported (expected redis:// or rediss:// for TLS)`);
  }
  const password = url.password ? decodeURIComponent(url.password) : env.REDIS_PASSWORD || undefined;
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new FleetError(`--redis: database ${JSON.stringify(url.pathname.slice(1))} is not a number`);
  const shown = new URL(url.href);
  shown.password = '';
  return {
    display: shown.href.replace(/\/$/, ''),
    options: {
      host: url.hostname || '127.0.0.1',
      port: url.port ? Number(url.port) : 6379,
      username,
      password,
      db,
      ...(url.protocol === 'rediss:' ? { tls: { servername: url.hostname } } : {}),
    },
  };
}
