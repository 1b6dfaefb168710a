// Parallel efficiency E = S/p per worker count, on the speedup chart's x axis.
import { axisLeft, line, scaleLinear } from 'd3';
import type { ScalingModel } from '../model/scalingModel';
import type { Quality } from '../../common/runFile';
import { fmtMs, fmtPct, plural } from '../../common/format';
import { SUPERLINEAR_EFFICIENCY, superlinearCause } from '../../common/speedupText';
import { appendLegend, clipToPlot, createFrame, drawAxes, drawGrid, workerAxis } from './frame';
import type { Tooltip } from './tooltip';
import { drawHostCrossing } from './hostCrossing';

/** The efficiency chart; with quality.quietEstimate, each point's quiet-machine estimate beside it (hollow). */
export function renderEfficiencyChart(container: HTMLElement, model: ScalingModel, tooltip: Tooltip, quality?: Quality): void {
  const f = createFrame(container, { width: 720, height: 200, label: 'Efficiency per worker count', className: 'ss-efficiency' });
  const x = scaleLinear().domain([1, model.xMax]).range([0, f.width]).nice();
  const quiet = model.measured.flatMap((d) => {
    const q = quality?.quietEstimate?.[String(d.workers)];
    return q ? [{ workers: d.workers, efficiency: q.efficiency, makespanMs: q.makespanMs }] : [];
  });
  const top = Math.max(1.05, ...model.measured.flatMap((d) => [d.efficiency, d.efficiencyCi?.[1] ?? 0]), ...quiet.map((q) => q.efficiency));
  const y = scaleLinear().domain([0, top]).range([f.height, 0]);
  drawGrid(f, y.ticks(5), y);
  drawAxes(f, workerAxis(x), axisLeft(y).ticks(5).tickFormat((d) => `${Math.round(+d * 100)}%`), 'workers (threads)', 'efficiency S/p');
  const m = model.measured;
  drawHostCrossing(f.plot, x, f.height, model.multiHostFrom);
  // The USL fit's efficiency, past the measured counts like the speedup chart's curves.
  if (model.usl) f.plot.append('g').attr('clip-path', clipToPlot(f)).append('path').attr('class', 'ss-usl').attr('d', line<[number, number]>().x((d) => x(d[0])).y((d) => y(d[1] / d[0]))(model.usl));
  const bars = m.filter((d) => d.efficiencyCi);
  f.plot.append('g').attr('class', 'ss-whiskers ss-eff-ci').selectAll('line').data(bars).join('line')
    .attr('x1', (d) => x(d.workers)).attr('x2', (d) => x(d.workers)).attr('y1', (d) => y(d.efficiencyCi![0])).attr('y2', (d) => y(d.efficiencyCi![1]));
  f.plot.append('path').attr('class', 'ss-measured-line').attr('d', line<(typeof m)[number]>().x((d) => x(d.workers)).y((d) => y(d.efficiency))(m));
  f.plot.append('g').selectAll('circle').data(m).join('circle').attr('class', 'ss-point ss-eff-point').attr('r', 4)
    .attr('cx', (d) => x(d.workers)).attr('cy', (d) => y(d.efficiency))
    .on('mousemove', (ev: MouseEvent, d) => tooltip.show(ev.clientX, ev.clientY, [
      plural(d.workers, 'worker'),
      `efficiency ${fmtPct(d.efficiency)}${d.efficiencyCi ? ` (95% interval ${fmtPct(d.efficiencyCi[0])} – ${fmtPct(d.efficiencyCi[1])})` : ''}`,
      ...(model.placementText.has(d.workers) ? [`slots on ${model.placementText.get(d.workers)}`] : []),
      ...(d.efficiency > SUPERLINEAR_EFFICIENCY ? [`above ideal: ${superlinearCause(quality, d.workers)}`] : []),
    ]))
    .on('mouseleave', () => tooltip.hide());
  f.plot.append('g').selectAll('path').data(quiet).join('path').attr('class', 'ss-quiet-point')
    .attr('d', 'M0,-5L5,0L0,5L-5,0Z').attr('transform', (d) => `translate(${x(d.workers) + 9},${y(d.efficiency)})`)
    .on('mousemove', (ev: MouseEvent, d) => tooltip.show(ev.clientX, ev.clientY, [
      `${plural(d.workers, 'worker')}: quiet-machine estimate`, `efficiency ≈ ${fmtPct(d.efficiency)}`, `makespan ≈ ${fmtMs(d.makespanMs)}`, 'an estimate from the measured load, not a measurement',
    ]))
    .on('mouseleave', () => tooltip.hide());
  appendLegend(container, [
    ['ss-key-measured', bars.length ? 'measured (95% interval)' : 'measured'],
    ...(quiet.length ? [['ss-key-quiet', 'quiet-machine estimate (not measured)'] as [string, string]] : []),
    ...(model.usl ? [['ss-key-usl', 'USL fit'] as [string, string]] : []),
  ]);
}
