// Parsing and checking what the user types in the "Run with options" quick inputs. No vscode here.
import type { Order } from '../common/runFile';
import { RunOverrides } from '../common/lsp';

export const ORDERS: readonly { order: Order; label: string; detail: string }[] = [
  { order: 'given', label: 'given', detail: 'in the order tasks() returns them' },
  { order: 'longest-first', label: 'longest-first', detail: 'longest tasks first (durations from the last run): evens out the tail' },
  { order: 'shuffle', label: 'shuffle', detail: 'random order: breaks up runs of similar tasks' },
];

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
