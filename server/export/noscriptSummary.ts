// What the HTML report shows with JavaScript off (a mail client's preview, a locked-down browser):
// the verdict, the scaling table and the suggestions as static HTML, in the same words as the
// page (common/speedupText.ts). Everything from the run is escaped.
import type { RunFile } from '../../common/runFile';
import { fmtGain, fmtMs, plural } from '../../common/format';
import { speedupHeadline, verdictWords } from '../../common/speedupText';
import { escapeHtml as h } from '../../common/page';

const predicted = (v: number | null): string => (v === null ? 'not predicted' : fmtGain(v));

/** The inner HTML of the report's <noscript> element. Never throws: a malformed run gets a short note. */
export function noscriptSummary(run: RunFile): string {
  try {
    return summary(run);
  } catch {
    return '<p>This report needs JavaScript to show its run.</p>';
  }
}

function summary(run: RunFile): string {
  const a = run.analysis;
  const q = a?.quality;
  const parts: string[] = [
    `<section class="ss-noscript"><h1>${h(run.workload.name)}</h1>`,
    `<p class="ss-muted">Run ${h(run.id)} · ${h(run.startedAt)} · ${h(run.workload.path)}. JavaScript is off: this is a static summary; turn it on for the charts, the timeline and the flame graphs.</p>`,
  ];
  if (run.status !== 'complete') parts.push(`<p class="ss-banner ss-warning">This run is ${h(run.status)}: it shows what was measured before it stopped.</p>`);
  if (q) {
    parts.push(`<div class="ss-banner${q.verdict === 'ok' ? '' : ' ss-warning'} ss-noscript-verdict"><strong>Verdict: ${h(verdictWords(q.verdict))}</strong>`);
    if (q.reasons.length) parts.push(`<ul>${q.reasons.map((r) => `<li>${h(r)}</li>`).join('')}</ul>`);
    parts.push('</div>');
  }
  parts.push('<h2>Scaling</h2>');
  if (a?.scaling.length) {
    parts.push('<table class="ss-table ss-noscript-scaling"><thead><tr><th>workers</th><th>median makespan</th><th>speedup</th></tr></thead><tbody>');
    for (const r of a.scaling) {
      const makespan = r.makespanMs ?? run.points.find((p) => p.workers === r.workers)?.makespanMs;
      parts.push(`<tr><td>${r.workers}</td><td>${h(fmtMs(makespan))}</td><td>${h(speedupHeadline(r, q))}</td></tr>`);
    }
    parts.push('</tbody></table>');
  } else {
    parts.push('<table class="ss-table ss-noscript-scaling"><thead><tr><th>workers</th><th>median makespan</th></tr></thead><tbody>');
    for (const p of run.points) parts.push(`<tr><td>${p.workers}</td><td>${h(fmtMs(p.makespanMs))}</td></tr>`);
    parts.push('</tbody></table>');
  }
  if (a) {
    parts.push(`<h2>Suggestions (${a.suggestions.length})</h2>`);
    if (!a.suggestions.length) parts.push('<p>No suggestions.</p>');
    else parts.push(`<ol class="ss-noscript-suggestions">${a.suggestions.map((s) => `<li><strong>${h(s.title)}</strong> (${h(s.severity)}, ${h(s.kind)}, predicted ${h(predicted(s.predictedGainPct))})<br>${h(s.detail)}${s.location ? `<br><code>${h(`${s.location.file}:${s.location.line}`)}</code>` : ''}</li>`).join('')}</ol>`);
    if (a.withheld?.length) parts.push(`<h3>Withheld (${a.withheld.length})</h3><ul>${a.withheld.map((w) => `<li>${h(w.title ?? w.kind)}: ${h(w.reason)}</li>`).join('')}</ul>`);
  }
  if (run.failures.length) parts.push(`<p class="ss-banner ss-error-banner">${h(plural(run.failures.length, 'task'))} failed.</p>`);
  parts.push('</section>');
  return parts.join('');
}
