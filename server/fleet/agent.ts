// `scalescope agent`: joins the fleet at a Redis, offers `slots` worker slots, and opens the points
// coordinators ask for on its control queue (agentPoint.ts) until stopped. Ctrl-C (SIGINT/SIGTERM)
// finishes the in-flight tasks and leaves; a second one hands them back at once (they stall and
// run elsewhere). See docs/fleet.md.
import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import { bullConnection, checkedRedis, within } from './connection';
import { CLOCK_SKEW_ENV, clockMinusMonotonicMs, clockSkewMs, processClock } from './clock';
import { offsetFromRedis } from './clockOffset';
import { fetchBundle } from './bundleShip';
import { controlQueue, QUEUE_PREFIX, runKey } from './keys';
import { agentRecord, HEARTBEAT_MS, publishAgent, removeAgent } from './registry';
import type { RedisTarget } from './redisUrl';
import { AgentPoint } from './agentPoint';
import type { ControlJob } from './wire';

export interface AgentOptions {
  target: RedisTarget;
  name: string;
  slots: number;
  log(line: string): void;
  /** Resolves when the agent should stop; `force` (a second Ctrl-C) hands in-flight tasks back. */
  stop: Promise<{ force: boolean }>;
  /** Resolves on a second stop request while the first is finishing. */
  forceStop: Promise<void>;
}

/** Clock offset re-estimated this often (a drifting clock stays within the recorded uncertainty). */
const CLOCK_EVERY_MS = 10_000;

export async function runAgent(o: AgentOptions): Promise<void> {
  const redis = await checkedRedis(o.target, 'join the fleet at');
  const skew = clockSkewMs();
  const clock = processClock(skew);
  let offset = await offsetFromRedis(redis, clock);
  const record = () => agentRecord(o.name, o.slots, offset);
  await publishAgent(redis, record());
  o.log(`agent ${o.name}: joined the fleet at ${o.target.display} with ${o.slots} slot${o.slots === 1 ? '' : 's'} (${hostname()}, pid ${process.pid}); clock offset from Redis ${offset.offsetMs.toFixed(3)} ± ${offset.uncertaintyMs.toFixed(3)} ms`);
  o.log(`agent ${o.name}: runs workload code sent by coordinators through ${o.target.display} only; anyone who can write to that Redis can run code here`);
  if (process.env[CLOCK_SKEW_ENV] !== undefined) o.log(`agent ${o.name}: test clock: ${clockMinusMonotonicMs(clock).toFixed(4)} ms from the monotonic clock`);
  let lastClock = Date.now();
  let lost = false;
  const beat = setInterval(() => {
    void (async () => {
      try {
        if (Date.now() - lastClock > CLOCK_EVERY_MS) { offset = await offsetFromRedis(redis, clock); lastClock = Date.now(); }
        await publishAgent(redis, record());
        // A coordinator that went (killed, its machine gone) never closes its points: close them here.
        for (const [queue, p] of points) {
          if (await redis.exists(runKey(p.open.runId))) continue;
          points.delete(queue);
          o.log(`agent ${o.name}: the coordinator of run ${p.open.runId} is gone; closing its point`);
          await p.close(true);
        }
        if (lost) { lost = false; o.log(`agent ${o.name}: Redis at ${o.target.display} is back`); }
      } catch (e) {
        if (!lost) o.log(`agent ${o.name}: cannot reach Redis at ${o.target.display} (${(e as Error).message}); retrying`);
        lost = true;
      }
    })();
  }, HEARTBEAT_MS);

  const points = new Map<string, AgentPoint>();
  const connection = bullConnection(o.target);
  const control = new Worker<ControlJob>(controlQueue(o.name), async (job: Job<ControlJob>) => {
    const c = job.data;
    // The host's own recording around a measured repeat, and its profiles once (hostRecorder.ts).
    if (c.kind === 'repeat' || c.kind === 'profiles') {
      const p = points.get(c.queue);
      if (!p) throw new Error(`no point ${c.queue} open here`);
      if (c.kind === 'profiles') return p.recorder.shipProfiles(redis, c.queue);
      if (c.op === 'start') { await p.recorder.startRepeat(); return { ok: true }; }
      return p.recorder.endRepeat(c.repeat, c.order);
    }
    if (c.kind === 'close') {
      const p = points.get(c.queue);
      points.delete(c.queue);
      await p?.close();
      // The clock's offset again as the point ends: the coordinator adds how far it moved since the opening to the point's uncertainty.
      offset = await offsetFromRedis(redis, clock);
      lastClock = Date.now();
      return { ok: true, ...offset };
    }
    o.log(`agent ${o.name}: run ${c.runId} from ${c.coordinator}: ${c.slots} of ${c.workers} slots (${c.base}..${c.base + c.slots - 1})`);
    const bundlePath = await fetchBundle(redis, c.bundleHash);
    const point = new AgentPoint(c, o.name, bundlePath, clock, skew);
    try {
      await point.start(connection);
    } catch (e) {
      await point.close(true);
      throw e;
    }
    await points.get(c.queue)?.close(true);
    points.set(c.queue, point);
    // The clock's offset now, so that the coordinator's, measured as it gets this answer, is simultaneous
    // with it (a VM's wall clock drifts against the monotonic one: estimates apart in time disagree).
    offset = await offsetFromRedis(redis, clock);
    lastClock = Date.now();
    return { ok: true, ...offset };
  }, { connection, prefix: QUEUE_PREFIX, concurrency: 4, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } });
  control.on('error', () => undefined);
  await control.waitUntilReady();

  const { force } = await o.stop;
  clearInterval(beat);
  await within(removeAgent(redis, o.name), 1000);
  if (!force) o.log(`agent ${o.name}: leaving: finishing the tasks in flight (Ctrl-C again to hand them back at once)`);
  const leave = async (hard: boolean): Promise<void> => {
    await control.close(hard).catch(() => undefined);
    await Promise.all([...points.values()].map((p) => p.close(hard)));
  };
  // With Redis gone there is nothing to finish or hand back, and BullMQ's close would wait for it forever.
  if (lost) await within(leave(true), 3000);
  else await Promise.race([leave(force), o.forceStop.then(() => within(leave(true), 3000))]);
  redis.disconnect();
  o.log(`agent ${o.name}: left the fleet`);
}
