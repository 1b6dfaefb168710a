// Per-core utilisation sampled in the main thread every ≤ 20 ms while a repeat runs:
// /proc/stat through a kept-open descriptor on Linux, os.cpus() elsewhere.
import { openSync, readSync, closeSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { CoreSeries } from '../../common/runFile';

type Times = { busy: number; total: number }[];

function readProcStat(fd: number, buf: Buffer): Times {
  const n = readSync(fd, buf, 0, buf.length, 0);
  const text = buf.toString('latin1', 0, n);
  const out: Times = [];
  for (const line of text.split('\n')) {
    if (!/^cpu\d/.test(line)) continue;
    const v = line.split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = v[3] + (v[4] || 0);
    out.push({ busy: total - idle, total });
  }
  return out;
}

function readOsCpus(): Times {
  return cpus().map((c) => {
    const t = c.times;
    const total = t.user + t.nice + t.sys + t.idle + t.irq;
    return { busy: total - t.idle, total };
  });
}

export class CoreSampler {
  private fd: number | null = null;
  private readonly buf = Buffer.alloc(64 * 1024);
  private timer: NodeJS.Timeout | null = null;
  private last: Times = [];
  private t0 = 0;
  private times: number[] = [];
  private busy: number[][] = [];

  constructor(private readonly intervalMs: number) {
    try { this.fd = openSync('/proc/stat', 'r'); } catch { this.fd = null; }
  }

  private read(): Times { return this.fd !== null ? readProcStat(this.fd, this.buf) : readOsCpus(); }

  start(t0: number): void {
    this.t0 = t0;
    this.times = [];
    this.last = this.read();
    this.busy = this.last.map(() => []);
    this.timer = setInterval(() => this.tick(), this.intervalMs);
  }

  private tick(): void {
    const cur = this.read();
    this.times.push(performance.timeOrigin + performance.now() - this.t0);
    cur.forEach((c, i) => {
      const p = this.last[i];
      const dt = p ? c.total - p.total : 0;
      this.busy[i]?.push(dt > 0 ? Math.min(1, Math.max(0, (c.busy - p.busy) / dt)) : 0);
    });
    this.last = cur;
  }

  stop(repeat: number): CoreSeries {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.tick();
    return { repeat, timesMs: this.times, busy: this.busy, source: this.fd !== null ? 'proc-stat' : 'os-cpus' };
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
