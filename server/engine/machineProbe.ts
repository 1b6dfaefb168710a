// What the machine did beside the run during one repeat: CPU used by every process (/proc/stat on
// Linux, os.cpus() times elsewhere) minus the run's own process tree (process.cpuUsage(), which
// covers the engine and all its worker threads), the dispatcher thread's run-queue delay, and the
// CPU frequency where /sys exposes it. docs/decisions/noise.md explains the use and the limits.
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { RepeatMachine } from '../../common/runFile';

/** /proc/stat counts in USER_HZ ticks; 100 on every Linux Node runs on. */
const TICK_MS = 10;

export interface MachineSnapshot {
  atMs: number;
  /** CPU ms used by all processes since boot, or null. */
  systemCpuMs: number | null;
  /** CPU ms used by this process (all threads) since it started. */
  ownCpuMs: number;
  /** CPU ms of the child processes the run counts as its own (recorded programs), since they started. */
  childCpuMs: number;
  /** Run-queue delay of the calling (dispatcher) thread since it started, ns; NaN unmeasured. */
  dispatcherRunQueueNs: number;
  /** Mean of the cores' current frequencies in MHz, or NaN. */
  mhz: number;
}

function tryOpen(path: string): number | null {
  try { return openSync(path, 'r'); } catch { return null; }
}

function readText(fd: number, buf: Buffer): string {
  const n = readSync(fd, buf, 0, buf.length, 0);
  return buf.toString('latin1', 0, n);
}

/** Busy CPU ms of the whole machine from /proc/stat's first line (all CPUs): all but idle and iowait. */
export function parseProcStatBusyMs(text: string): number | null {
  const line = text.slice(0, text.indexOf('\n'));
  if (!line.startsWith('cpu ')) return null;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user and nice)
  if (v.length < 4 || v.some((x) => !Number.isFinite(x))) return null;
  const busy = v[0] + v[1] + v[2] + (v[5] || 0) + (v[6] || 0) + (v[7] || 0);
  return busy * TICK_MS;
}

function osCpusBusyMs(): number {
  let busy = 0;
  for (const c of cpus()) busy += c.times.user + c.times.nice + c.times.sys + c.times.irq;
  return busy;
}

/** Reads the machine's counters; open once per sweep, close at the end. */
export class MachineProbe {
  private readonly statFd: number | null;
  private readonly schedFd = tryOpen('/proc/thread-self/schedstat');
  private readonly freqFds: number[];
  private readonly buf = Buffer.alloc(16 * 1024);
  /** CPU ms of processes the run started (a recorded program's tree), added to its own. */
  childCpuMs: () => number = () => 0;

  /** `portable`: use os.cpus() as on macOS and Windows even where /proc exists (tests). */
  constructor(opts: { portable?: boolean } = {}) {
    this.statFd = opts.portable ? null : tryOpen('/proc/stat');
    let fds: number[] = [];
    try {
      fds = readdirSync('/sys/devices/system/cpu')
        .filter((n) => /^cpu\d+$/.test(n))
        .map((n) => tryOpen(`/sys/devices/system/cpu/${n}/cpufreq/scaling_cur_freq`))
        .filter((fd): fd is number => fd !== null);
    } catch { /* no /sys: frequency stays unmeasured */ }
    this.freqFds = fds;
  }

  get source(): RepeatMachine['source'] { return this.statFd !== null ? 'proc' : 'os-cpus'; }

  snapshot(): MachineSnapshot {
    const u = process.cpuUsage();
    let systemCpuMs: number | null = null;
    try { systemCpuMs = this.statFd !== null ? parseProcStatBusyMs(readText(this.statFd, this.buf)) : osCpusBusyMs(); } catch { systemCpuMs = null; }
    let dispatcherRunQueueNs = NaN;
    if (this.schedFd !== null) {
      try { dispatcherRunQueueNs = Number(readText(this.schedFd, this.buf).split(' ')[1]); } catch { /* stays NaN */ }
    }
    let mhz = NaN;
    if (this.freqFds.length) {
      let sum = 0;
      let n = 0;
      for (const fd of this.freqFds) {
        try { const khz = Number(readText(fd, this.buf)); if (khz > 0) { sum += khz / 1000; n++; } } catch { /* skip this core */ }
      }
      if (n) mhz = sum / n;
    }
    return { atMs: performance.now(), systemCpuMs, ownCpuMs: (u.user + u.system) / 1000, childCpuMs: this.childCpuMs(), dispatcherRunQueueNs, mhz };
  }

  close(): void {
    for (const fd of [this.statFd, this.schedFd, ...this.freqFds]) if (fd !== null) { try { closeSync(fd); } catch { /* already closed */ } }
  }
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The machine's record of one repeat from the snapshots taken at its start and end. */
export function repeatMachine(a: MachineSnapshot, b: MachineSnapshot, repeat: number, order: number, source: RepeatMachine['source'], runQueueMs: number | null): RepeatMachine {
  const wallMs = Math.max(1e-3, b.atMs - a.atMs);
  const own = b.ownCpuMs - a.ownCpuMs + (b.childCpuMs - a.childCpuMs);
  const system = a.systemCpuMs !== null && b.systemCpuMs !== null ? b.systemCpuMs - a.systemCpuMs : null;
  const external = system === null ? null : Math.max(0, system - own);
  const mhz = Number.isNaN(a.mhz) || Number.isNaN(b.mhz) ? null : Math.round((a.mhz + b.mhz) / 2);
  const disp = b.dispatcherRunQueueNs - a.dispatcherRunQueueNs;
  return {
    repeat,
    order,
    wallMs: r3(wallMs),
    systemCpuMs: system === null ? null : r3(system),
    ownCpuMs: r3(own),
    externalCpuMs: external === null ? null : r3(external),
    externalLoadCores: external === null ? null : r3(external / wallMs),
    runQueueMs,
    dispatcherRunQueueMs: Number.isFinite(disp) ? r3(disp / 1e6) : null,
    cpuMhz: mhz,
    source,
  };
}

/** Mean cores other processes used over a window of `ms` (for --settle). */
export async function externalLoadOver(probe: MachineProbe, ms: number): Promise<number | null> {
  const a = probe.snapshot();
  await new Promise((r) => setTimeout(r, ms));
  return repeatMachine(a, probe.snapshot(), 0, 0, probe.source, null).externalLoadCores;
}
