// Draws the worker lanes of the Timeline onto a canvas: aggregated lanes as per-pixel stacked
// columns (written as pixels), sparse lanes as one bar per task with its lock-wait and GC shares.
import type { ScaleLinear } from 'd3';
import type { Lane } from './lanes';
import { laneView, type LanePyramid, type LaneView } from './lod';
import { fillColumn, fillRows, mix, pack, stackShare, type Rgba } from './pixels';

export interface LaneColors { bg: Rgba; alt: Rgba; run: Rgba; lock: Rgba; gc: Rgba; failed: Rgba; queue: Rgba; fg: string; font: string }

export interface LaneLayout {
  /** CSS px: left gutter for labels, plot width, lane height. */
  gutter: number;
  plotWidth: number;
  laneHeight: number;
  dpr: number;
  /** Where lane labels start in the gutter (CSS px; default 6), and what they say (default "worker N"). */
  labelLeft?: number;
  laneLabel?: (lane: Lane) => string;
}

export interface DrawStats { bars: number; aggregated: number; visibleTasks: number }

const QUEUE_PX = 2;

export function drawLanes(
  ctx: CanvasRenderingContext2D, lanes: Lane[], pyramids: (LanePyramid | null)[], x: ScaleLinear<number, number>,
  layout: LaneLayout, colors: LaneColors, scratch: { image: ImageData | null },
): DrawStats {
  const { gutter, plotWidth, laneHeight, dpr } = layout;
  const W = Math.max(1, Math.round(plotWidth * dpr));
  const LH = Math.max(1, Math.round(laneHeight * dpr));
  const H = LH * lanes.length;
  const [v0, v1] = x.domain();
  if (!scratch.image || scratch.image.width !== W || scratch.image.height !== Math.max(1, H)) scratch.image = ctx.createImageData(W, Math.max(1, H));
  const buf = new Uint32Array(scratch.image.data.buffer);
  const bg = pack(colors.bg), alt = pack(colors.alt);
  const views: LaneView[] = [];
  const stats: DrawStats = { bars: 0, aggregated: 0, visibleTasks: 0 };
  const pad = Math.max(1, Math.round(2 * dpr)), qh = Math.round(QUEUE_PX * dpr);
  const cRun = pack(colors.run), cLock = pack(colors.lock), cGc = pack(colors.gc), cFail = pack(colors.failed);
  lanes.forEach((lane, li) => {
    const top = li * LH;
    fillRows(buf, W, top, top + LH, li % 2 ? alt : bg);
    const view = laneView(lane, pyramids[li], v0, v1, W);
    views.push(view);
    stats.visibleTasks += view.i1 - view.i0;
    if (view.mode === 'bars') { stats.bars++; return; }
    stats.aggregated++;
    const cov = view.coverage!;
    const y0 = top + pad + qh, y1 = top + LH - pad, h = y1 - y0;
    const laneBg = li % 2 ? colors.alt : colors.bg;
    const { run, lock, gc, failed, queue } = cov;
    for (let px = 0; px < W; px++) {
      // Stacked from the bottom: running, lock wait, GC, failed; height = share of the pixel's time.
      // (No closure per pixel: this loop runs cold on the way to the first frame.)
      let y = stackShare(buf, W, px, y0, y1, h, run[px], cRun);
      y = stackShare(buf, W, px, y0, y, h, lock[px], cLock);
      y = stackShare(buf, W, px, y0, y, h, gc[px], cGc);
      stackShare(buf, W, px, y0, y, h, failed[px], cFail);
      const q = queue[px];
      if (q > 0.01) fillColumn(buf, W, px, top + pad, top + pad + qh, mix(laneBg, colors.queue, Math.min(1, 0.35 + q)));
    }
  });
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.putImageData(scratch.image, Math.round(gutter * dpr), 0);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  // Sparse lanes: one bar per task, in CSS px.
  const css = (c: Rgba): string => `rgba(${c[0]},${c[1]},${c[2]},${c[3] / 255})`;
  const fRun = css(colors.run), fLock = css(colors.lock), fGc = css(colors.gc), fFail = css(colors.failed), fQueue = css(colors.queue);
  ctx.save();
  ctx.beginPath();
  ctx.rect(gutter, 0, plotWidth, laneHeight * lanes.length);
  ctx.clip();
  lanes.forEach((lane, li) => {
    const view = views[li];
    if (view.mode !== 'bars') return;
    const top = li * laneHeight;
    const y0 = top + 2 + QUEUE_PX, h = laneHeight - 4 - QUEUE_PX;
    const { at, cols } = lane;
    for (let k = view.i0; k < view.i1; k++) {
      const r = at === null ? k : at[k];
      const qa = x(cols.submitMs[r]), qb = x(cols.submitMs[r] + cols.queueMs[r]);
      if (qb - qa >= 0.5) { ctx.fillStyle = fQueue; ctx.fillRect(qa, top + 2, qb - qa, QUEUE_PX); }
      // Whole pixels, and the last one of each bar left out: back-to-back tasks stay two bars with a
      // 1px gap of lane background between them (a bar 1px wide or less is drawn 1px, gapless).
      const a = Math.round(x(lane.start[k])), b = Math.round(x(lane.end[k]));
      const w = Math.max(1, b - a - (b - a >= 2 ? 1 : 0));
      if (!cols.ok[r]) { ctx.fillStyle = fFail; ctx.fillRect(a, y0, w, h); continue; }
      const d = lane.end[k] - lane.start[k];
      const lockW = d > 0 ? w * Math.min(1, cols.lockWaitMs[r] / d) : 0;
      const gcW = d > 0 ? Math.min(w - lockW, w * (cols.gcMs[r] / d)) : 0;
      ctx.fillStyle = fLock; if (lockW > 0) ctx.fillRect(a, y0, lockW, h);
      ctx.fillStyle = fGc; if (gcW > 0) ctx.fillRect(a + lockW, y0, gcW, h);
      ctx.fillStyle = fRun; ctx.fillRect(a + lockW + gcW, y0, Math.max(0, w - lockW - gcW), h);
    }
  });
  ctx.restore();
  ctx.fillStyle = colors.fg;
  ctx.font = `${Math.min(12, laneHeight - 2)}px ${colors.font}`;
  ctx.textBaseline = 'middle';
  const label = layout.laneLabel ?? ((lane: Lane) => `worker ${lane.worker}`);
  lanes.forEach((lane, li) => { if (laneHeight >= 9) ctx.fillText(label(lane), layout.labelLeft ?? 6, li * laneHeight + laneHeight / 2); });
  return stats;
}
