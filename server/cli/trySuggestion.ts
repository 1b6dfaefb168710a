// Picks the suggestion of a saved run to try and turns it into the overrides of a re-run:
// the saved run's own config (so both runs measure the same thing) with the change applied.
import type { RunConfig, RunFile, Suggestion } from '../../common/runFile';
import { UsageError } from './context';
import { changeAsFlags } from './flags';
import { describeChange } from '../../common/format';

/** A change a re-run can apply: every key is a run option with a flag that takes its value. */
function appliable(s: Suggestion): boolean {
  return changeAsFlags(s.change) !== null;
}

/** A change that sets what the run already used would re-run the same measurement. */
function changesSomething(run: RunFile, s: Suggestion): boolean {
  const config = run.config as Record<string, unknown>;
  return Object.entries(s.change).some(([k, v]) => JSON.stringify(config[k]) !== JSON.stringify(v));
}

export function pickSuggestion(run: RunFile, kind: string | undefined): Suggestion {
  const all = run.analysis?.suggestions ?? [];
  const kinds = all.map((s) => s.kind).join(', ') || 'none';
  if (kind !== undefined) {
    const same = all.filter((s) => s.kind === kind);
    if (same.length === 0) throw new UsageError(`run ${run.id} has no ${kind} suggestion (its suggestions: ${kinds})`);
    const s = same.find(appliable);
    if (!s) throw new UsageError(`the ${kind} suggestion of run ${run.id} changes no setting that a re-run can apply (${same[0].title}); act on it, then run again`);
    if (!changesSomething(run, s)) throw new UsageError(`the ${kind} suggestion of run ${run.id} asks for ${describeChange(s.change)}, which that run already used: a re-run would measure the same thing`);
    return s;
  }
  const s = all.find((x) => appliable(x) && changesSomething(run, x));
  if (!s) throw new UsageError(`run ${run.id} has no suggestion with a setting to try (its suggestions: ${kinds})`);
  return s;
}

export function overridesForTrying(run: RunFile, s: Suggestion): Partial<RunConfig> {
  const c = run.config;
  const base: Partial<RunConfig> = { workers: c.workers, repeat: c.repeat, warmup: c.warmup, timeoutMs: c.timeoutMs, batch: c.batch, order: c.order };
  return { ...base, ...(s.change as Partial<RunConfig>) };
}
