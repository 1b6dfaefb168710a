// Parallel efficiency E = S/p per worker count, on the speedup chart's x axis.
import { axisBottom, axisLeft, line, scaleLinear } from 'd3';
import type { ScalingModel } from '../model/scalingModel';
import { appendLegend, createFrame, drawAxes, drawGrid } from './frame';
import type { Tooltip } from './tooltip';
import { fmtPct } from '../format';

export function renderEfficiencyChart(container: HTMLElement, model: ScalingModel, tooltip: Tooltip): void {
  const f = createFrame(container, { width: 720, height: 200, label: 'Efficiency per worker count', className: 'ss-efficiency' });
  const x = scaleLinear().domain([1, model.xMax]).range([0, f.width]).nice();
  const top = Math.max(1.05, ...model.measured.map((d) => d.efficiency));
  const y = scaleLinear().domain([0, top]).range([f.height, 0]);
  drawGrid(f, y.ticks(5), y);
  drawAxes(f, axisBottom(x).ticks(Math.min(12, model.xMax)), axisLeft(y).ticks(5).tickFormat((d) => `${Math.round(+d * 100)}%`), 'workers (threads)', 'efficiency S/p');
  const m = model.measured;
  // The USL fit's efficiency, past the measured counts like the speedup chart's curves.
  if (model.usl) f.plot.append('path').attr('class', 'ss-usl').attr('d', line<[number, number]>().x((d) => x(d[0])).y((d) => y(d[1] / d[0]))(model.usl));
  f.plot.append('path').attr('class', 'ss-measured-line').attr('d', line<(typeof m)[number]>().x((d) => x(d.workers)).y((d) => y(d.efficiency))(m));
  f.plot.append('g').selectAll('circle').data(m).join('circle').attr('class', 'ss-point ss-eff-point').attr('r', 4)
    .attr('cx', (d) => x(d.workers)).attr('cy', (d) => y(d.efficiency))
    .on('mousemove', (ev: MouseEvent, d) => tooltip.show(ev.clientX, ev.clientY, [`${d.workers} workers`, `efficiency ${fmtPct(d.efficiency)}`]))
    .on('mouseleave', () => tooltip.hide());
  appendLegend(container, [['ss-key-measured', 'measured'], ...(model.usl ? [['ss-key-usl', 'USL fit'] as [string, string]] : [])]);
}
