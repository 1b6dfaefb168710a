// An agent's own recording of a point, as the local engine records its machine
// (server/engine/pointRunner.ts): around each measured repeat its pool threads' event-loop
// utilisation, GC, run-queue delay and wait sites (the engine's start-repeat/end-repeat controls),
// its cores (coreSampler.ts) and its machine's other load (machineProbe.ts); at the point's end each
// thread's CPU profile, its frames named in the coordinator's bundle so that its source map applies.
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import type { Redis } from 'ioredis';
import type { RawCpuProfile } from '../../common/cpuProfile';
import { CoreSampler } from '../engine/coreSampler';
import { DEFAULT_CORE_SAMPLE_MS } from '../engine/config';
import { MachineProbe, repeatMachine, type MachineSnapshot } from '../engine/machineProbe';
import type { PointPool } from '../engine/pool';
import type { Clock } from './clock';
import { PROFILE_TTL_MS, type HostProfilesWire, type HostRepeatWire } from './hostWire';
import { profileKey } from './keys';

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

export class HostRecorder {
  private readonly probe = new MachineProbe();
  private readonly sampler = new CoreSampler(DEFAULT_CORE_SAMPLE_MS);
  private before: MachineSnapshot | null = null;
  private startedAtMs = 0;

  /** `clock`: the agent's (its skew included); `bundlePath`: the agent's copy of the workload. */
  constructor(private readonly pool: PointPool, private readonly clock: Clock, private readonly bundlePath: string, private readonly coordinatorBundleUrl: string) {}

  async startRepeat(): Promise<void> {
    this.sampler.stop(0); // a repeat that was cancelled left it running
    // What the threads gathered before (warm-ups, an earlier repeat's tail: wait sites, GC) is not
    // this repeat's: the local engine ends every warm-up with end-repeat for the same reason.
    await this.pool.broadcast('end-repeat');
    await this.pool.broadcast('start-repeat');
    this.before = this.probe.snapshot();
    this.startedAtMs = this.clock();
    this.sampler.start(performance.timeOrigin + performance.now());
  }

  async endRepeat(repeat: number, order: number): Promise<HostRepeatWire> {
    const cores = this.sampler.stop(repeat);
    const after = this.probe.snapshot();
    const control = (await this.pool.broadcast('end-repeat')).map((c) => ({ ...c, profile: null, sites: c.sites.map((w) => ({ ...w, frames: w.frames.map((f) => this.inCoordinatorFrame(f)) })) }));
    const rq = control.length && control.every((c) => c.runQueueMs !== null) ? r3(control.reduce((s, c) => s + c.runQueueMs!, 0)) : null;
    const machine = repeatMachine(this.before ?? after, after, repeat, order, this.probe.source, rq);
    return { control, startedAtMs: this.startedAtMs, timesMs: cores.timesMs.map(r3), busy: cores.busy.map((b) => b.map(r3)), source: cores.source, machine };
  }

  /** Each thread's profile of the point into Redis (gzipped, once), and where to find it. */
  async shipProfiles(redis: Redis, queue: string): Promise<HostProfilesWire> {
    const out: HostProfilesWire['profiles'] = [];
    for (const c of await this.pool.broadcast('end-point')) {
      if (!c.profile) continue;
      const key = profileKey(queue, c.slot);
      await redis.set(key, gzipSync(JSON.stringify(this.inCoordinatorBundle(c.profile))), 'PX', PROFILE_TTL_MS);
      out.push({ slot: c.slot, key, profileUsMinusClockUs: Number(process.hrtime.bigint() / 1000n) - this.clock() * 1000 });
    }
    return { profiles: out };
  }

  close(): void {
    this.sampler.close();
    this.probe.close();
  }

  /** A V8 frame line with the agent's bundle named as the coordinator's (its source map then applies). */
  private inCoordinatorFrame(frame: string): string {
    return frame.split(pathToFileURL(this.bundlePath).href).join(this.coordinatorBundleUrl).split(this.bundlePath).join(this.coordinatorBundleUrl);
  }

  private inCoordinatorBundle(p: RawCpuProfile): RawCpuProfile {
    const own = pathToFileURL(this.bundlePath).href;
    return { ...p, nodes: p.nodes.map((n) => (n.callFrame.url === own || n.callFrame.url === this.bundlePath ? { ...n, callFrame: { ...n.callFrame, url: this.coordinatorBundleUrl } } : n)) };
  }
}
