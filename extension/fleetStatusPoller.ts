// Keeps the fleet's status bar item current (no vscode here): asks the language server for the
// fleet's status now, then every FLEET_POLL_MS while the fleet is on; once the server says it is
// off, asks again only when told the settings changed.
import type { FleetStatus } from '../common/lsp';

export const FLEET_POLL_MS = 15_000;

export interface FleetStatusPoller {
  /** Ask now (settings changed) and keep polling while the fleet is on. */
  refresh(): void;
  dispose(): void;
}

export function pollFleetStatus(fetch: () => Promise<FleetStatus>, show: (s: FleetStatus | null) => void, warn: (line: string) => void, everyMs = FLEET_POLL_MS): FleetStatusPoller {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  let generation = 0;
  const tick = async (gen: number): Promise<void> => {
    let s: FleetStatus | null = null;
    try {
      s = await fetch();
    } catch (e) {
      warn(`fleet status: ${(e as Error).message}`);
    }
    if (disposed || gen !== generation) return; // a refresh started a newer look
    show(s);
    if (s?.enabled) timer = setTimeout(() => { void tick(gen); }, everyMs);
  };
  const refresh = (): void => {
    clearTimeout(timer);
    void tick(++generation);
  };
  return { refresh, dispose: () => { disposed = true; clearTimeout(timer); } };
}
