// The fleet's pure parts (server/fleet/): placement policies, the --redis URL and its password, and
// the clock-offset arithmetic (the real round trips through Redis are tested in test/fleet/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { place } from '../../server/fleet/placement';
import { parseRedisUrl } from '../../server/fleet/redisUrl';
import { FleetError } from '../../server/fleet/fleetError';
import { DRIFT_MS_PER_S, offsetFromRedis, overPoint, relativeOffset } from '../../server/fleet/clockOffset';
import type { Redis } from 'ioredis';

test('spread deals slots round-robin over the hosts; pack fills each host first; too few slots is null', () => {
  assert.deepEqual(place(2, [2, 2, 2], 'spread'), [{ host: 0, slots: 1 }, { host: 1, slots: 1 }]);
  assert.deepEqual(place(5, [2, 2, 2], 'spread'), [{ host: 0, slots: 2 }, { host: 1, slots: 2 }, { host: 2, slots: 1 }]);
  assert.deepEqual(place(4, [1, 4, 2], 'spread'), [{ host: 0, slots: 1 }, { host: 1, slots: 2 }, { host: 2, slots: 1 }]);
  assert.deepEqual(place(2, [4, 4], 'pack'), [{ host: 0, slots: 2 }]);
  assert.deepEqual(place(6, [4, 4], 'pack'), [{ host: 0, slots: 4 }, { host: 1, slots: 2 }]);
  assert.equal(place(9, [4, 4], 'pack'), null);
  assert.equal(place(1, [], 'spread'), null);
  for (const policy of ['spread', 'pack'] as const) {
    for (let w = 1; w <= 7; w++) assert.equal(place(w, [3, 1, 3], policy)!.reduce((s, p) => s + p.slots, 0), w, `${policy} ${w}`);
  }
});

test('the --redis URL: redis:// and rediss:// (TLS), password from the URL or REDIS_PASSWORD, never shown', () => {
  const plain = parseRedisUrl('redis://queue.internal:6380/2', {});
  assert.equal(plain.display, 'redis://queue.internal:6380/2');
  assert.deepEqual([plain.options.host, plain.options.port, plain.options.db, plain.options.password, plain.options.tls], ['queue.internal', 6380, 2, undefined, undefined]);
  const secret = parseRedisUrl('rediss://app:s%40cret@queue.internal', { REDIS_PASSWORD: 'other' });
  assert.equal(secret.options.password, 's@cret', 'the URL\'s password wins');
  assert.equal(secret.options.username, 'app');
  assert.deepEqual(secret.options.tls, { servername: 'queue.internal' });
  assert.equal(secret.options.port, 6379);
  assert.ok(!secret.display.includes('cret'), secret.display);
  assert.equal(parseRedisUrl('redis://h:1', { REDIS_PASSWORD: 'fromenv' }).options.password, 'fromenv');
  assert.throws(() => parseRedisUrl('http://h:1', {}), (e: unknown) => e instanceof FleetError && /"http:" is not supported/.test(e.message));
  assert.throws(() => parseRedisUrl('not a url', {}), /is not a URL/);
  assert.throws(() => parseRedisUrl('redis://h/x', {}), /database "x"/);
});

test('the clock offset keeps the sample of the shortest round trip and its half as the uncertainty', async () => {
  // A server 1000 ms behind this clock; round trips of 8, 2 and 5 ms, the reply read at 1/4 of the way.
  const trips = [8, 2, 5];
  let now = 50_000;
  let k = 0;
  const clock = (): number => now;
  const redis = {
    time: async (): Promise<[string, string]> => {
      const rtt = trips[k++ % trips.length];
      const server = now + rtt / 4 - 1000;
      now += rtt;
      return [String(Math.floor(server / 1000)), String(Math.round((server % 1000) * 1000))];
    },
  } as unknown as Redis;
  const o = await offsetFromRedis(redis, clock, 3);
  // Midpoint of the 2 ms trip minus the server's reading: 1000 + (1 − 0.5) ms, within ± 1 ms.
  assert.ok(Math.abs(o.offsetMs - 1000.5) < 1e-6, String(o.offsetMs));
  assert.ok(Math.abs(o.uncertaintyMs - 1.001) < 1e-9, String(o.uncertaintyMs));
  assert.ok(Math.abs(o.offsetMs - 1000) <= o.uncertaintyMs, 'the truth is within the bound');
  assert.deepEqual(relativeOffset({ offsetMs: 3000.2, uncertaintyMs: 0.1 }, { offsetMs: 0.2, uncertaintyMs: 0.05 }), { offsetMs: 3000, uncertaintyMs: 0.15000000000000002 });
  assert.equal(o.atMs, 50_000 + 8 + 1, 'the sample\'s time on this clock: the middle of the 2 ms trip');
});

test('drift in the clock uncertainty: per second between the two samples, and how far the offset moved over a point', () => {
  // The agent (3 s ahead) sampled 4 s before the coordinator, as a registry record may be old.
  const rel = relativeOffset({ offsetMs: 3000.2, uncertaintyMs: 0.1, atMs: 3000 + 10_000 }, { offsetMs: 0.2, uncertaintyMs: 0.05, atMs: 14_000 });
  assert.equal(rel.offsetMs, 3000);
  assert.ok(Math.abs(rel.uncertaintyMs - (0.15 + 4 * DRIFT_MS_PER_S)) < 1e-9, String(rel.uncertaintyMs));
  // Taken together (a point's opening): nothing added.
  assert.ok(Math.abs(relativeOffset({ offsetMs: 3000.2, uncertaintyMs: 0.1, atMs: 13_000 }, { offsetMs: 0.2, uncertaintyMs: 0.05, atMs: 10_000 }).uncertaintyMs - 0.15) < 1e-9);
  // Over a point: the larger of the two estimates' uncertainties and how far the offset moved in between.
  assert.ok(Math.abs(overPoint({ offsetMs: 3000, uncertaintyMs: 0.15 }, { offsetMs: 3000.4, uncertaintyMs: 0.12 }) - 0.55) < 1e-9);
  assert.equal(overPoint({ offsetMs: 3000, uncertaintyMs: 0.15 }, { offsetMs: 3000, uncertaintyMs: 0.2 }), 0.2);
});
