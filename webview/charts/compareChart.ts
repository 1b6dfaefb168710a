// Two runs' speedup curves on the same axes.
import { fmtMs, fmtX } from '../../common/format';
import { axisLeft, line, scaleLinear } from 'd3';
import type { MeasuredPoint } from '../model/scalingModel';
import { appendLegend, clipToPlot, createFrame, drawAxes, drawGrid, workerAxis } from './frame';
import type { Tooltip } from './tooltip';

export interface CompareSeries { label: string; className: string; points: MeasuredPoint[] }

export function renderCompareChart(container: HTMLElement, series: CompareSeries[], tooltip: Tooltip): void {
  const f = createFrame(container, { width: 720, height: 320, label: 'Speedup of both runs', className: 'ss-compare-chart' });
  const all = series.flatMap((s) => s.points);
  const xMax = Math.max(2, ...all.map((p) => p.workers));
  const x = scaleLinear().domain([1, xMax]).range([0, f.width]);
  // The intervals are not drawn here (the table has them): the y range follows the drawn medians.
  const y = scaleLinear().domain([0, Math.max(1, ...all.map((p) => p.speedup)) * 1.15]).range([f.height, 0]).nice();
  drawGrid(f, y.ticks(6), y);
  drawAxes(f, workerAxis(x), axisLeft(y).ticks(6).tickFormat((d) => `${d}×`), 'workers (threads)', 'speedup T(1)/T(p)');
  const [d0, d1] = x.domain();
  // The ideal line S = p runs to the last count and is clipped at the chart's top, never bent to it.
  f.plot.append('line').attr('class', 'ss-ideal').attr('clip-path', clipToPlot(f)).attr('x1', x(d0)).attr('y1', y(d0)).attr('x2', x(d1)).attr('y2', y(d1));
  series.forEach((s) => {
    const g = f.plot.append('g').attr('class', `ss-series ${s.className}`);
    g.append('path').attr('class', 'ss-series-line').attr('d', line<MeasuredPoint>().x((d) => x(d.workers)).y((d) => y(d.speedup))(s.points));
    g.selectAll('circle').data(s.points).join('circle').attr('class', 'ss-point').attr('r', 5).attr('cx', (d) => x(d.workers)).attr('cy', (d) => y(d.speedup))
      .on('mousemove', (ev: MouseEvent, d) => tooltip.show(ev.clientX, ev.clientY, [`${s.label}: ${d.workers} workers`, `speedup ${fmtX(d.speedup)}`, `makespan ${fmtMs(d.makespanMs)}`]))
      .on('mouseleave', () => tooltip.hide());
  });
  appendLegend(container, series.map((s): [string, string] => [`ss-key-${s.className}`, s.label]));
}
