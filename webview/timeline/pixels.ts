// Direct pixel writing for the aggregated parts of the Timeline (one write per pixel, no paths).
export type Rgba = [number, number, number, number];

/** Pack RGBA into the little-endian 32-bit layout of ImageData. */
export const pack = (c: Rgba): number => ((c[3] << 24) | (c[2] << 16) | (c[1] << 8) | c[0]) >>> 0;

/** Mix of two colours, t in 0..1. */
export function mix(a: Rgba, b: Rgba, t: number): number {
  const u = t < 0 ? 0 : t > 1 ? 1 : t;
  return pack([a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u, a[2] + (b[2] - a[2]) * u, 255].map(Math.round) as Rgba);
}

/** Fill rows [y0, y1) of column x with colour c. */
export function fillColumn(buf: Uint32Array, width: number, x: number, y0: number, y1: number, c: number): void {
  for (let y = y0; y < y1; y++) buf[y * width + x] = c;
}

export function fillRows(buf: Uint32Array, width: number, y0: number, y1: number, c: number): void {
  buf.fill(c, y0 * width, y1 * width);
}
