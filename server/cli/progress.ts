// Sweep progress on stderr: a live bar on a terminal, one plain line per sweep point elsewhere
// (CI logs), nothing with --quiet. Engine log lines go the same way.
import { SingleBar } from 'cli-progress';
import type { SweepProgress } from '../engine/api';
import { fmtCores, fmtCount, fmtMs, plural } from '../../common/format';

export type ProgressMode = 'bar' | 'lines' | 'none';

export interface ProgressReporter {
  update(p: SweepProgress): void;
  log(line: string): void;
  stop(): void;
}

export function progressModeFor(stream: { isTTY?: boolean }, quiet: boolean): ProgressMode {
  if (quiet) return 'none';
  return stream.isTTY ? 'bar' : 'lines';
}

/**
 * The line announcing a step of the sweep, e.g. "[2/4] 2 workers · repeat 1/3 · 200 tasks" (repeats of
 * different worker counts interleave), or the wait of --settle.
 */
export function pointLine(p: SweepProgress): string {
  const head = `[${p.pointIndex + 1}/${p.points}] ${plural(p.workers, 'worker')}`;
  if (p.settling) return `${head} · waiting for the machine to settle: other processes use ${fmtCores(p.settling.externalLoadCores)} (${fmtMs(p.settling.waitedMs)})`;
  return `${head} · ${p.warmup ? 'warm-up' : `repeat ${p.repeat + 1}/${p.repeats}`} · ${plural(p.tasksTotal, 'task')}`;
}

function lineReporter(stream: NodeJS.WritableStream): ProgressReporter {
  let announced = '';
  return {
    update(p) {
      const key = p.settling ? `settle:${p.pointIndex}:${p.repeat}:${Math.floor(p.settling.waitedMs / 2000)}` : `${p.pointIndex}:${p.repeat}:${p.warmup}`;
      if (key === announced || (!p.settling && p.tasksTotal === 0)) return;
      announced = key;
      stream.write(pointLine(p) + '\n');
    },
    log(line) { stream.write(line + '\n'); },
    stop() {},
  };
}

const BAR_TOTAL = 1000;

function barReporter(stream: NodeJS.WritableStream): ProgressReporter {
  const bar = new SingleBar({
    stream,
    format: '{bar} {percentage}% | {point} | {workers} | {repeat} | {tasks} | {rate} tasks/s | ETA {eta_formatted}',
    barsize: 24,
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 50,
    fps: 8,
  });
  let started = false;
  const payload = (p: SweepProgress) => ({
    point: `point ${p.pointIndex + 1}/${p.points}`,
    workers: plural(p.workers, 'worker'),
    repeat: p.settling ? `settling: ${fmtCores(p.settling.externalLoadCores)} busy elsewhere` : p.warmup ? 'warm-up' : `repeat ${p.repeat + 1}/${p.repeats}`,
    tasks: `${p.tasksDone}/${p.tasksTotal} tasks`,
    rate: fmtCount(p.tasksPerSec),
  });
  return {
    update(p) {
      const value = Math.round(Math.min(1, Math.max(0, p.fraction)) * BAR_TOTAL);
      if (!started) {
        bar.start(BAR_TOTAL, value, payload(p));
        started = true;
      } else {
        bar.update(value, payload(p));
      }
    },
    log(line) {
      // Clear the bar's line, print, and let the next render draw the bar again below.
      stream.write(started ? `\r\x1b[K${line}\n` : `${line}\n`);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

export function createProgressReporter(mode: ProgressMode, stream: NodeJS.WritableStream): ProgressReporter {
  if (mode === 'bar') return barReporter(stream);
  if (mode === 'lines') return lineReporter(stream);
  return { update() {}, log() {}, stop() {} };
}
