// Speedup per worker count: measured points with min–max bands, the ideal line, Amdahl and USL
// curves extended past the measured counts, and the USL's predicted peak.
import { area, axisLeft, line, pointer, scaleLinear } from 'd3';
import type { ScalingModel } from '../model/scalingModel';
import { appendLegend, clipToPlot, createFrame, drawAxes, drawGrid, workerAxis } from './frame';
import type { Quality } from '../../common/runFile';
import { speedupHeadline } from '../../common/speedupText';
import { fmtFixed, fmtMs, fmtPct, fmtX, plural } from '../../common/format';
import type { Tooltip } from './tooltip';
import { drawHostCrossing } from './hostCrossing';

export function renderSpeedupChart(container: HTMLElement, model: ScalingModel, tooltip: Tooltip, quality?: Quality): void {
  const f = createFrame(container, { width: 720, height: 340, label: 'Speedup per worker count', className: 'ss-speedup' });
  const x = scaleLinear().domain([1, model.xMax]).range([0, f.width]).nice();
  const y = scaleLinear().domain([0, model.yMax]).range([f.height, 0]).nice();
  drawGrid(f, y.ticks(6), y);
  drawAxes(f, workerAxis(x), axisLeft(y).ticks(6).tickFormat((d) => `${d}×`), 'workers (threads)', 'speedup T(1)/T(p)');

  const curves = f.plot.append('g').attr('clip-path', clipToPlot(f));
  const [xd0, xd1] = x.domain();
  curves.append('line').attr('class', 'ss-ideal').attr('x1', x(xd0)).attr('y1', y(xd0)).attr('x2', x(xd1)).attr('y2', y(xd1));
  const curve = line<[number, number]>().x((d) => x(d[0])).y((d) => y(d[1]));
  if (model.amdahl) curves.append('path').attr('class', 'ss-amdahl').attr('d', curve(model.amdahl));
  if (model.usl) curves.append('path').attr('class', 'ss-usl').attr('d', curve(model.usl));
  const m = model.measured;
  const maxMeasured = Math.max(...m.map((d) => d.workers));
  // Past the last measurement everything is a prediction: shade it (only when a fit predicts something).
  if (model.predicts) curves.append('rect').attr('class', 'ss-predicted-zone').attr('x', x(maxMeasured)).attr('width', Math.max(0, f.width - x(maxMeasured))).attr('height', f.height);
  if (model.predicts) curves.append('text').attr('class', 'ss-zone-label').attr('x', f.width - 6).attr('y', f.height - 8).attr('text-anchor', 'end').text('beyond the measured counts: predicted');

  drawHostCrossing(f.plot, x, f.height, model.multiHostFrom);

  const band = area<(typeof m)[number]>().x((d) => x(d.workers)).y0((d) => y(d.min)).y1((d) => y(d.max));
  f.plot.append('path').attr('class', 'ss-band').attr('d', band(m));
  f.plot.append('path').attr('class', 'ss-measured-line').attr('d', line<(typeof m)[number]>().x((d) => x(d.workers)).y((d) => y(d.speedup))(m));
  f.plot.append('g').attr('class', 'ss-whiskers').selectAll('line').data(m).join('line')
    .attr('x1', (d) => x(d.workers)).attr('x2', (d) => x(d.workers)).attr('y1', (d) => y(d.min)).attr('y2', (d) => y(d.max));

  if (model.peak) {
    const g = f.plot.append('g').attr('class', 'ss-peak').attr('transform', `translate(${x(model.peak.workers)},${y(model.peak.speedup)})`);
    g.append('path').attr('d', 'M0,-7L7,0L0,7L-7,0Z');
    g.append('text').attr('y', -12).attr('text-anchor', 'middle')
      .text(`USL peak ≈ ${fmtFixed(model.peak.workers, 1)} workers, ${fmtX(model.peak.speedup)}${model.trusted ? '' : ' (few points)'}`);
  }

  const points = f.plot.append('g').attr('class', 'ss-points').selectAll('circle').data(m).join('circle')
    .attr('class', 'ss-point').attr('r', 5).attr('cx', (d) => x(d.workers)).attr('cy', (d) => y(d.speedup))
    .attr('data-workers', (d) => d.workers);
  // Hover anywhere over the plot shows the nearest measured point.
  const overlay = f.plot.append('rect').attr('class', 'ss-overlay').attr('width', f.width).attr('height', f.height);
  const lines = (d: (typeof m)[number]): string[] => [
    plural(d.workers, 'worker'),
    ...(d.row ? [speedupHeadline(d.row, quality)] : []),
    d.row?.baseline === 'estimated' ? `relative speedup ${fmtX(d.speedup)} (against an estimated 1-worker time)`
      : d.interval === 'ci' ? `speedup ${fmtX(d.speedup)} (95% interval ${fmtX(d.min)} – ${fmtX(d.max)})` : `speedup ${fmtX(d.speedup)} (min ${fmtX(d.min)}, max ${fmtX(d.max)} over repeats)`,
    d.row?.baseline === 'estimated' ? 'efficiency not measured (no 1-worker point)'
      : `efficiency ${fmtPct(d.efficiency)}${d.efficiencyCi ? ` (95% interval ${fmtPct(d.efficiencyCi[0])} – ${fmtPct(d.efficiencyCi[1])})` : ''}`,
    `makespan ${fmtMs(d.makespanMs)} (median)`,
    ...(model.placementText.has(d.workers) ? [`slots on ${model.placementText.get(d.workers)}`] : []),
  ];
  overlay.on('mousemove', (ev: MouseEvent) => {
    const [mx] = pointer(ev);
    let best = m[0];
    for (const d of m) if (Math.abs(x(d.workers) - mx) < Math.abs(x(best.workers) - mx)) best = d;
    points.classed('ss-active', (d) => d === best);
    tooltip.show(ev.clientX, ev.clientY, lines(best));
  }).on('mouseleave', () => { points.classed('ss-active', false); tooltip.hide(); });

  appendLegend(container, [
    ['ss-key-measured', m.some((d) => d.interval === 'ci') ? 'measured (median, 95% interval)' : 'measured (median, min–max band)'], ['ss-key-ideal', 'ideal'],
    ...(model.amdahl ? [['ss-key-amdahl', 'Amdahl fit'] as [string, string]] : []),
    ...(model.usl ? [['ss-key-usl', 'USL fit'] as [string, string]] : []),
  ]);
}
