// Flame tab: the scaling flame graph (merged call tree at a chosen worker count, coloured by inflation
// against the base count; search, click to zoom, hover for costs, open the source line) and, as a
// second mode, the per-worker flame chart lanes of one repeat on a shared time axis.
import type { FlameAnalysis, FlameFrame, RunFile } from '../../common/runFile';
import type { View, ViewState } from './view';
import { append } from '../dom';
import { createTooltip } from '../charts/tooltip';
import { renderFlameGraph, type FlameGraph } from '../charts/flameGraph';
import { renderFlameLanes } from '../charts/flameLanes';
import { renderFlameLegend } from '../charts/flameLegend';
import { cost, frameInflation } from '../charts/flameData';
import { foldOwnFrames, ownFrameIds, type OwnFrames } from '../charts/flameFold';
import { fmtMs, fmtX, plural } from '../../common/format';
import { analyzeFlame } from '../../common/flame';

function flameOf(run: RunFile): FlameAnalysis | null {
  return run.analysis?.flame ?? analyzeFlame(run);
}

/** Inflation from which a frame is drawn clearly red (INFLATION_DOMAIN: ×3 saturates). */
const GREW = 1.3;

/**
 * The frames the summary names: those drawn clearly red (inflation ≥ 1.3 by the same rule as their
 * colour) and wide enough to see (≥ 3% of the tree), whatever their kind (GC, Node, the user's code),
 * so that the sentence agrees with the colours. Largest growth first.
 */
export function inflatedFrames(flame: FlameAnalysis, workers: number): FlameFrame[] {
  const tree = flame.frames.filter((f) => f.parent < 0).reduce((s, f) => s + cost(f, workers).totalMsPerTask, 0);
  return flame.frames
    .filter((f) => f.parent >= 0 && (frameInflation(f, workers) ?? 0) >= GREW && cost(f, workers).totalMsPerTask >= 0.03 * tree)
    .sort((a, b) => (frameInflation(b, workers) ?? 0) - (frameInflation(a, workers) ?? 0))
    .slice(0, 5);
}

export const flameView: View = {
  id: 'flame',
  title: () => 'Flame',
  available: (s: ViewState) => (flameOf(s.run)?.frames.length ?? 0) > 0,
  render(container, { run, host }) {
    const measured = flameOf(run)!;
    let ownFrames: OwnFrames = 'fold';
    let flame = foldOwnFrames(measured, ownFrames);
    const counts = flame.workers;
    let workers = counts[counts.length - 1];
    let mode: 'graph' | 'lanes' = 'graph';
    let selected: FlameFrame | null = null;

    const controls = append(container, 'div', 'ss-controls');
    const graphBtn = append(controls, 'button', 'ss-button ss-flame-mode-graph', 'Scaling flame graph');
    const lanesBtn = append(controls, 'button', 'ss-button ss-flame-mode-lanes', 'Worker lanes');
    const workersSel = append(append(controls, 'label', undefined, 'Workers '), 'select', 'ss-select-workers');
    for (const w of counts) { const o = append(workersSel, 'option', undefined, String(w)); o.value = String(w); }
    workersSel.value = String(workers);
    const repeatLabel = append(controls, 'label', undefined, 'Repeat ');
    const repeatSel = append(repeatLabel, 'select', 'ss-select-repeat');
    const search = append(controls, 'input', 'ss-flame-search');
    search.type = 'search';
    search.placeholder = 'Search functions or files';
    search.setAttribute('aria-label', 'Search functions or files');
    const found = append(controls, 'span', 'ss-muted ss-flame-found');
    const reset = append(controls, 'button', 'ss-button ss-flame-reset', 'Reset zoom');
    const hideOwnLabel = append(controls, 'label', 'ss-flame-hide-own');
    const hideOwn = append(hideOwnLabel, 'input');
    hideOwn.type = 'checkbox';
    hideOwnLabel.append(' Hide Scalescope worker frames');
    hideOwnLabel.title = "Scalescope's own worker code runs between the pool's onMessage and your task: folded into one frame, or hidden";
    hideOwnLabel.hidden = ownFrameIds(measured.frames).size === 0;

    const legend = append(container, 'div', 'ss-flame-legend-box');
    renderFlameLegend(legend, flame.baseWorkers);
    const summary = append(container, 'p', 'ss-muted ss-flame-summary');
    const details = append(container, 'div', 'ss-banner ss-flame-details');
    const graphBox = append(container, 'div', 'ss-flame-graph-box');
    const lanesBox = append(container, 'div', 'ss-flame-lanes-box');
    const tooltip = createTooltip(container);

    const drawGraph = (): FlameGraph => {
      graphBox.replaceChildren();
      return renderFlameGraph(graphBox, { flame, workers, tooltip, onSelect: (f) => { selected = f; showDetails(); } });
    };
    let graph = drawGraph();

    function showSummary(): void {
      const top = inflatedFrames(flame, workers);
      summary.textContent = workers === flame.baseWorkers
        ? `Colours compare each frame's time per task with ${plural(flame.baseWorkers, 'worker')}: pick a larger count.`
        : top.length
          ? `Grew from ${flame.baseWorkers} to ${plural(workers, 'worker')} (the red frames): ${top.map((f) => `${f.name} ${fmtX(frameInflation(f, workers)!)}`).join(', ')}.`
          : `No frame grew by ×${GREW} or more from ${flame.baseWorkers} to ${plural(workers, 'worker')}.`;
      // The root is coloured too: say what its colour means.
      const roots = flame.frames.filter((f) => f.parent < 0);
      const whole = roots.length === 1 ? roots[0].byWorkers.find((c) => c.workers === workers)?.inflation ?? null : null;
      if (workers !== flame.baseWorkers && whole !== null) summary.textContent += ` The whole tree: ${fmtX(whole)} per task.`;
      // Growth between two points measured under someone else's load is partly that load's.
      const q = run.analysis?.quality;
      const untrusted = (w: number): boolean => !(q?.trustedWorkers ?? []).includes(w);
      if (workers !== flame.baseWorkers && q && q.verdict !== 'ok' && (untrusted(workers) || untrusted(flame.baseWorkers))) {
        summary.textContent += ' Measured on a busy machine (see the warning at the top): other processes can inflate time per task, so part of this growth may not come from your code.';
      }
    }

    function showDetails(): void {
      details.replaceChildren();
      if (!selected) {
        details.append('Click a frame to zoom into it; hover for its time per task at every worker count.');
        return;
      }
      const f = selected;
      append(details, 'strong', 'ss-flame-details-name', f.name);
      if (f.file && f.line) append(details, 'span', 'ss-muted', ` ${f.file}:${f.line}`);
      const c = cost(f, workers);
      const base = cost(f, flame.baseWorkers);
      append(details, 'div', undefined,
        `self ${fmtMs(base.selfMsPerTask)} → ${fmtMs(c.selfMsPerTask)} per task from ${flame.baseWorkers} to ${workers} workers; total ${fmtMs(base.totalMsPerTask)} → ${fmtMs(c.totalMsPerTask)}`);
      if (f.file && f.line) {
        const open = append(details, 'button', 'ss-button ss-primary ss-flame-open', 'Open source line');
        open.disabled = !host.connected;
        if (!host.connected) open.title = 'Open the run in VS Code to jump to the source';
        const location = { file: f.file, line: f.line };
        open.addEventListener('click', () => host.post({ type: 'revealSource', location }));
      }
    }

    function repeatsOf(): number[] {
      const p = run.points.find((x) => x.workers === workers);
      return [...new Set(p?.flame?.lanes.map((l) => l.repeat) ?? [])].sort((a, b) => a - b);
    }

    function showLanes(): void {
      lanesBox.replaceChildren();
      const point = run.points.find((x) => x.workers === workers)?.flame;
      const repeats = repeatsOf();
      repeatSel.replaceChildren(...repeats.map((r) => { const o = document.createElement('option'); o.value = String(r); o.textContent = String(r + 1); return o; }));
      if (!point || repeats.length === 0) {
        append(lanesBox, 'p', 'ss-muted', 'No lanes recorded at this worker count.');
        return;
      }
      const repeat = repeats.includes(Number(repeatSel.value)) ? Number(repeatSel.value) : repeats[0];
      repeatSel.value = String(repeat);
      renderFlameLanes(lanesBox, { point, workers, flame: measured, repeat, tooltip, ownFrames });
    }

    function setMode(m: 'graph' | 'lanes'): void {
      mode = m;
      graphBtn.classList.toggle('ss-primary', m === 'graph');
      lanesBtn.classList.toggle('ss-primary', m === 'lanes');
      graphBox.hidden = m !== 'graph';
      lanesBox.hidden = m !== 'lanes';
      repeatLabel.hidden = m !== 'lanes';
      search.hidden = found.hidden = reset.hidden = details.hidden = m !== 'graph';
      if (m === 'lanes') showLanes();
    }

    graphBtn.addEventListener('click', () => setMode('graph'));
    lanesBtn.addEventListener('click', () => setMode('lanes'));
    workersSel.addEventListener('change', () => {
      workers = Number(workersSel.value);
      graph.setWorkers(workers);
      showSummary();
      showDetails();
      if (mode === 'lanes') showLanes();
    });
    repeatSel.addEventListener('change', () => showLanes());
    hideOwn.addEventListener('change', () => {
      ownFrames = hideOwn.checked ? 'hide' : 'fold';
      flame = foldOwnFrames(measured, ownFrames);
      selected = null;
      graph = drawGraph();
      if (search.value.trim()) graph.search(search.value);
      showSummary();
      showDetails();
      if (mode === 'lanes') showLanes();
    });
    search.addEventListener('input', () => {
      const n = graph.search(search.value);
      found.textContent = search.value.trim() ? plural(n, 'match') : '';
    });
    reset.addEventListener('click', () => graph.zoomTo(null));

    showSummary();
    showDetails();
    setMode('graph');
  },
};
