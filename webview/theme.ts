// Colours for canvas drawing, read from the CSS variables (VS Code theme or the report's fallbacks).
export interface Palette {
  fg: string; muted: string; bg: string; grid: string; laneAlt: string;
  run: string; lock: string; gc: string; failed: string; queue: string; heat: string; accent: string;
}

export function readPalette(el: Element): Palette {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback: string): string => cs.getPropertyValue(name).trim() || fallback;
  return {
    fg: v('--ss-fg', '#1f2328'), muted: v('--ss-muted', '#6e7781'), bg: v('--ss-bg', '#ffffff'), grid: v('--ss-grid', '#d0d7de'),
    laneAlt: v('--ss-lane-alt', '#f6f8fa'), run: v('--ss-run', '#3b82f6'), lock: v('--ss-lock', '#e8912d'), gc: v('--ss-gc', '#a371f7'),
    failed: v('--ss-failed', '#e5534b'), queue: v('--ss-queue', '#8b949e'), heat: v('--ss-heat', '#e8912d'), accent: v('--ss-accent', '#3b82f6'),
  };
}

/** Resolve any CSS colour to RGBA bytes (for writing pixels directly). */
export function toRgba(color: string): [number, number, number, number] {
  const c = document.createElement('canvas');
  c.width = c.height = 1;
  const ctx = c.getContext('2d', { willReadFrequently: true })!;
  ctx.clearRect(0, 0, 1, 1);
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, 1, 1);
  const d = ctx.getImageData(0, 0, 1, 1).data;
  return [d[0], d[1], d[2], d[3]];
}
