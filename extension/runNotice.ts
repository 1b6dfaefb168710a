// What the user is told when a run ends, and what the status bar keeps showing after it: the run's
// headline with its verdict (common/speedupText.ts), failures, and that a Flame tab needs a CPU
// profile. No vscode here.
import { plural } from '../common/format';
import { ServerSettings, type RunSummary } from '../common/lsp';
import { headlineText, verdictWords } from '../common/speedupText';

/** The setting that records CPU profiles (the report's Flame tab). */
export const PROFILE_SETTING = 'scalescope.cpuProfile';

/** `scalescope.openReportAfterRun` as set, or its default when unset or not a boolean (the server reports that). */
export function openReportAfterRun(raw: unknown): boolean {
  const r = ServerSettings.shape.openReportAfterRun.safeParse(raw ?? undefined);
  return r.success ? r.data : true;
}

function numbers(r: RunSummary, brief = false): string {
  return r.headline ? headlineText(r.headline, { brief }) : 'no scaling data';
}

/** The one notice of a finished (complete or cancelled) run. */
export function outcomeNotice(name: string, r: RunSummary): string {
  const failed = r.failures ? ` · ${plural(r.failures, 'task')} failed` : '';
  const flame = r.profiled ? '' : ` · no CPU profile, so no Flame tab (${PROFILE_SETTING})`;
  if (r.status === 'complete') return `${name}: ${numbers(r)}${failed}${flame}`;
  return `${name}: run ${r.status} (${numbers(r)}); what was measured is saved.`;
}

/** The status bar after a run: its headline until the next run starts. */
export function finishedStatusText(name: string, r: RunSummary): string {
  return `$(graph) ${name}: ${numbers(r, true)}${r.status === 'complete' ? '' : ` (${r.status})`}`;
}

export function finishedStatusTooltip(name: string, r: RunSummary): string {
  const q = r.headline?.quality;
  return [
    `Scalescope: last run of ${name}, ${r.status}`,
    numbers(r),
    ...(q ? [`Verdict: ${verdictWords(q.verdict)}`, ...q.reasons] : []),
    ...(r.failures ? [`${plural(r.failures, 'task')} failed`] : []),
    ...(r.profiled ? [] : [`No CPU profile: turn on ${PROFILE_SETTING} for the report's Flame tab.`]),
    'Click to open the report.',
  ].join('\n');
}
