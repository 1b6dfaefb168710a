// The noise verdict at the top of the report (analysis.quality, docs/decisions/noise.md): a quiet
// one-line note on a quiet machine, a warning banner with the reasons otherwise. External load is a
// fact about the machine, so it is said here, once, and not as a suggestion about the code.
import type { Quality, RunFile } from '../common/runFile';
import { fmtCores, plural } from '../common/format';
import { verdictWords } from '../common/speedupText';
import { append } from './dom';

/** The busiest point's external load: "1.2 cores (at 2 workers)", or null when none was measured. */
export function peakExternalLoad(q: Quality): { cores: number; workers: number } | null {
  let best: { cores: number; workers: number } | null = null;
  for (const [w, cores] of Object.entries(q.externalLoadCores)) if (!best || cores > best.cores) best = { cores, workers: Number(w) };
  return best;
}

export function verdictHeadline(q: Quality): string {
  if (q.verdict === 'ok') return 'Quiet machine: the numbers below can be trusted.';
  if (q.verdict === 'noisy') return 'Busy machine: these numbers are noisy; read them with their intervals.';
  return 'Unreliable: the machine was too busy for these numbers to describe your code.';
}

export function renderVerdict(parent: HTMLElement, run: RunFile): void {
  const q = run.analysis?.quality;
  if (!q) return;
  const load = peakExternalLoad(q);
  const loadText = load ? `Other processes used up to ${fmtCores(load.cores)} (at ${plural(load.workers, 'worker')}).` : '';
  if (q.verdict === 'ok') {
    const p = append(parent, 'p', 'ss-verdict ss-verdict-ok ss-muted', `${verdictHeadline(q)} ${loadText}`.trim());
    p.dataset.verdict = q.verdict;
    return;
  }
  const box = append(parent, 'div', `ss-banner ss-warning ss-verdict ss-verdict-${q.verdict}`);
  box.setAttribute('role', 'status');
  box.dataset.verdict = q.verdict;
  append(box, 'strong', 'ss-verdict-title', verdictHeadline(q));
  append(box, 'span', 'ss-badge ss-badge-warning ss-verdict-words', verdictWords(q.verdict));
  const reasons = [...q.reasons, ...(loadText && !q.reasons.some((r) => /other process|external load/i.test(r)) ? [loadText] : [])];
  if (reasons.length) {
    const ul = append(box, 'ul', 'ss-verdict-reasons');
    for (const r of reasons) append(ul, 'li', undefined, r);
  }
  // Newer analyses say which points are trusted among their reasons; older ones leave it to this line.
  if (q.trustedWorkers && !q.reasons.some((r) => /trusted points|No point is trusted/.test(r))) {
    append(box, 'p', 'ss-verdict-trusted', q.trustedWorkers.length
      ? `Fits and code suggestions use only the trusted points: ${q.trustedWorkers.join(', ')} workers.`
      : 'No point is trusted: fits and code suggestions are withheld.');
  }
}
