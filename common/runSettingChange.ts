// Whether a suggestion's `change` is a run setting (something a re-run can apply: order, batch,
// workers…) or a change to the user's code (lock-contention, oversubscription: `change` is empty).
// The report offers "Re-run with this change" only for the first; the host applies it
// (extension/runOptions.ts overridesFromChange) with the same schema.
import { RunOverrides } from './runOptions';

/** The run settings `change` sets, or null when it sets none (a change to make in the code). */
export function runSettingChange(change: Record<string, unknown>): RunOverrides | null {
  if (!Object.keys(change).length) return null;
  const parsed = RunOverrides.safeParse(change);
  return parsed.success && Object.keys(parsed.data).length ? parsed.data : null;
}
