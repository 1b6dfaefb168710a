// Pure: what differs between two runs — per worker count makespans and speedups, and config.
import type { Interval, RunFile, Significance } from '../../common/runFile';
import { compareMakespans } from '../../common/significance';
import { measuredPoints } from './scalingModel';

export interface CompareRow {
  workers: number; baseMs: number | null; otherMs: number | null; deltaPct: number | null; baseSpeedup: number | null; otherSpeedup: number | null;
  baseCi: Interval | null; otherCi: Interval | null;
  /** common/significance.ts on the two points' repeats: 'gain' (other faster) or 'loss' beyond noise, else 'within-noise'; null with fewer than 2 repeats on a side. */
  significance: Significance | null;
}
export interface ConfigChange { key: string; base: string; other: string }

export function compareRows(base: RunFile, other: RunFile): CompareRow[] {
  const ciOf = (r: RunFile, w: number): Interval | null => r.analysis?.scaling.find((s) => s.workers === w)?.makespanCi ?? null;
  const repeatsOf = (r: RunFile, w: number): number[] => r.points.find((p) => p.workers === w)?.makespansMs ?? [];
  const a = new Map(measuredPoints(base).map((m) => [m.workers, m]));
  const b = new Map(measuredPoints(other).map((m) => [m.workers, m]));
  return [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y).map((w) => {
    const pa = a.get(w), pb = b.get(w);
    const baseMs = pa?.makespanMs ?? null, otherMs = pb?.makespanMs ?? null;
    return {
      workers: w, baseMs, otherMs,
      // Negative: the other run is faster.
      deltaPct: baseMs && otherMs ? ((otherMs - baseMs) / baseMs) * 100 : null,
      baseSpeedup: pa?.speedup ?? null, otherSpeedup: pb?.speedup ?? null,
      baseCi: ciOf(base, w), otherCi: ciOf(other, w), significance: repeatsOf(base, w).length >= 2 && repeatsOf(other, w).length >= 2 ? compareMakespans(repeatsOf(base, w), repeatsOf(other, w)).significance : null,
    };
  });
}

const show = (v: unknown): string => (v === undefined ? '(unset)' : typeof v === 'string' ? v : JSON.stringify(v));

export function configChanges(base: RunFile, other: RunFile): ConfigChange[] {
  const flat = (r: RunFile): Record<string, unknown> => ({
    ...Object.fromEntries(Object.entries(r.config).map(([k, v]) => [`config.${k}`, v])),
    // The plan's seed shuffles the measurement order afresh on every run: only its kind is a setting.
    ...(r.config.plan ? { 'config.plan': r.config.plan.kind } : {}),
    'workload.path': r.workload.path, 'host.cpus': r.host.cpus, 'host.cpuModel': r.host.cpuModel, 'host.node': r.host.node, 'host.platform': r.host.platform,
  });
  const fa = flat(base), fb = flat(other);
  return [...new Set([...Object.keys(fa), ...Object.keys(fb)])].sort()
    .filter((k) => show(fa[k]) !== show(fb[k]))
    .map((k) => ({ key: k, base: show(fa[k]), other: show(fb[k]) }));
}
