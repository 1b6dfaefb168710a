// The coordinator's side of a fleet (`scalescope run --redis`): the Redis checked at the start and
// watched through the run, the agents there (hosts, their slots and clock offsets), the workload
// shipped once, and each point placed over the hosts there when it opens (placement.ts), so an
// agent that joins mid-sweep is used from the next point. Implements server/engine/remote.ts.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { FleetHost } from '../../common/runFile';
import type { RemotePoint, RemotePointRequest, RemoteWorkers } from '../engine/remote';
import { shipBundle } from './bundleShip';
import { processClock } from './clock';
import { offsetFromRedis, relativeOffset, type ClockOffset } from './clockOffset';
import { bullConnection, checkedRedis, within } from './connection';
import { FleetError } from './fleetError';
import { openFleetPoint, type PointFleet } from './fleetPoint';
import { controlQueue, pointQueue, QUEUE_PREFIX, RUN_TTL_MS, runKey } from './keys';
import { place, type PlacementPolicy } from './placement';
import type { RedisTarget } from './redisUrl';
import { liveAgents, type AgentRecord } from './registry';
import { encodeValue, type ControlJob } from './wire';

/** How often the coordinator checks Redis and the agents' heartbeats. */
const WATCH_MS = 500;
/** Redis is lost after this many failed checks in a row (~1.5 s). */
const LOST_AFTER = 3;

export class Fleet implements RemoteWorkers {
  readonly hosts: FleetHost[] = [];
  private live = new Map<string, AgentRecord>();
  private lost: FleetError | null = null;
  private failedChecks = 0;
  private readonly listeners = new Set<() => void>();
  private readonly controls = new Map<string, Promise<{ queue: Queue<ControlJob>; events: QueueEvents }>>();
  private readonly runId = randomUUID().slice(0, 8);
  private readonly clock = processClock(0);
  private readonly startedAt = this.clock();
  private readonly connection;
  private bundle: { path: string; hash: string } | null = null;
  private watch: NodeJS.Timeout | null = null;

  private constructor(readonly target: RedisTarget, readonly policy: PlacementPolicy, private readonly redis: Redis, private offset: ClockOffset) {
    this.connection = bullConnection(target);
  }

  /** Connects (exit 2 naming the URL if Redis cannot be reached) and reads who is there. */
  static async connect(target: RedisTarget, policy: PlacementPolicy): Promise<Fleet> {
    const redis = await checkedRedis(target);
    const fleet = new Fleet(target, policy, redis, await offsetFromRedis(redis, processClock(0)));
    await fleet.look();
    for (const a of fleet.live.values()) fleet.addHost(a, false);
    // Their control queues now, not on the first point's path (each is a queue and an event stream to set up).
    await Promise.all([...fleet.live.keys()].map((name) => fleet.pointFleet().control(name)));
    fleet.watch = setInterval(() => void fleet.look().catch(() => undefined), WATCH_MS);
    return fleet;
  }

  /** Slots of the agents there now, and who they are (for messages). */
  slots(): { total: number; detail: string } {
    const agents = [...this.live.values()];
    return { total: agents.reduce((s, a) => s + a.slots, 0), detail: agents.map((a) => `${a.name} ${a.slots}`).join(', ') || 'no agents' };
  }

  totalSlots(): number {
    return this.slots().total;
  }

  describe(): { fleet: { redisUrl: string; policy: PlacementPolicy }; hosts: FleetHost[] } {
    return { fleet: { redisUrl: this.target.display, policy: this.policy }, hosts: this.hosts.map((h) => ({ ...h })) };
  }

  async openPoint(req: RemotePointRequest): Promise<RemotePoint> {
    if (this.lost) throw this.lost;
    if (!req.bundlePath) throw new FleetError('a fleet run needs the workload bundled (esbuild), so that it can be shipped to the agents');
    // Who is there now (not as of the last watch, up to WATCH_MS ago): hosts that joined since the
    // last point are used from this one.
    await this.look();
    if (this.lost) throw this.lost;
    for (const a of this.live.values()) if (this.indexOf(a.name) < 0) this.addHost(a, true);
    const hosts = this.hosts.map((h, i) => ({ i, h })).filter(({ h }) => this.live.has(h.name));
    const placed = place(req.workers, hosts.map(({ h }) => this.live.get(h.name)!.slots), this.policy);
    if (!placed) {
      const { total, detail } = this.slots();
      throw new FleetError(`${req.workers} workers need ${req.workers} slots, but the fleet at ${this.target.display} has ${total} (${detail})`);
    }
    const placement = placed.map((p) => ({ host: hosts[p.host].i, slots: p.slots }));
    if (this.bundle?.path !== req.bundlePath) this.bundle = { path: req.bundlePath, hash: await shipBundle(this.redis, req.bundlePath) };
    let shared: string;
    try {
      shared = encodeValue(req.shared);
    } catch (e) {
      throw new FleetError(`shared() returned a value that cannot be sent to other hosts (${(e as Error).message}); SharedArrayBuffers are shared only within one machine`);
    }
    return openFleetPoint(this.pointFleet(), {
      runId: this.runId, workers: req.workers, bundleHash: this.bundle.hash, coordinatorBundleUrl: pathToFileURL(req.bundlePath).href, shared,
      heapLimitMb: req.heapLimitMb, timeoutMs: req.timeoutMs, coordinator: `${hostname()} pid ${process.pid}`, cpuProfileIntervalUs: req.cpuProfileIntervalUs ?? null,
    }, pointQueue(this.runId, req.workers), placement);
  }

  async close(): Promise<void> {
    if (this.watch) clearInterval(this.watch);
    if (!this.lost) await within(this.redis.del(runKey(this.runId)), 1000);
    for (const c of this.controls.values()) {
      const { queue, events } = await c;
      await within(events.close(), 1000);
      await within(queue.close(), 1000);
    }
    this.redis.disconnect();
  }

  private pointFleet(): PointFleet {
    return {
      connection: this.connection,
      clock: this.clock,
      redis: this.redis,
      hostIndex: (name) => this.indexOf(name),
      hostName: (h) => this.hosts[h]?.name ?? `host ${h}`,
      offsetOf: (h) => this.hosts[h]?.clockOffsetMs ?? 0,
      estimateOffset: async (h, agent) => {
        this.offset = await offsetFromRedis(this.redis, this.clock);
        const rel = relativeOffset(agent, this.offset);
        const host = this.hosts[h];
        if (host) { host.clockOffsetMs = round3(rel.offsetMs); host.clockUncertaintyMs = round3(rel.uncertaintyMs); }
        return { offsetMs: round3(rel.offsetMs), uncertaintyMs: round3(rel.uncertaintyMs) };
      },
      alive: (h) => this.live.has(this.hosts[h]?.name ?? ''),
      failure: () => this.lost,
      onChange: (l) => { this.listeners.add(l); return () => this.listeners.delete(l); },
      guard: (p) => this.guard(p),
      control: (name) => {
        let c = this.controls.get(name);
        if (!c) {
          c = (async () => {
            const queue = new Queue<ControlJob>(controlQueue(name), { connection: this.connection, prefix: QUEUE_PREFIX });
            queue.on('error', () => undefined);
            const events = new QueueEvents(controlQueue(name), { connection: this.connection, prefix: QUEUE_PREFIX });
            events.on('error', () => undefined);
            await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
            return { queue, events };
          })();
          this.controls.set(name, c);
        }
        return c;
      },
    };
  }

  private guard<T>(p: Promise<T>): Promise<T> {
    if (this.lost) return Promise.reject(this.lost);
    return new Promise<T>((resolve, reject) => {
      const onLost = (): void => { if (this.lost) { this.listeners.delete(onLost); reject(this.lost); } };
      this.listeners.add(onLost);
      p.then((v) => { this.listeners.delete(onLost); resolve(v); }, (e: unknown) => { this.listeners.delete(onLost); reject(e); });
    });
  }

  private indexOf(name: string): number {
    return this.hosts.findIndex((h) => h.name === name);
  }

  private addHost(a: AgentRecord, joined: boolean): void {
    // The record's estimate may be up to the agents' re-estimate interval old: relativeOffset adds the drift over that.
    const rel = relativeOffset({ offsetMs: a.offsetMs, uncertaintyMs: a.uncertaintyMs, atMs: a.offsetAtMs }, this.offset);
    this.hosts.push({
      name: a.name, cpus: a.cpus, slots: a.slots, cpuModel: a.cpuModel, node: a.node, platform: a.platform,
      clockOffsetMs: round3(rel.offsetMs), clockUncertaintyMs: round3(rel.uncertaintyMs),
      ...(joined ? { joinedAtMs: round3(this.clock() - this.startedAt) } : {}),
    });
  }

  /** One check: Redis answers (else, a few in a row, the fleet is lost), and who is there. */
  private async look(): Promise<void> {
    let changed = false;
    try {
      await this.redis.set(runKey(this.runId), String(process.pid), 'PX', RUN_TTL_MS);
      const agents = await liveAgents(this.redis);
      this.failedChecks = 0;
      const before = this.live;
      this.live = new Map(agents.map((a) => [a.name, a]));
      changed = [...before.keys()].some((k) => !this.live.has(k));
    } catch (e) {
      if (++this.failedChecks >= LOST_AFTER && !this.lost) {
        const why = /writeable|ECONNREFUSED|ECONNRESET|closed/i.test((e as Error).message) ? 'connection closed' : (e as Error).message;
        this.lost = new FleetError(`lost the connection to Redis at ${this.target.display} (${why}; no answer for ${(LOST_AFTER * WATCH_MS / 1000).toFixed(1)} s)`);
        changed = true;
      }
    }
    if (changed) for (const l of [...this.listeners]) l();
  }
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
