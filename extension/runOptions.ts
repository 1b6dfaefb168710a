// Parsing and checking what the user types in the "Run with options" quick inputs. No vscode here.
import type { Order } from '../common/runFile';
import { RunOverrides } from '../common/lsp';

export const ORDERS: readonly { order: Order; label: string; detail: string }[] = [
  { order: 'given', label: 'given', detail: 'in the order tasks() returns them' },
  { order: 'longest-first', label: 'longest-first', detail: 'longest tasks first (durations from the last run): evens out the tail' },
  { order: 'shuffle', label: 'shuffle', detail: 'random order: breaks up runs of similar tasks' },
];

/**
 * Worker counts from "1,2,4,8", "1-4" (every count) or "1..16" (powers of two), mixed with commas.
 * Returns the sorted distinct counts, or an error message naming the bad part.
 */
export function parseWorkerCounts(text: string, maxWorkers = 1024): { counts: number[] } | { error: string } {
  const counts = new Set<number>();
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (!parts.length) return { error: 'Enter worker counts, e.g. 1,2,4,8 or 1-8 or 1..16' };
  for (const part of parts) {
    const range = /^(\d+)(-|\.\.)(\d+)$/.exec(part);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[3])];
      if (a < 1 || b < a) return { error: `"${part}": a range needs 1 ≤ from ≤ to` };
      if (range[2] === '-') for (let n = a; n <= b; n++) counts.add(n);
      else for (let n = 1; n <= b; n *= 2) if (n >= a) counts.add(n);
    } else if (/^\d+$/.test(part)) {
      const n = Number(part);
      if (n < 1) return { error: `"${part}": worker counts start at 1` };
      counts.add(n);
    } else return { error: `"${part}" is not a worker count (use numbers, a-b or a..b)` };
  }
  const sorted = [...counts].sort((x, y) => x - y);
  if (sorted[sorted.length - 1] > maxWorkers) return { error: `at most ${maxWorkers} workers` };
  return { counts: sorted };
}

/** A whole number ≥ min from a quick input, or an error message. Empty means "keep the default". */
export function parseCount(text: string, what: string, min: number): { value: number | undefined } | { error: string } {
  const t = text.trim();
  if (t === '') return { value: undefined };
  if (!/^\d+$/.test(t) || Number(t) < min) return { error: `${what} must be a whole number ≥ ${min}` };
  return { value: Number(t) };
}

/** The overrides of the quick inputs, leaving out what the user left empty. */
export function buildOverrides(o: { workers?: number[]; repeat?: number; batch?: number; order?: Order }): RunOverrides {
  const out: RunOverrides = {};
  if (o.workers?.length) out.workers = o.workers;
  if (o.repeat !== undefined) out.repeat = o.repeat;
  if (o.batch !== undefined) out.batch = o.batch;
  if (o.order) out.order = o.order;
  return out;
}

/**
 * The overrides a suggestion's `change` asks for (e.g. { order: 'longest-first' }, { batch: 64 },
 * { workers: [1, 2, 4, 6] }), or an error naming what cannot be applied on a re-run.
 */
export function overridesFromChange(change: Record<string, unknown>): { overrides: RunOverrides } | { error: string } {
  const parsed = RunOverrides.safeParse(change);
  if (parsed.success) return { overrides: parsed.data };
  return { error: `this change cannot be applied by a re-run: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'change'}: ${i.message}`).join('; ')}` };
}
