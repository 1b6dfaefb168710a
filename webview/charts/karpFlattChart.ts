// Karp–Flatt experimentally determined serial fraction e(p); rising with p means overhead grows.
import { axisBottom, axisLeft, line, scaleLinear } from 'd3';
import { createFrame, drawAxes } from './frame';
import type { Tooltip } from './tooltip';
import { fmtNum } from '../format';

export function renderKarpFlattChart(container: HTMLElement, data: { workers: number; e: number }[], tooltip: Tooltip): void {
  const f = createFrame(container, { width: 360, height: 200, label: 'Karp–Flatt serial fraction', className: 'ss-karp-flatt', margin: { top: 16, right: 16, bottom: 44, left: 56 } });
  const x = scaleLinear().domain([Math.min(...data.map((d) => d.workers)), Math.max(...data.map((d) => d.workers))]).range([0, f.width]).nice();
  const lo = Math.min(0, ...data.map((d) => d.e)), hi = Math.max(0.01, ...data.map((d) => d.e));
  const y = scaleLinear().domain([lo, hi * 1.15]).range([f.height, 0]).nice();
  drawAxes(f, axisBottom(x).ticks(5), axisLeft(y).ticks(4), 'workers (threads)', 'serial fraction e');
  f.plot.append('path').attr('class', 'ss-kf-line').attr('d', line<(typeof data)[number]>().x((d) => x(d.workers)).y((d) => y(d.e))(data));
  f.plot.append('g').selectAll('circle').data(data).join('circle').attr('class', 'ss-point ss-kf-point').attr('r', 4)
    .attr('cx', (d) => x(d.workers)).attr('cy', (d) => y(d.e))
    .on('mousemove', (ev: MouseEvent, d) => tooltip.show(ev.clientX, ev.clientY, [`${d.workers} workers`, `Karp–Flatt e = ${fmtNum(d.e)}`]))
    .on('mouseleave', () => tooltip.hide());
}
