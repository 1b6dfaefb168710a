// --settle: before a repeat, wait until other processes use less than SETTLE_CORES, measured over
// short windows, for at most SETTLE_MAX_MS (then measure anyway: the verdict will say how busy it was).
import { externalLoadOver, type MachineProbe } from './machineProbe';

export const SETTLE_CORES = 0.2;
export const SETTLE_WINDOW_MS = 250;
export const SETTLE_MAX_MS = 15_000;

/** Returns the ms waited. `onWait` reports each busy window (load in cores, ms waited so far). */
export async function settle(probe: MachineProbe, onWait: (externalLoadCores: number, waitedMs: number) => void, signal: AbortSignal, maxMs = SETTLE_MAX_MS): Promise<number> {
  const t0 = performance.now();
  while (!signal.aborted) {
    const load = await externalLoadOver(probe, SETTLE_WINDOW_MS);
    const waited = performance.now() - t0;
    if (load === null || load < SETTLE_CORES || waited >= maxMs) return Math.round(waited);
    onWait(load, Math.round(waited));
  }
  return Math.round(performance.now() - t0);
}
