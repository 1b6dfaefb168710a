// The names a fleet uses in Redis, all under one prefix so that a shared Redis stays tidy.

export const PREFIX = 'scalescope';
/** BullMQ's key prefix for every fleet queue. */
export const QUEUE_PREFIX = `${PREFIX}:q`;
/** An agent's registry record (JSON, expires unless its heartbeat renews it). */
export const agentKey = (name: string): string => `${PREFIX}:agent:${name}`;
export const AGENT_PATTERN = `${PREFIX}:agent:*`;
/** A coordinator's heartbeat for its run: agents close the points of a run whose coordinator went. */
export const runKey = (runId: string): string => `${PREFIX}:run:${runId}`;
/** How long a run's heartbeat lasts unless renewed (the coordinator renews it every 0.5 s). */
export const RUN_TTL_MS = 5000;
/** The bundled workload and its source map, by content hash. */
export const bundleKey = (hash: string): string => `${PREFIX}:bundle:${hash}`;
/** An agent's control queue: the coordinator opens and closes points there. */
export const controlQueue = (agent: string): string => `agent-${agent.replace(/[^\w.-]/g, '_')}`;
/** The queue of one point of one run: every host of the point takes jobs from it. */
export const pointQueue = (runId: string, workers: number): string => `run-${runId.replace(/[^\w.-]/g, '_')}-p${workers}`;
/** A point's CPU profile of one slot's thread, shipped once (server/fleet/hostWire.ts). */
export const profileKey = (queue: string, slot: number): string => `${PREFIX}:profile:${queue}:${slot}`;
