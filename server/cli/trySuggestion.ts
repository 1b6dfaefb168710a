// Picks the suggestion of a saved run to try and turns it into the overrides of a re-run:
// the saved run's own config (so both runs measure the same thing) with the change applied.
import type { RunConfig, RunFile, Suggestion } from '../../common/runFile';
import { UsageError } from './context';
import { changeAsFlags } from './flags';

const CONFIG_KEYS = new Set<string>(['workers', 'repeat', 'warmup', 'timeoutMs', 'batch', 'order']);

function appliable(s: Suggestion): boolean {
  return Object.keys(s.change).length > 0 && Object.keys(s.change).every((k) => CONFIG_KEYS.has(k)) && changeAsFlags(s.change) !== null;
}

export function pickSuggestion(run: RunFile, kind: string | undefined): Suggestion {
  const all = run.analysis?.suggestions ?? [];
  const kinds = all.map((s) => s.kind).join(', ') || 'none';
  if (kind !== undefined) {
    const same = all.filter((s) => s.kind === kind);
    if (same.length === 0) throw new UsageError(`run ${run.id} has no ${kind} suggestion (its suggestions: ${kinds})`);
    const s = same.find(appliable);
    if (!s) throw new UsageError(`the ${kind} suggestion of run ${run.id} needs a change in the code (${same[0].title}); make it and run again`);
    return s;
  }
  const s = all.find(appliable);
  if (!s) throw new UsageError(`run ${run.id} has no suggestion with a setting to try (its suggestions: ${kinds})`);
  return s;
}

export function overridesForTrying(run: RunFile, s: Suggestion): Partial<RunConfig> {
  const c = run.config;
  const base: Partial<RunConfig> = { workers: c.workers, repeat: c.repeat, warmup: c.warmup, timeoutMs: c.timeoutMs, batch: c.batch, order: c.order };
  return { ...base, ...(s.change as Partial<RunConfig>) };
}
