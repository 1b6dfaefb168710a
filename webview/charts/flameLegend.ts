// Legend of the inflation colour scale: a gradient from ×1/3 (got cheaper) through ×1 to ×3 (dearer).
import { plural } from '../../common/format';
import { range, scaleLog, select } from 'd3';
import { INFLATION_DOMAIN, inflationColor, NEUTRAL_COLOR } from './flameData';

export function renderFlameLegend(container: HTMLElement, baseWorkers: number): void {
  const width = 260;
  const svg = select(container).append('svg').attr('class', 'ss-flame-legend').attr('width', width + 170).attr('height', 34)
    .attr('role', 'img').attr('aria-label', `Colour: time per task against ${plural(baseWorkers, 'worker')}`);
  const id = `ss-flame-gradient-${Math.random().toString(36).slice(2)}`;
  const x = scaleLog().domain([INFLATION_DOMAIN[0], INFLATION_DOMAIN[2]]).range([0, width]);
  const gradient = svg.append('defs').append('linearGradient').attr('id', id);
  for (const t of range(0, 1.0001, 0.1)) {
    gradient.append('stop').attr('offset', `${t * 100}%`).attr('stop-color', inflationColor(x.invert(t * width)));
  }
  const g = svg.append('g').attr('transform', 'translate(18,2)');
  g.append('rect').attr('width', width).attr('height', 12).attr('fill', `url(#${id})`);
  for (const v of [1 / 3, 0.5, 1, 2, 3]) {
    g.append('line').attr('x1', x(v)).attr('x2', x(v)).attr('y1', 12).attr('y2', 16).attr('stroke', 'currentColor');
    g.append('text').attr('x', x(v)).attr('y', 28).attr('text-anchor', 'middle').attr('font-size', 11).attr('fill', 'currentColor')
      .text(v === 1 ? `×1 = ${plural(baseWorkers, 'worker')}` : `×${+v.toFixed(2)}`);
  }
  g.append('rect').attr('x', width + 24).attr('width', 12).attr('height', 12).attr('fill', NEUTRAL_COLOR);
  g.append('text').attr('x', width + 40).attr('y', 10).attr('font-size', 11).attr('fill', 'currentColor').text('too few samples');
}
