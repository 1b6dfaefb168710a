// The run flags that correspond to RunConfig fields: used to parse overrides and to print a
// suggestion's change as the command line that applies it.
import type { RunConfig } from '../../common/runFile';

const FLAG_OF: Partial<Record<keyof RunConfig, string>> = {
  workers: '--workers',
  repeat: '--repeat',
  warmup: '--warmup',
  timeoutMs: '--timeout-ms',
  batch: '--batch',
  order: '--order',
};

function flagValue(value: unknown): string | null {
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value.join(',');
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  return null;
}

/** `--order longest-first --batch 64`, or null when some part of the change has no flag. */
export function changeAsFlags(change: Record<string, unknown>): string | null {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(change)) {
    const flag = FLAG_OF[key as keyof RunConfig];
    const text = flagValue(value);
    if (!flag || text === null) return null;
    parts.push(`${flag} ${text}`);
  }
  return parts.length ? parts.join(' ') : null;
}

/** `order = longest-first, batch = 64` */
export function describeChange(change: Record<string, unknown>): string {
  return Object.entries(change).map(([k, v]) => `${k} = ${flagValue(v) ?? JSON.stringify(v)}`).join(', ');
}
