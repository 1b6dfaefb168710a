// Per-worker flame chart: for one worker count and repeat, one block of rows per worker, stack depth
// downwards, time across on the Timeline's axis (ms from the repeat start), all workers on one
// synchronized scale. Canvas, so that tens of thousands of samples stay responsive; wheel/drag zoom.
import { fmtMs } from '../../common/format';
import { axisTop, pointer, scaleLinear, select, zoom, zoomIdentity, type D3ZoomEvent, type ZoomTransform } from 'd3';
import type { FlameAnalysis, FlameFrame, PointFlame } from '../../common/runFile';
import type { Tooltip } from './tooltip';
import { timeTickFormat } from '../format';
import { frameInflation, frameTooltip, inflationColor, intervalAt, lanesOf, pointNodesToFrames } from './flameData';
import { OWN_FRAME_LABEL, ownFrameIds, type OwnFrames } from './flameFold';
import { onThemeChange } from '../theme';

const GUTTER = 72;
const AXIS_H = 28;
const LANE_GAP = 6;

export interface FlameLanesOptions {
  point: PointFlame;
  workers: number;
  /** The merged tree: colours frames by inflation; null colours by name only. */
  flame: FlameAnalysis | null;
  repeat: number;
  tooltip: Tooltip;
  /** Scalescope's own worker frames: one "Scalescope worker" row per stack (default), or none. */
  ownFrames?: OwnFrames;
}

/** Frames narrower than this (CSS px) carry no label. */
const LABEL_MIN_PX = 36;

/** A stable colour per function name when there is no inflation to show. */
function nameColor(name: string): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) | 0;
  return `hsl(${Math.abs(h) % 360} 55% 60%)`;
}

export function renderFlameLanes(container: HTMLElement, o: FlameLanesOptions): void {
  const { lanes, t1 } = lanesOf(o.point, o.repeat);
  const frames = o.flame ? pointNodesToFrames(o.point, o.flame) : new Map<number, FlameFrame>();
  const own = ownFrameIds(o.point.nodes);
  const hideOwn = o.ownFrames === 'hide';
  // Ancestor chain per node, root excluded, outermost first, drawn from the top row down; a run of
  // Scalescope's own frames is one entry (its first frame, drawn as "Scalescope worker") or none.
  const chains = new Map<number, number[]>();
  const chain = (node: number): number[] => {
    let c = chains.get(node);
    if (!c) {
      const up: number[] = [];
      for (let cur = node; cur >= 0 && o.point.nodes[cur].parent >= 0; cur = o.point.nodes[cur].parent) up.push(cur);
      up.reverse();
      c = up.filter((n, i) => !own.has(n) || (!hideOwn && !(i > 0 && own.has(up[i - 1]))));
      chains.set(node, c);
    }
    return c;
  };
  let maxDepth = 0;
  for (const l of lanes) for (const n of l.node) maxDepth = Math.max(maxDepth, chain(n).length);
  const levels = Math.max(1, maxDepth);
  const rowH = Math.max(3, Math.min(14, Math.floor(480 / Math.max(1, lanes.length * levels))));
  const laneH = levels * rowH + LANE_GAP;
  const nameOf = (node: number): string => (own.has(node) ? OWN_FRAME_LABEL : o.point.nodes[node]?.name ?? '');
  const box = select(container).append('div').attr('class', 'ss-flame-lanes');
  box.attr('data-lanes', lanes.length).attr('data-intervals', lanes.reduce((s, l) => s + l.node.length, 0));
  const axisSvg = box.append('svg').attr('class', 'ss-flame-lanes-axis').attr('height', AXIS_H);
  const canvasSel = box.append('canvas').attr('class', 'ss-flame-lanes-canvas');
  const canvas = canvasSel.node()!;
  const ctx2d = canvas.getContext('2d')!;
  const font = getComputedStyle(container).fontFamily || 'sans-serif';

  const colorOf = new Map<number, string>();
  const color = (node: number): string => {
    let c = colorOf.get(node);
    if (c === undefined) {
      const frame = frames.get(node);
      c = frame && o.flame ? inflationColor(frameInflation(frame, o.workers)) : nameColor(o.point.nodes[node]?.name ?? '');
      colorOf.set(node, c);
    }
    return c;
  };

  let width = 0;
  const x0 = scaleLinear().domain([0, Math.max(1e-3, t1)]);
  let transform: ZoomTransform = zoomIdentity;
  let painted = 0;
  let frameReq = 0;

  function draw(): void {
    frameReq = 0;
    const d = window.devicePixelRatio || 1;
    const height = lanes.length * laneH;
    width = Math.max(240, (box.node()!.clientWidth || container.clientWidth || 900));
    x0.range([GUTTER, width - 8]);
    const xs = transform.rescaleX(x0);
    canvas.width = Math.round(width * d);
    canvas.height = Math.max(1, Math.round(height * d));
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    axisSvg.attr('width', width);
    axisSvg.selectAll('*').remove();
    const dom = xs.domain() as [number, number];
    axisSvg.append('g').attr('class', 'ss-axis').attr('transform', `translate(0,${AXIS_H - 1})`)
      .call(axisTop(xs).ticks(Math.max(2, Math.floor(width / 110))).tickFormat((v) => timeTickFormat(dom, 8)(Number(v))));
    ctx2d.setTransform(d, 0, 0, d, 0, 0);
    ctx2d.clearRect(0, 0, width, height);
    canvas.dataset.labels = '0';
    ctx2d.font = `11px ${font}`;
    // Read at every paint: the theme may have changed since the last one.
    const fg = getComputedStyle(container).color || '#333';
    const labelFont = `${Math.min(11, rowH - 2)}px ${font}`;
    lanes.forEach((lane, li) => {
      const top = li * laneH;
      ctx2d.font = `11px ${font}`;
      ctx2d.fillStyle = fg;
      ctx2d.textBaseline = 'middle';
      ctx2d.fillText(`worker ${lane.worker}`, 6, top + Math.min(levels * rowH, 14) / 2 + 1);
      ctx2d.save();
      ctx2d.beginPath();
      ctx2d.rect(GUTTER, top, width - GUTTER, levels * rowH);
      ctx2d.clip();
      // A frame spans the consecutive samples whose stacks hold it at its level: one label per span.
      const spans: ({ node: number; a: number; b: number } | undefined)[] = new Array(levels);
      const labels: { node: number; a: number; b: number; level: number }[] = [];
      const close = (level: number): void => {
        const sp = spans[level];
        if (sp && sp.b - sp.a >= LABEL_MIN_PX) labels.push({ ...sp, level });
        spans[level] = undefined;
      };
      for (let i = 0; i < lane.node.length; i++) {
        const a = xs(lane.startMs[i]);
        const b = xs(lane.endMs[i]);
        if (b < GUTTER || a > width) continue;
        const w = Math.max(0.5, b - a);
        const stack = chain(lane.node[i]);
        for (let level = 0; level < levels; level++) {
          const node = stack[level];
          const sp = spans[level];
          if (sp && (node !== sp.node || a - sp.b > 1)) close(level);
          if (node === undefined) continue;
          const open = spans[level];
          if (open) open.b = b; else spans[level] = { node, a, b };
          ctx2d.fillStyle = color(node);
          ctx2d.fillRect(a, top + level * rowH, w, rowH - (rowH > 4 ? 1 : 0));
        }
      }
      for (let level = 0; level < levels; level++) close(level);
      if (rowH >= 9) {
        // Frame colours are fixed light-to-mid tones (flameData.ts): dark text reads on all of them.
        ctx2d.font = labelFont;
        ctx2d.fillStyle = '#111';
        for (const l of labels) {
          const a = Math.max(GUTTER, l.a), b = Math.min(width, l.b);
          const room = Math.floor((b - a - 6) / 6.5);
          if (room < 3) continue;
          const name = nameOf(l.node);
          ctx2d.fillText(name.length <= room ? name : `${name.slice(0, room - 1)}…`, a + 3, top + l.level * rowH + rowH / 2);
        }
      }
      canvas.dataset.labels = String(Number(canvas.dataset.labels ?? 0) + labels.length);
      ctx2d.restore();
    });
    canvas.dataset.painted = String(++painted);
    canvas.dataset.domain = `${dom[0]} ${dom[1]}`;
  }
  const schedule = (): void => { if (!frameReq) frameReq = requestAnimationFrame(draw); };

  const zoomer = zoom<HTMLCanvasElement, unknown>()
    .scaleExtent([1, Math.max(1, t1 / 0.01)])
    .on('zoom', (ev: D3ZoomEvent<HTMLCanvasElement, unknown>) => { transform = ev.transform; schedule(); });
  canvasSel.call(zoomer).on('dblclick.zoom', null);
  const setExtent = (): void => {
    zoomer.extent([[GUTTER, 0], [width, 100]]).translateExtent([[GUTTER, 0], [width, 100]]);
  };

  canvasSel.on('mousemove', (ev: MouseEvent) => {
    const [mx, my] = pointer(ev, canvas);
    const li = Math.floor(my / laneH);
    const level = Math.floor((my - li * laneH) / rowH) + 1;
    const lane = lanes[li];
    if (!lane || mx < GUTTER || level > levels) { o.tooltip.hide(); return; }
    const t = transform.rescaleX(x0).invert(mx);
    const i = intervalAt(lane, t);
    const node = i >= 0 ? chain(lane.node[i])[level - 1] : undefined;
    if (node === undefined) { o.tooltip.hide(); return; }
    const frame = frames.get(node);
    const head = `worker ${lane.worker} · ${fmtMs(lane.startMs[i])}–${fmtMs(lane.endMs[i])}`;
    o.tooltip.show(ev.clientX, ev.clientY, frame && o.flame && !own.has(node) ? [...frameTooltip(frame, o.flame), head] : [nameOf(node), head]);
  });
  canvasSel.on('mouseleave', () => o.tooltip.hide());

  draw();
  setExtent();
  new ResizeObserver(() => { setExtent(); schedule(); }).observe(box.node()!);
  onThemeChange(canvas, schedule);
}
