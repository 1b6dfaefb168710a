// Icicle (top-down flame graph) of the merged call tree at one worker count: width is time per task
// at that count, colour is the frame's inflation against the base count. Click zooms into a frame
// (and selects it), hover shows its cost at every worker count, search highlights matches.
import { fmtMs } from '../../common/format';
import { select, type Selection } from 'd3';
import type { FlameAnalysis, FlameFrame } from '../../common/runFile';
import type { Tooltip } from './tooltip';
import { cost, flameLayout, frameInflation, frameTooltip, inflationColor, searchFrames, type FlameNode } from './flameData';

const WIDTH = 1000;
const ROW = 20;
const MIN_PX = 0.5;

export interface FlameGraph {
  /** Show the tree at another worker count (keeps the zoom when the frame is still there). */
  setWorkers(workers: number): void;
  /** Highlight frames matching `query`; returns how many frames match. */
  search(query: string): number;
  /** Zoom into a frame by id; null shows the whole tree. */
  zoomTo(frameId: number | null): void;
}

export interface FlameGraphOptions {
  flame: FlameAnalysis;
  workers: number;
  tooltip: Tooltip;
  /** A frame was clicked (zoomed into), or the zoom was reset (null). */
  onSelect(frame: FlameFrame | null): void;
}

export function renderFlameGraph(container: HTMLElement, o: FlameGraphOptions): FlameGraph {
  const svg = select(container).append('svg').attr('class', 'ss-chart ss-flame-graph').attr('role', 'img')
    .attr('aria-label', 'Flame graph: call tree, width by time per task, colour by inflation against the base worker count');
  const empty = select(container).append('p').attr('class', 'ss-muted ss-flame-empty').text('No samples at this worker count.');
  let workers = o.workers;
  let root: FlameNode | null = null;
  let focus: FlameNode | null = null;
  let matches = new Set<number>();
  let query = '';

  function nodes(): FlameNode[] {
    return root ? root.descendants().filter((d) => d.data.frame.id >= 0) : [];
  }

  function draw(): void {
    svg.selectAll('*').remove();
    empty.attr('hidden', root ? '' : null);
    if (!root) return;
    const f = focus ?? root;
    const span = f.x1 - f.x0;
    const x = (v: number) => ((v - f.x0) / span) * WIDTH;
    const ancestors = new Set(f.ancestors());
    const visible = (d: FlameNode) => ancestors.has(d) || (d.x0 >= f.x0 - 1e-12 && d.x1 <= f.x1 + 1e-12);
    const shown = nodes().filter((d) => visible(d) && (ancestors.has(d) ? WIDTH : x(d.x1) - x(d.x0)) >= MIN_PX);
    const depth0 = root.data.frame.id >= 0 ? 0 : 1;
    const rows = (root.height + 1 - depth0) * ROW;
    svg.attr('viewBox', `0 0 ${WIDTH} ${rows}`).attr('data-workers', workers);
    const g: Selection<SVGGElement, FlameNode, SVGSVGElement, unknown> = svg.selectAll<SVGGElement, FlameNode>('g.ss-flame-frame').data(shown).join('g')
      .attr('class', (d) => `ss-flame-frame${matches.has(d.data.frame.id) ? ' ss-flame-match' : ''}${d === focus ? ' ss-flame-focus' : ''}`)
      .attr('data-id', (d) => d.data.frame.id)
      .attr('data-name', (d) => d.data.frame.name)
      .attr('data-inflation', (d) => frameInflation(d.data.frame, workers) ?? '')
      .attr('transform', (d) => {
        const x0 = ancestors.has(d) ? 0 : x(d.x0);
        return `translate(${x0},${(d.depth - depth0) * ROW})`;
      })
      .attr('cursor', 'pointer')
      .attr('opacity', (d) => (query && !matches.has(d.data.frame.id) ? 0.35 : 1));
    const widthOf = (d: FlameNode) => (ancestors.has(d) ? WIDTH : x(d.x1) - x(d.x0));
    g.append('rect')
      .attr('width', (d) => Math.max(0, widthOf(d) - 0.5))
      .attr('height', ROW - 1)
      .attr('fill', (d) => inflationColor(frameInflation(d.data.frame, workers)))
      .attr('stroke', (d) => (matches.has(d.data.frame.id) ? 'currentColor' : 'none'))
      .attr('stroke-width', 1.5);
    g.append('text').attr('x', 4).attr('y', ROW / 2).attr('dy', '0.35em').attr('font-size', 12).attr('fill', '#111')
      .attr('pointer-events', 'none')
      .text((d) => label(d.data.frame, widthOf(d)));
    g.on('click', (_ev: MouseEvent, d) => {
      focus = d === focus || d === root ? null : d;
      draw();
      o.onSelect(focus ? focus.data.frame : null);
    });
    g.on('mousemove', (ev: MouseEvent, d) => o.tooltip.show(ev.clientX, ev.clientY, frameTooltip(d.data.frame, o.flame)));
    g.on('mouseleave', () => o.tooltip.hide());
  }

  function label(frame: FlameFrame, px: number): string {
    const chars = Math.floor((px - 8) / 7);
    if (chars < 3) return '';
    const text = `${frame.name} ${fmtMs(cost(frame, workers).totalMsPerTask)}`;
    return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
  }

  function layout(): void {
    const keep = focus?.data.frame.id ?? null;
    root = flameLayout(o.flame, workers);
    focus = keep === null ? null : nodes().find((d) => d.data.frame.id === keep) ?? null;
  }

  layout();
  draw();
  return {
    setWorkers(p) { workers = p; layout(); draw(); },
    search(q) {
      query = q.trim();
      matches = searchFrames(o.flame, query);
      draw();
      return nodes().filter((d) => matches.has(d.data.frame.id)).length;
    },
    zoomTo(id) {
      focus = id === null ? null : nodes().find((d) => d.data.frame.id === id) ?? null;
      draw();
      o.onSelect(focus ? focus.data.frame : null);
    },
  };
}
