// Draws the host bands of a fleet run's Timeline in the lanes' gutter: per host, a band spanning its
// slots' lanes with the host's name, a rule between hosts across the plot. Lane labels (the slots)
// are drawLanes'; this runs after it, on the same canvas, in CSS px.
import type { HostGroup } from './hostGroups';

export interface HostBandLayout {
  /** Width of the band (the host names) at the gutter's left; lane labels start after it. */
  bandWidth: number;
  width: number;
  laneHeight: number;
}

export function drawHostBands(ctx: CanvasRenderingContext2D, groups: readonly HostGroup[], layout: HostBandLayout, colors: { fg: string; band: string; rule: string; font: string }): void {
  const { bandWidth, width, laneHeight } = layout;
  ctx.save();
  groups.forEach((g, k) => {
    const top = g.first * laneHeight, h = g.count * laneHeight;
    ctx.fillStyle = colors.band;
    ctx.globalAlpha = k % 2 ? 0.08 : 0.16;
    ctx.fillRect(0, top, bandWidth - 2, h);
    ctx.globalAlpha = 1;
    if (k > 0) {
      ctx.fillStyle = colors.rule;
      ctx.fillRect(0, top, width, 1);
    }
    ctx.fillStyle = colors.fg;
    ctx.font = `bold ${Math.min(12, Math.max(8, laneHeight - 4))}px ${colors.font}`;
    ctx.textBaseline = 'middle';
    // The name, cut to the band's width, in the middle of the host's lanes.
    let name = g.name;
    while (name.length > 1 && ctx.measureText(name).width > bandWidth - 8) name = name.slice(0, -1);
    if (name !== g.name) name = `${name.slice(0, -1)}…`;
    ctx.fillText(name, 4, top + h / 2);
  });
  ctx.restore();
}
