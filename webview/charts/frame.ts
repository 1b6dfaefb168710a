// An SVG chart frame: fixed viewBox (scales with the container), margins, titled axes.
import { axisBottom, format, select, type Axis, type NumberValue, type ScaleLinear, type Selection } from 'd3';

export interface Frame {
  svg: Selection<SVGSVGElement, unknown, null, undefined>;
  plot: Selection<SVGGElement, unknown, null, undefined>;
  width: number;
  height: number;
}

export interface FrameOptions {
  width: number;
  height: number;
  margin?: { top: number; right: number; bottom: number; left: number };
  label: string;
  className?: string;
}

export function createFrame(container: HTMLElement, o: FrameOptions): Frame {
  const m = o.margin ?? { top: 16, right: 24, bottom: 44, left: 56 };
  const svg = select(container).append('svg')
    .attr('class', `ss-chart ${o.className ?? ''}`.trim())
    .attr('viewBox', `0 0 ${o.width} ${o.height}`)
    .attr('role', 'img')
    .attr('aria-label', o.label);
  const plot = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
  return { svg, plot, width: o.width - m.left - m.right, height: o.height - m.top - m.bottom };
}

export function drawAxes(f: Frame, x: Axis<NumberValue>, y: Axis<NumberValue>, xLabel: string, yLabel: string): void {
  f.plot.append('g').attr('class', 'ss-axis ss-axis-x').attr('transform', `translate(0,${f.height})`).call(x);
  f.plot.append('g').attr('class', 'ss-axis ss-axis-y').call(y);
  f.plot.append('text').attr('class', 'ss-axis-label').attr('x', f.width / 2).attr('y', f.height + 36).attr('text-anchor', 'middle').text(xLabel);
  f.plot.append('text').attr('class', 'ss-axis-label').attr('transform', 'rotate(-90)').attr('x', -f.height / 2).attr('y', -42).attr('text-anchor', 'middle').text(yLabel);
}

/** Horizontal grid lines at the y ticks. */
export function drawGrid(f: Frame, ticks: number[], y: (v: number) => number): void {
  f.plot.append('g').attr('class', 'ss-grid').selectAll('line').data(ticks).join('line')
    .attr('x1', 0).attr('x2', f.width).attr('y1', (d) => y(d)).attr('y2', (d) => y(d));
}

/** A legend row under a chart (HTML, so it never covers the data). Keys are CSS classes of line styles. */
export function appendLegend(container: HTMLElement, items: [string, string][]): void {
  const row = document.createElement('div');
  row.className = 'ss-chart-legend';
  for (const [cls, label] of items) {
    const item = row.appendChild(document.createElement('span'));
    item.className = 'ss-legend-item';
    const swatch = item.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'svg'));
    swatch.setAttribute('width', '22'); swatch.setAttribute('height', '10');
    const line = swatch.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'line'));
    line.setAttribute('class', cls); line.setAttribute('x1', '1'); line.setAttribute('x2', '21'); line.setAttribute('y1', '5'); line.setAttribute('y2', '5');
    item.append(label);
  }
  container.appendChild(row);
}

/** Worker counts are whole numbers: ticks only at integers of the domain (at most `count`), no decimals. */
export function workerAxis(x: ScaleLinear<number, number>, count = 12): Axis<NumberValue> {
  const ticks = x.ticks(count).filter(Number.isInteger);
  // A short domain (1..2) has fractional ticks only between its ends: keep the whole counts in it.
  const [a, b] = x.domain();
  if (ticks.length < 2) for (let v = Math.ceil(a); v <= Math.floor(b); v++) if (!ticks.includes(v)) ticks.push(v);
  return axisBottom(x).tickValues(ticks.sort((p, q) => p - q)).tickFormat(format('d'));
}

/** A clip path of the plot area: lines drawn inside it stop at the chart's edges. */
export function clipToPlot(f: Frame): string {
  const id = `ss-clip-${Math.random().toString(36).slice(2)}`;
  f.plot.append('clipPath').attr('id', id).append('rect').attr('width', f.width).attr('height', f.height);
  return `url(#${id})`;
}

/**
 * Keep an axis's tick labels inside its SVG (`width` wide): the first and last labels are anchored
 * at their start or end instead of being centred past the edge. Every label is measured before
 * any is anchored: a measure after a change lays the page out again (once per tick, cold, it
 * cost tens of ms of the first frames).
 */
export function keepTickLabelsInside(axis: Selection<SVGGElement, unknown, null, undefined>, width: number, offsetX = 0): void {
  const labels: { text: SVGTextElement; x: number; half: number }[] = [];
  axis.selectAll<SVGGElement, unknown>('.tick').each(function () {
    const m = /translate\(([-\d.e]+)/.exec(this.getAttribute('transform') ?? '');
    const text = this.querySelector('text');
    if (m && text) labels.push({ text, x: Number(m[1]) + offsetX, half: text.getComputedTextLength() / 2 });
  });
  for (const { text, x, half } of labels) text.setAttribute('text-anchor', x - half < 0 ? 'start' : x + half > width ? 'end' : 'middle');
}
