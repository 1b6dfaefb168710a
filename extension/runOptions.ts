// Parsing and checking what the user types in the "Run with options" quick inputs. No vscode here.
// Values are parsed and bounded by the one definition of the run options (common/runOptions.ts).
import { expectedText, parseOptionText, RunOverrides, type Order, type RunOptionKey, type RunOptionValue } from '../common/runOptions';
import { validationMessage } from '../common/validationMessage';

const ORDER_DETAIL: Record<Order, string> = {
  'given': 'in the order tasks() returns them',
  'longest-first': 'longest tasks first (durations from the last run): evens out the tail',
  'shuffle': 'random order: breaks up runs of similar tasks',
};
export const ORDERS: readonly { order: Order; label: string; detail: string }[] =
  (Object.keys(ORDER_DETAIL) as Order[]).map((order) => ({ order, label: order, detail: ORDER_DETAIL[order] }));

/** A value of `option` from a quick input, or an error message starting with `what`. Empty means "keep the default". */
export function parseCount<K extends RunOptionKey>(text: string, what: string, option: K): { value: RunOptionValue<K> | undefined } | { error: string } {
  if (text.trim() === '') return { value: undefined };
  const r = parseOptionText(option, text);
  return 'error' in r ? { error: `${what} must be ${expectedText(option)}` } : r;
}

/** The overrides of the quick inputs, leaving out what the user left empty. */
export function buildOverrides(o: { workers?: number[]; repeat?: number; batch?: RunOverrides['batch']; order?: Order }): RunOverrides {
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
  return { error: `this change cannot be applied by a re-run: ${validationMessage(parsed.error, { root: 'change', unknownKey: 'not a run option' })}` };
}
