// Direct pixel writing for the aggregated parts of the Timeline (one write per pixel, no paths).
export type Rgba = [number, number, number, number];

/** Pack RGBA into the little-endian 32-bit layout of ImageData. */
export const pack = (c: Rgba): number => ((c[3] << 24) | (c[2] << 16) | (c[1] << 8) | c[0]) >>> 0;

/** Mix of two colours, t in 0..1. */
export function mix(a: Rgba, b: Rgba, t: number): number {
  const u = t < 0 ? 0 : t > 1 ? 1 : t;
  // No array per call: it runs once per pixel column, cold, on the way to the Timeline's first frame.
  const r = Math.round(a[0] + (b[0] - a[0]) * u), g = Math.round(a[1] + (b[1] - a[1]) * u), bl = Math.round(a[2] + (b[2] - a[2]) * u);
  return ((255 << 24) | (bl << 16) | (g << 8) | r) >>> 0;
}

/** Fill rows [y0, y1) of column x with colour c. */
export function fillColumn(buf: Uint32Array, width: number, x: number, y0: number, y1: number, c: number): void {
  for (let y = y0; y < y1; y++) buf[y * width + x] = c;
}

export function fillRows(buf: Uint32Array, width: number, y0: number, y1: number, c: number): void {
  buf.fill(c, y0 * width, y1 * width);
}

/**
 * Stack a share of column x's height [y0, y) on top of what is below y: returns the new top.
 * A share too small for a whole pixel still gets one when above 2%.
 */
export function stackShare(buf: Uint32Array, width: number, x: number, y0: number, y: number, height: number, share: number, c: number): number {
  if (share <= 0) return y;
  const n = Math.min(y - y0, Math.round(share * height) || (share > 0.02 ? 1 : 0));
  for (let yy = y - n; yy < y; yy++) buf[yy * width + x] = c;
  return y - n;
}

/** Copy row `from` of the image into rows [y0, y1) (natively: one pixel row written, the rest copied). */
export function copyRow(buf: Uint32Array, width: number, from: number, y0: number, y1: number): void {
  for (let y = y0; y < y1; y++) buf.copyWithin(y * width, from * width, from * width + width);
}
