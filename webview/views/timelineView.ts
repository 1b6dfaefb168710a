// Timeline tab: one lane per worker for a chosen worker count and repeat, per-core utilisation
// beneath on the same time axis; zoom/pan (wheel, drag, keys), brush a range on the axis, hover
// a task or a core sample. Canvas + level-of-detail aggregation: a million tasks stay responsive.
import { fmtCount, fmtMs, fmtPct, plural } from '../../common/format';
import { axisTop, brushX, scaleLinear, select, zoom, zoomIdentity, type D3BrushEvent, type D3ZoomEvent, type ScaleLinear, type ZoomTransform } from 'd3';
import type { Point, RunFile } from '../../common/runFile';
import { taskRows, type View } from './view';
import { append } from '../dom';
import { createTooltip } from '../charts/tooltip';
import { buildLanes, gatherLaneColumns, repeatsOf, taskAt, type LaneSet } from '../timeline/lanes';
import { coverageFromPyramid, coverageFromTasks, emptyCoverage, pyramidFor, type LanePyramid } from '../timeline/lod';
import { firstEndingAfter, lastStartingBefore } from '../timeline/lanes';
import { drawLanes, type LaneColors } from '../timeline/drawLanes';
import { drawHeatmap, firstSampleAfter, type HeatColors } from '../timeline/drawHeatmap';
import { onThemeChange, readPalette, toRgba } from '../theme';
import { timeTickFormat } from '../format';
import { taskTooltip } from '../timeline/taskTooltip';
import { keepTickLabelsInside } from '../charts/frame';
import { groupLanesByHost, groupOfLane, type HostGroup } from '../timeline/hostGroups';
import { drawHostBands } from '../timeline/drawHostBands';
import { timelineCores, type TimelineCores } from '../timeline/hostCores';

/** The lanes' gutter (lane labels); on a fleet run a band for the host names comes first. */
const LABEL_GUTTER = 72;
const HOST_BAND = 88;

/** The points the Timeline offers, fewest workers first; it opens on the last. */
function timelinePoints(run: RunFile): Point[] {
  return [...run.points].filter((p) => p.tasks.index.length > 0).sort((a, b) => a.workers - b.workers);
}
const AXIS_H = 30;

export const timelineView: View = {
  id: 'timeline',
  title: () => 'Timeline',
  available: (s) => s.run.points.some((p) => taskRows(s, p) > 0),
  needsTasks: true,
  renderAhead: true,
  render(container, { run, tasks: deferred }) {
    const points = timelinePoints(run);
    const fleet = (run.hosts?.length ?? 0) > 0;
    const GUTTER = fleet ? HOST_BAND + LABEL_GUTTER : LABEL_GUTTER;
    const controls = append(container, 'div', 'ss-controls');
    const pointSel = append(append(controls, 'label', undefined, 'Workers '), 'select', 'ss-select-workers');
    points.forEach((p, i) => { const o = append(pointSel, 'option', undefined, String(p.workers)); o.value = String(i); });
    pointSel.value = String(points.length - 1);
    const repeatSel = append(append(controls, 'label', undefined, 'Repeat '), 'select', 'ss-select-repeat');
    const zoomIn = append(controls, 'button', 'ss-button', '+'); zoomIn.title = 'Zoom in (+)';
    const zoomOut = append(controls, 'button', 'ss-button', '−'); zoomOut.title = 'Zoom out (−)';
    const reset = append(controls, 'button', 'ss-button', 'Reset'); reset.title = 'Show everything (0)';
    const toSel = append(controls, 'button', 'ss-button ss-zoom-selection', 'Zoom to selection'); toSel.title = 'Zoom to the brushed range (Enter)';
    toSel.disabled = true;
    const legend = append(controls, 'span', 'ss-legend-inline');
    for (const [cls, label] of [['run', 'running'], ['lock', 'lock wait'], ['gc', 'GC'], ['queue', 'queue wait'], ['failed', 'failed']]) {
      const item = append(legend, 'span', 'ss-legend-item');
      append(item, 'span', `ss-swatch ss-swatch-${cls}`);
      item.append(label);
    }
    const info = append(container, 'div', 'ss-tl-info ss-muted');
    // A fleet run: one heading per host (name, slots, clock offset ± uncertainty), in lane order.
    const hostHeadings = fleet ? append(container, 'div', 'ss-tl-hosts') : null;
    const stack = append(container, 'div', 'ss-tl-stack');
    stack.tabIndex = 0;
    stack.setAttribute('aria-label', 'Timeline: arrows pan, + and − zoom, 0 resets, drag on the time axis to select a range');
    const axisSvg = select(stack).append('svg').attr('class', 'ss-tl-axis');
    const lanesCanvas = append(stack, 'canvas', 'ss-tl-lanes');
    const heatTitle = append(stack, 'div', 'ss-tl-heat-title ss-muted', 'CPU utilisation per core ');
    // The strip's scale: lane background (idle) to the heat colour (100% busy), as drawHeatmap mixes them.
    const heatKey = append(heatTitle, 'span', 'ss-heat-key');
    append(heatKey, 'span', undefined, '0%');
    append(heatKey, 'span', 'ss-heat-gradient');
    append(heatKey, 'span', undefined, '100% busy');
    const heatCanvas = append(stack, 'canvas', 'ss-tl-heat');
    const selectionInfo = append(container, 'div', 'ss-tl-selection ss-muted');
    const tooltip = createTooltip(container);

    let colors: LaneColors, heatColors: HeatColors;
    /** Canvas colours from the theme: read again after every theme switch (then the canvases are repainted). */
    function readColors(): void {
      const palette = readPalette(container);
      const font = getComputedStyle(container).fontFamily || 'sans-serif';
      colors = {
        bg: toRgba(palette.bg), alt: toRgba(palette.laneAlt), run: toRgba(palette.run), lock: toRgba(palette.lock), gc: toRgba(palette.gc),
        failed: toRgba(palette.failed), queue: toRgba(palette.queue), fg: palette.fg, font,
      };
      heatColors = { bg: toRgba(palette.bg), heat: toRgba(palette.heat), fg: palette.fg, font };
    }
    readColors();
    onThemeChange(stack, () => { readColors(); draw(); });
    const laneScratch = { image: null as ImageData | null }, heatScratch = { image: null as ImageData | null };

    let point: Point = points[points.length - 1];
    let set: LaneSet = { lanes: [], t0: 0, t1: 1, tasks: 0 };
    let groups: HostGroup[] = [];
    let pyramids: (LanePyramid | null)[] = [];
    let repeat = 0;
    let x0 = scaleLinear();
    let xs: ScaleLinear<number, number> = x0;
    let transform: ZoomTransform = zoomIdentity;
    let selection: [number, number] | null = null;
    let width = 0, laneH = 20, rowH = 8, frame = 0;
    const dpr = (): number => window.devicePixelRatio || 1;
    const plotW = (): number => Math.max(50, width - GUTTER);
    let coreRows: { point: Point; repeat: number; rows: TimelineCores | null } | null = null;
    const rows = (): TimelineCores | null => {
      if (coreRows?.point !== point || coreRows.repeat !== repeat) coreRows = { point, repeat, rows: timelineCores(point, repeat, run.hosts) };
      return coreRows.rows;
    };
    const cores = (): Point['cores'][number] | null => rows()?.series ?? null;
    const intervalMs = (): number => {
      const c = cores();
      if (run.config.coreSampleMs) return run.config.coreSampleMs;
      return c && c.timesMs.length > 1 ? c.timesMs[1] - c.timesMs[0] : 20;
    };

    const zoomer = zoom<HTMLDivElement, unknown>()
      .filter((ev: Event) => !(ev.target instanceof SVGElement && (ev.target as SVGElement).closest('.ss-tl-axis') && ev.type !== 'wheel') && !(ev as MouseEvent).button)
      .on('zoom', (ev: D3ZoomEvent<HTMLDivElement, unknown>) => {
        // A reset to where we already are (on load) needs no second frame.
        if (ev.transform.k === transform.k && ev.transform.x === transform.x) return;
        transform = ev.transform;
        schedule();
      });
    const stackSel = select(stack as HTMLDivElement);
    stackSel.call(zoomer).on('dblclick.zoom', null);

    const brush = brushX<unknown>().on('end', (ev: D3BrushEvent<unknown>) => {
      if (!ev.sourceEvent) return; // moved by us after a zoom
      const s = ev.selection as [number, number] | null;
      selection = s ? [xs.invert(s[0]), xs.invert(s[1])] : null;
      describeSelection();
    });
    const axisG = axisSvg.append('g').attr('class', 'ss-axis');
    const brushG = axisSvg.append('g').attr('class', 'ss-brush');

    let lastWidth = 0;
    function layout(): void {
      lastWidth = stack.clientWidth;
      width = Math.max(200, stack.clientWidth || container.clientWidth || 800);
      laneH = Math.max(8, Math.min(28, Math.floor(440 / Math.max(1, set.lanes.length))));
      const nCores = cores()?.busy.length ?? 0;
      rowH = nCores ? Math.max(3, Math.min(12, Math.floor(160 / nCores))) : 0;
      const d = dpr();
      lanesCanvas.width = Math.round(width * d); lanesCanvas.height = Math.max(1, Math.round(laneH * set.lanes.length * d));
      lanesCanvas.style.width = `${width}px`; lanesCanvas.style.height = `${laneH * set.lanes.length}px`;
      heatCanvas.width = Math.round(width * d); heatCanvas.height = Math.max(1, Math.round(rowH * nCores * d));
      heatCanvas.style.width = `${width}px`; heatCanvas.style.height = `${rowH * nCores}px`;
      axisSvg.attr('width', width).attr('height', AXIS_H);
      x0 = scaleLinear().domain([set.t0, set.t1]).range([GUTTER, GUTTER + plotW()]);
      const maxZoom = Math.max(1, (set.t1 - set.t0) / 0.05);
      zoomer.extent([[GUTTER, 0], [width, 100]]).translateExtent([[GUTTER, 0], [width, 100]]).scaleExtent([1, maxZoom]);
      brush.extent([[GUTTER, 0], [width, AXIS_H]]);
      brushG.call(brush);
    }

    function load(): void {
      const repeats = repeatsOf(point);
      repeatSel.replaceChildren(...repeats.map((r) => { const o = document.createElement('option'); o.value = String(r); o.textContent = String(r + 1); return o; }));
      if (!repeats.includes(repeat)) repeat = repeats[0] ?? 0;
      repeatSel.value = String(repeat);
      set = buildLanes(point, repeat);
      groups = groupLanesByHost(set, point, run.hosts);
      if (hostHeadings) {
        hostHeadings.replaceChildren(...groups.map((g) => {
          const el = document.createElement('span');
          el.className = 'ss-tl-host';
          el.textContent = g.heading;
          el.title = g.detail.join('\n');
          el.dataset.host = String(g.host);
          el.dataset.firstLane = String(g.first);
          el.dataset.lanes = String(g.count);
          return el;
        }));
      }
      performance.mark('scalescope:lanes-built');
      // First paint does not wait for the pyramids: until a lane's is built, it is drawn from its tasks.
      pyramids = set.lanes.map(() => null);
      buildPyramidsLater(set);
      selection = null;
      layout();
      transform = zoomIdentity;
      stackSel.call(zoomer.transform, zoomIdentity);
      describeSelection();
      draw();
    }

    /**
     * After the first frame is presented, one lane per macrotask (the page stays responsive): its
     * queue, lock-wait, GC and ok columns gathered into lane order, then its pyramid built.
     */
    function buildPyramidsLater(forSet: LaneSet): void {
      let li = 0;
      const next = (): void => {
        if (set !== forSet || li >= forSet.lanes.length) return;
        gatherLaneColumns(forSet.lanes[li]);
        pyramids[li] = pyramidFor(forSet.lanes[li], forSet.t0, forSet.t1);
        li++;
        if (li < forSet.lanes.length) setTimeout(next, 0);
        // No frame for it: the one on screen was drawn exactly from the tasks; the pyramids speed up the next ones.
        else stack.dataset.pyramids = 'ready';
      };
      stack.dataset.pyramids = 'building';
      // The rAF callback runs before the next frame; the task it queues, after it.
      requestAnimationFrame(() => setTimeout(next, 0));
    }

    function schedule(): void {
      if (frame) return;
      frame = requestAnimationFrame(() => { frame = 0; draw(); });
    }

    function draw(): void {
      if (frame) { cancelAnimationFrame(frame); frame = 0; } // this frame supersedes a scheduled one
      const started = performance.now();
      xs = transform.rescaleX(x0);
      const [v0, v1] = xs.domain();
      const nTicks = Math.max(2, Math.floor(plotW() / 90));
      const tickFmt = timeTickFormat([v0, v1], nTicks);
      axisG.attr('transform', `translate(0,${AXIS_H - 1})`).call(axisTop(xs).ticks(nTicks).tickFormat((d) => tickFmt(+d)));
      keepTickLabelsInside(axisG, width);
      const lctx = lanesCanvas.getContext('2d')!;
      const stats = drawLanes(lctx, set.lanes, pyramids, xs, {
        gutter: GUTTER, plotWidth: plotW(), laneHeight: laneH, dpr: dpr(),
        ...(fleet ? { labelLeft: HOST_BAND + 6, laneLabel: (lane) => `slot ${lane.worker}` } : {}),
      }, colors, laneScratch);
      if (groups.length) drawHostBands(lctx, groups, { bandWidth: HOST_BAND, width, laneHeight: laneH }, { fg: colors.fg, band: colors.fg, rule: colors.fg, font: colors.font });
      drawHeatmap(heatCanvas.getContext('2d')!, cores(), xs, intervalMs(), { gutter: GUTTER, plotWidth: plotW(), rowHeight: rowH, dpr: dpr() }, heatColors, heatScratch);
      if (selection) {
        // Keep the brushed range on its times; hide it (not forget it) while it is out of view.
        const a = Math.max(GUTTER, xs(selection[0])), b = Math.min(width, xs(selection[1]));
        brushG.call(brush.move, b > a ? [a, b] : null);
      }
      const on = groups.length ? `${plural(set.lanes.length, 'slot')} on ${plural(groups.filter((g) => g.host >= 0).length, 'host')}` : plural(set.lanes.length, 'worker');
      info.textContent = `${fmtCount(set.tasks)} tasks on ${on} · showing ${fmtMs(v0)} – ${fmtMs(v1)} · ${fmtCount(stats.visibleTasks)} tasks in view${stats.aggregated ? ` (${plural(stats.aggregated, 'lane')} aggregated per pixel)` : ''}`;
      stack.dataset.domain = `${v0} ${v1}`;
      stack.dataset.lanes = String(set.lanes.length);
      if (groups.length) stack.dataset.hosts = groups.map((g) => `${g.name}:${g.count}`).join(' ');
      stack.dataset.plotLeft = String(GUTTER);
      stack.dataset.plotWidth = String(plotW());
      stack.dataset.laneHeight = String(laneH);
      stack.dataset.tasks = String(set.tasks);
      stack.dataset.visibleTasks = String(stats.visibleTasks);
      stack.dataset.mode = `bars:${stats.bars} aggregated:${stats.aggregated}`;
      stack.dataset.frameMs = (performance.now() - started).toFixed(2);
      // Drawn ahead into a hidden panel (renderAhead) is not on screen: frames count once it is shown.
      if (lastWidth > 0) {
        stack.dataset.painted = String(Number(stack.dataset.painted ?? '0') + 1);
        if (stack.dataset.painted === '1') performance.mark('scalescope:first-draw');
      }
    }

    function describeSelection(): void {
      toSel.disabled = !selection;
      if (!selection) { selectionInfo.textContent = 'Drag on the time axis to select a range.'; return; }
      const [a, b] = selection;
      let tasks = 0, running = 0, lock = 0, gc = 0;
      set.lanes.forEach((lane, li) => {
        const i0 = firstEndingAfter(lane, a), i1 = lastStartingBefore(lane, b);
        tasks += Math.max(0, i1 - i0);
        const cov = emptyCoverage(1);
        const p = pyramids[li];
        if (!(p && i1 - i0 > 4096 && coverageFromPyramid(p, a, b, cov))) coverageFromTasks(lane, i0, i1, a, b, cov);
        running += cov.run[0]; lock += cov.lock[0]; gc += cov.gc[0];
      });
      const n = Math.max(1, set.lanes.length);
      selectionInfo.textContent = `Selected ${fmtMs(a)} – ${fmtMs(b)} (${fmtMs(b - a)}): ${fmtCount(tasks)} tasks; workers running ${fmtPct(running / n)}, waiting on locks ${fmtPct(lock / n)}, in GC ${fmtPct(gc / n)}.`;
    }

    function zoomTo(a: number, b: number): void {
      const k = plotW() / (x0(b) - x0(a));
      stackSel.call(zoomer.transform, zoomIdentity.translate(GUTTER - k * x0(a), 0).scale(k));
    }

    function hover(ev: MouseEvent): void {
      const rect = stack.getBoundingClientRect();
      const mx = ev.clientX - rect.left - stack.clientLeft;
      if (mx < GUTTER) {
        // Over a host's band: which host, its slots and its clock.
        const g = ev.target === lanesCanvas && mx < HOST_BAND ? groupOfLane(groups, Math.floor((ev.clientY - lanesCanvas.getBoundingClientRect().top) / laneH)) : undefined;
        if (g) tooltip.show(ev.clientX, ev.clientY, g.detail);
        else tooltip.hide();
        return;
      }
      const t = xs.invert(mx);
      if (ev.target === lanesCanvas) {
        const li = Math.floor((ev.clientY - lanesCanvas.getBoundingClientRect().top) / laneH);
        const lane = set.lanes[li];
        const k = lane ? taskAt(lane, t, Math.abs(xs.invert(mx + 2) - t)) : -1;
        if (!lane || k < 0) { tooltip.hide(); return; }
        const i = lane.row[k], c = point.tasks;
        // The report decodes the columns only the tooltip reads just after the first frame (webview/deferredTasks.ts).
        if (deferred && !deferred.complete) tooltip.show(ev.clientX, ev.clientY, [`Task #${c.index[i]}`, 'Reading its details…']);
        else tooltip.show(ev.clientX, ev.clientY, taskTooltip(c, i, run.hosts));
      } else if (ev.target === heatCanvas && rowH > 0) {
        const series = cores();
        const core = Math.floor((ev.clientY - heatCanvas.getBoundingClientRect().top) / rowH);
        if (!series || !series.busy[core]) { tooltip.hide(); return; }
        const i = Math.min(series.timesMs.length - 1, firstSampleAfter(series.timesMs, t - 1e-9));
        tooltip.show(ev.clientX, ev.clientY, [rows()?.labels[core] ?? `cpu ${core}`, `${fmtMs(series.timesMs[i] - intervalMs())} – ${fmtMs(series.timesMs[i])}`, `utilisation ${fmtPct(series.busy[core][i])} (${series.source})`]);
      } else tooltip.hide();
    }

    let hovering: MouseEvent | null = null;
    stack.addEventListener('mousemove', (ev) => { hovering = ev; hover(ev); });
    stack.addEventListener('mouseleave', () => { hovering = null; tooltip.hide(); });
    // A tooltip shown while the task's details were still being read says them once they are in.
    if (deferred && !deferred.complete) deferred.whenComplete().then(() => { if (hovering) hover(hovering); }, () => undefined);
    stack.addEventListener('keydown', (ev) => {
      const center: [number, number] = [GUTTER + plotW() / 2, 0];
      const step = plotW() * 0.1;
      if (ev.key === 'ArrowLeft') zoomer.translateBy(stackSel, step / transform.k, 0);
      else if (ev.key === 'ArrowRight') zoomer.translateBy(stackSel, -step / transform.k, 0);
      else if (ev.key === '+' || ev.key === '=') zoomer.scaleBy(stackSel, 1.5, center);
      else if (ev.key === '-' || ev.key === '_') zoomer.scaleBy(stackSel, 1 / 1.5, center);
      else if (ev.key === '0' || ev.key === 'Home') zoomer.transform(stackSel, zoomIdentity);
      else if (ev.key === 'Enter' && selection) zoomTo(selection[0], selection[1]);
      else return;
      ev.preventDefault();
    });
    zoomIn.addEventListener('click', () => zoomer.scaleBy(stackSel, 1.5, [GUTTER + plotW() / 2, 0]));
    zoomOut.addEventListener('click', () => zoomer.scaleBy(stackSel, 1 / 1.5, [GUTTER + plotW() / 2, 0]));
    reset.addEventListener('click', () => zoomer.transform(stackSel, zoomIdentity));
    toSel.addEventListener('click', () => { if (selection) zoomTo(selection[0], selection[1]); });
    pointSel.addEventListener('change', () => { point = points[Number(pointSel.value)]; load(); });
    repeatSel.addEventListener('change', () => { repeat = Number(repeatSel.value); load(); });
    // Keep the visible time range when the panel is resized, or first shown after being drawn
    // hidden (renderAhead). Drawn at once, in the frame being rendered: a resized canvas is blank until drawn.
    new ResizeObserver(() => {
      const w = stack.clientWidth;
      if (!w || w === lastWidth) return;
      lastWidth = w;
      const [a, b] = xs.domain();
      const zoomed = transform.k !== 1;
      layout();
      if (zoomed) zoomTo(a, b);
      draw();
    }).observe(stack);
    load();
  },
};
