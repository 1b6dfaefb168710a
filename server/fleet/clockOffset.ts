// NTP-style clock offset through Redis (docs/decisions/fleet.md "One clock"): each process reads
// Redis's TIME between two readings of its own clock, several times, and keeps the sample of the
// smallest round trip; its offset from Redis is the midpoint of that round trip minus the server's
// time, within ± half the round trip. An agent's offset from the coordinator is the difference of
// the two offsets from Redis, and the uncertainties add up.
import type { Redis } from 'ioredis';
import type { Clock } from './clock';

export interface ClockOffset {
  /** This clock minus Redis's, ms. */
  offsetMs: number;
  /** Half the smallest round trip (+ TIME's µs resolution), ms. */
  uncertaintyMs: number;
}

/** Round trips per estimate: the minimum of a dozen is rarely disturbed by a scheduling hiccup. */
export const CLOCK_SAMPLES = 12;

export async function offsetFromRedis(redis: Redis, clock: Clock, samples = CLOCK_SAMPLES): Promise<ClockOffset> {
  let best: ClockOffset | null = null;
  let bestRtt = Infinity;
  for (let i = 0; i < samples; i++) {
    const t0 = clock();
    const [sec, usec] = await redis.time();
    const t1 = clock();
    const rtt = t1 - t0;
    if (rtt >= bestRtt) continue;
    bestRtt = rtt;
    const server = Number(sec) * 1000 + Number(usec) / 1000;
    best = { offsetMs: (t0 + t1) / 2 - server, uncertaintyMs: rtt / 2 + 0.001 };
  }
  return best!;
}

/** An agent's offset from the coordinator (agent clock − coordinator clock), from both offsets from Redis. */
export function relativeOffset(agent: ClockOffset, coordinator: ClockOffset): ClockOffset {
  return { offsetMs: agent.offsetMs - coordinator.offsetMs, uncertaintyMs: agent.uncertaintyMs + coordinator.uncertaintyMs };
}
