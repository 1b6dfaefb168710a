// Per-core utilisation beneath the lanes, on the same time axis: one row per core, each pixel
// column the mean utilisation of the samples it covers (written as pixels).
import type { ScaleLinear } from 'd3';
import type { CoreSeries } from '../../common/runFile';
import { copyRow, mix, type Rgba } from './pixels';

export interface HeatColors { bg: Rgba; heat: Rgba; fg: string; font: string }
export interface HeatLayout { gutter: number; plotWidth: number; rowHeight: number; dpr: number }

/** Index of the first sample whose interval ends after t. */
export function firstSampleAfter(times: number[], t: number): number {
  let lo = 0, hi = times.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (times[mid] <= t) lo = mid + 1; else hi = mid; }
  return lo;
}

/** Mean utilisation per pixel column for one core (NaN where no sample covers the column); intervalMs: the first sample's span. */
export function heatRow(series: CoreSeries, core: number, x0: number, x1: number, columns: number, intervalMs: number): Float32Array {
  const sum = new Float32Array(columns), cnt = new Float32Array(columns);
  const busy = series.busy[core] ?? [];
  const times = series.timesMs;
  const pw = (x1 - x0) / columns;
  for (let i = firstSampleAfter(times, x0); i < times.length; i++) {
    // Each sample covers the time since the previous one (sampling intervals stretch under load).
    const b = times[i], a = i > 0 ? times[i - 1] : b - intervalMs;
    if (a > x1) break;
    // Columns overlapping (a, b]: a sample ending exactly on a column's left edge is not in it.
    const c0 = Math.max(0, Math.floor((a - x0) / pw)), c1 = Math.min(columns - 1, Math.ceil((b - x0) / pw) - 1);
    for (let c = c0; c <= c1; c++) { sum[c] += busy[i]; cnt[c]++; }
  }
  for (let c = 0; c < columns; c++) sum[c] = cnt[c] ? sum[c] / cnt[c] : NaN;
  return sum;
}

export function drawHeatmap(
  ctx: CanvasRenderingContext2D, series: CoreSeries | null, x: ScaleLinear<number, number>, intervalMs: number,
  layout: HeatLayout, colors: HeatColors, scratch: { image: ImageData | null },
): void {
  const { gutter, plotWidth, rowHeight, dpr } = layout;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  if (!series || series.busy.length === 0) return;
  const W = Math.max(1, Math.round(plotWidth * dpr));
  const RH = Math.max(1, Math.round(rowHeight * dpr));
  const H = RH * series.busy.length;
  if (!scratch.image || scratch.image.width !== W || scratch.image.height !== H) scratch.image = ctx.createImageData(W, H);
  const buf = new Uint32Array(scratch.image.data.buffer);
  buf.fill(0);
  const [v0, v1] = x.domain();
  series.busy.forEach((_, core) => {
    const row = heatRow(series, core, v0, v1, W, intervalMs);
    // One pixel row written, the core's other rows copied from it; a 1px seam between cores when rows are tall enough.
    const top = core * RH, line = top * W;
    for (let px = 0; px < W; px++) {
      const u = row[px];
      if (u === u) buf[line + px] = mix(colors.bg, colors.heat, 0.08 + 0.92 * u);
    }
    copyRow(buf, W, top, top + 1, top + RH - (RH > 3 ? 1 : 0));
  });
  ctx.putImageData(scratch.image, Math.round(gutter * dpr), 0);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  if (rowHeight >= 8) {
    ctx.fillStyle = colors.fg;
    ctx.font = `${Math.min(11, rowHeight - 1)}px ${colors.font}`;
    ctx.textBaseline = 'middle';
    series.busy.forEach((_, core) => ctx.fillText(`cpu ${core}`, 6, core * rowHeight + rowHeight / 2));
  }
}
