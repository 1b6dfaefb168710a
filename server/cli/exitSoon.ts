// After a fleet command (agent, run --redis).
/**
 * Once the command is done, the process ends even if a Redis client is still retrying a connection
 * (BullMQ's reconnecting sockets would keep it alive when Redis is gone).
 */
export function exitSoon(ms = 2000): void {
  setTimeout(() => process.exit(process.exitCode ?? 0), ms).unref();
}
