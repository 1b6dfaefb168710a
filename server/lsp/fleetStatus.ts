// `scalescope/fleetStatus`: the fleet the editor's runs go to when `scalescope.fleet` is on, as
// Redis's agent registry shows it now (hosts, slots), or why it could not be read. The registry is
// read through a reader (fleetRegistry.ts reads the real one) so that this stays about the answer.
import type { FleetStatus, ServerSettings } from '../../common/lsp';
import { parseRedisUrl } from '../fleet/redisUrl';

export interface FleetAgent { name: string; slots: number; cpus: number; cpuModel: string }

/** Reads the agents registered at a Redis; rejects with a message naming the URL when Redis cannot be read. */
export type FleetRegistryReader = (redisUrl: string) => Promise<FleetAgent[]>;

/** The URL as it may be shown: without its password (server/fleet/redisUrl.ts). */
export function shownRedisUrl(url: string): string {
  try {
    return parseRedisUrl(url).display;
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}

export async function fleetStatus(settings: Pick<ServerSettings, 'fleet' | 'redisUrl'>, read: FleetRegistryReader): Promise<FleetStatus> {
  if (!settings.fleet) return { enabled: false, redisUrl: null, connected: false, hosts: [], slots: 0 };
  const redisUrl = shownRedisUrl(settings.redisUrl);
  try {
    const hosts = (await read(settings.redisUrl)).map((a) => ({ name: a.name, slots: a.slots, cpus: a.cpus, cpuModel: a.cpuModel }));
    return { enabled: true, redisUrl, connected: true, hosts, slots: hosts.reduce((n, h) => n + h.slots, 0) };
  } catch (e) {
    // The reader's message names the URL; never with its password.
    const message = (e as Error).message.split(settings.redisUrl).join(redisUrl);
    return { enabled: true, redisUrl, connected: false, hosts: [], slots: 0, error: message };
  }
}
