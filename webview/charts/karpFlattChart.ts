// Karp–Flatt experimentally determined serial fraction e(p); rising with p means overhead grows.
import { fmtNum } from '../../common/format';
import { axisLeft, line, scaleLinear } from 'd3';
import { createFrame, drawAxes, workerAxis } from './frame';
import type { Tooltip } from './tooltip';

export function renderKarpFlattChart(container: HTMLElement, data: { workers: number; e: number }[], tooltip: Tooltip): void {
  const f = createFrame(container, { width: 360, height: 200, label: 'Karp–Flatt serial fraction', className: 'ss-karp-flatt', margin: { top: 16, right: 16, bottom: 44, left: 56 } });
  // One point alone still gets a readable axis: a whole worker count either side of it.
  const lo0 = Math.min(...data.map((d) => d.workers)), hi0 = Math.max(...data.map((d) => d.workers));
  const x = scaleLinear().domain(lo0 === hi0 ? [Math.max(1, lo0 - 1), hi0 + 1] : [lo0, hi0]).range([0, f.width]);
  const lo = Math.min(0, ...data.map((d) => d.e)), hi = Math.max(0.01, ...data.map((d) => d.e));
  const y = scaleLinear().domain([lo, hi * 1.15]).range([f.height, 0]).nice();
  drawAxes(f, workerAxis(x, 6), axisLeft(y).ticks(4), 'workers (threads)', 'serial fraction e');
  f.plot.append('path').attr('class', 'ss-kf-line').attr('d', line<(typeof data)[number]>().x((d) => x(d.workers)).y((d) => y(d.e))(data));
  f.plot.append('g').selectAll('circle').data(data).join('circle').attr('class', 'ss-point ss-kf-point').attr('r', 4)
    .attr('cx', (d) => x(d.workers)).attr('cy', (d) => y(d.e))
    .on('mousemove', (ev: MouseEvent, d) => tooltip.show(ev.clientX, ev.clientY, [`${d.workers} workers`, `Karp–Flatt e = ${fmtNum(d.e)}`]))
    .on('mouseleave', () => tooltip.hide());
}
