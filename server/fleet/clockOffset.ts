// NTP-style clock offset through Redis (docs/decisions/fleet.md "One clock"): each process reads
// Redis's TIME between two readings of its own clock, several times, and keeps the sample of the
// smallest round trip; its offset from Redis is the midpoint of that round trip minus the server's
// time, within ± half the round trip. An agent's offset from the coordinator is the difference of
// the two offsets from Redis, and the uncertainties add up, with a drift term: for the time between
// the two samples (DRIFT_MS_PER_S), and over a point, the change between its opening and closing
// estimates (overPoint).
import type { Redis } from 'ioredis';
import type { Clock } from './clock';

export interface ClockOffset {
  /** This clock minus Redis's, ms. */
  offsetMs: number;
  /** Half the smallest round trip (+ TIME's µs resolution), ms. */
  uncertaintyMs: number;
  /** This clock's reading at the sample (the round trip's midpoint); absent from agents before it was sent. */
  atMs?: number;
}

/** Round trips per estimate: the minimum of a dozen is rarely disturbed by a scheduling hiccup. */
export const CLOCK_SAMPLES = 12;

/**
 * How far two hosts' clocks may drift apart per second between two samples, ms: 500 ppm, the most
 * the Linux kernel's NTP discipline corrects a clock's rate by (MAXFREQ); a free-running crystal
 * drifts well under it (tens of ppm). Applied to the time between an agent's sample and the
 * coordinator's (a few ms at a point's opening: µs; up to the agents' 10 s re-estimate for a host
 * first seen in its registry record).
 */
export const DRIFT_MS_PER_S = 0.5;

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
    best = { offsetMs: (t0 + t1) / 2 - server, uncertaintyMs: rtt / 2 + 0.001, atMs: (t0 + t1) / 2 };
  }
  return best!;
}

/**
 * An agent's offset from the coordinator (agent clock − coordinator clock), from both offsets from
 * Redis; `atMs` on the coordinator's clock. Samples taken apart in time add DRIFT_MS_PER_S for the gap.
 */
export function relativeOffset(agent: ClockOffset, coordinator: ClockOffset): ClockOffset {
  const offsetMs = agent.offsetMs - coordinator.offsetMs;
  const gapMs = agent.atMs !== undefined && coordinator.atMs !== undefined ? Math.abs(coordinator.atMs - (agent.atMs - offsetMs)) : 0;
  return {
    offsetMs,
    uncertaintyMs: agent.uncertaintyMs + coordinator.uncertaintyMs + DRIFT_MS_PER_S * gapMs / 1000,
    ...(coordinator.atMs !== undefined ? { atMs: coordinator.atMs } : {}),
  };
}

/**
 * The uncertainty of a point's rows, converted with the offset estimated as it opened (`open`), once
 * it has closed (`close`, estimated again then): the clocks may have drifted apart (or one stepped)
 * in between, by what the two estimates differ. Assumes a steady drift over the point; each
 * estimate's own error enters once (each is a worst case, half a round trip).
 */
export function overPoint(open: ClockOffset, close: ClockOffset): number {
  return Math.max(open.uncertaintyMs, close.uncertaintyMs) + Math.abs(close.offsetMs - open.offsetMs);
}
