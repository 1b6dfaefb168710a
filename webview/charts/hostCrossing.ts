// The mark on the Scaling charts of a fleet run where the sweep first spanned several hosts: a
// dashed vertical rule at that worker count, labelled, so a drop in speedup or efficiency there reads
// as the network's and not the workload's.
import type { ScaleLinear, Selection } from 'd3';
import { plural } from '../../common/format';

export function drawHostCrossing(plot: Selection<SVGGElement, unknown, null, undefined>, x: ScaleLinear<number, number>, height: number, workers: number | null): void {
  if (workers === null) return;
  const g = plot.append('g').attr('class', 'ss-host-crossing').attr('data-workers', workers).attr('transform', `translate(${x(workers)},0)`);
  g.append('line').attr('y1', 0).attr('y2', height);
  g.append('text').attr('x', 4).attr('y', 12).text(`several hosts from ${plural(workers, 'worker')}`);
  g.append('title').text(`From ${plural(workers, 'worker')} on, the point's slots were on more than one host: tasks and results went over the network.`);
}
