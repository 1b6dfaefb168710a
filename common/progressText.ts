// Text of the work-done progress (language server) and the status bar (extension) for a sweep in
// progress. Pure; the engine's SweepProgress (server/engine/api.ts) fits SweepProgressText.
import { fmtCores, NOT_MEASURED, plural } from './format';

/** The fields of a sweep's progress that its text tells. */
export interface SweepProgressText {
  pointIndex: number;
  points: number;
  workers: number;
  repeat: number;
  repeats: number;
  warmup: boolean;
  tasksDone: number;
  tasksTotal: number;
  tasksPerSec: number;
  settling?: { externalLoadCores: number };
}

export function progressMessage(p: SweepProgressText): string {
  // 0: a recorded program at its own configuration (its worker count is known once it has run).
  const workers = `${p.workers > 0 ? plural(p.workers, 'worker') : 'its own workers'} (${p.pointIndex + 1}/${p.points})`;
  if (p.settling) return `${workers} · waiting for the machine to settle (other processes use ${fmtCores(p.settling.externalLoadCores)})`;
  const repeat = p.warmup ? 'warm-up' : `repeat ${p.repeat + 1}/${p.repeats}`;
  // A recorded program's tasks are counted only once it has run (server/record/recordSweep.ts).
  if (p.tasksTotal === 0 && p.tasksDone === 0) return `${workers} · ${repeat}`;
  return `${workers} · ${repeat} · ${p.tasksDone}/${p.tasksTotal} tasks · ${formatRate(p.tasksPerSec)}`;
}

export function formatRate(tasksPerSec: number): string {
  if (!Number.isFinite(tasksPerSec) || tasksPerSec <= 0) return `${NOT_MEASURED} tasks/s`;
  if (tasksPerSec >= 10_000) return `${(tasksPerSec / 1000).toFixed(0)}k tasks/s`;
  if (tasksPerSec >= 1000) return `${(tasksPerSec / 1000).toFixed(1)}k tasks/s`;
  return `${tasksPerSec.toFixed(tasksPerSec < 10 ? 1 : 0)} tasks/s`;
}

export function progressPercent(fraction: number): number {
  return Math.max(0, Math.min(100, Math.round(fraction * 100)));
}

/** Calls `fn` at most every `ms` (the first call passes); `flush` delivers the last held value. */
export function throttled<T>(fn: (v: T) => void, ms: number, now: () => number = Date.now): { push(v: T): void; flush(): void } {
  let last = -Infinity;
  let held: { v: T } | null = null;
  return {
    push(v) {
      const t = now();
      if (t - last >= ms) { last = t; held = null; fn(v); } else held = { v };
    },
    flush() {
      if (held) { const h = held; held = null; last = now(); fn(h.v); }
    },
  };
}
