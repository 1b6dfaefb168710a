// Sweep progress on stderr: a live bar on a terminal, one plain line per sweep point elsewhere
// (CI logs), nothing with --quiet. Engine log lines go the same way.
import { SingleBar } from 'cli-progress';
import type { SweepProgress } from '../engine/api';
import { plural } from './numbers';

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

/** The line announcing a sweep point, e.g. "[2/4] 2 workers · 3 repeats · 200 tasks". */
export function pointLine(p: SweepProgress): string {
  return `[${p.pointIndex + 1}/${p.points}] ${plural(p.workers, 'worker')} · ${plural(p.repeats, 'repeat')} · ${plural(p.tasksTotal, 'task')}`;
}

function lineReporter(stream: NodeJS.WritableStream): ProgressReporter {
  let announced = -1;
  return {
    update(p) {
      if (p.pointIndex === announced) return;
      announced = p.pointIndex;
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
    repeat: p.warmup ? 'warm-up' : `repeat ${p.repeat + 1}/${p.repeats}`,
    tasks: `${p.tasksDone}/${p.tasksTotal} tasks`,
    rate: Math.round(p.tasksPerSec).toLocaleString('en-US'),
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
