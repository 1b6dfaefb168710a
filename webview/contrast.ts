// WCAG contrast of colours as RGB bytes, and a series colour nudged until it reads against its
// background. Pure (no DOM): unit-tested, used by webview/theme.ts for every chart series.
export type Rgb = readonly [number, number, number];

/** WCAG 2 relative luminance of an sRGB colour (bytes 0..255). */
export function luminance([r, g, b]: Rgb): number {
  const lin = (c: number): number => { const s = c / 255; return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio, 1..21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const la = luminance(a), lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** What WCAG asks of graphical objects (1.4.11 non-text contrast). */
export const MIN_SERIES_CONTRAST = 3;

/**
 * `color` if it already has `min` contrast against `bg`; else the first mix of it towards `toward`
 * (the text colour, which contrasts by design) that has. Keeps the hue readable as "the orange one"
 * while making it visible: Light Modern's charts.orange is 2.9:1 on white.
 */
export function withContrast(color: Rgb, bg: Rgb, toward: Rgb, min = MIN_SERIES_CONTRAST): Rgb {
  if (contrastRatio(color, bg) >= min) return color;
  // Past the threshold by a hair, so that rounding to bytes cannot land just below it.
  for (let t = 0.05; t <= 1.0001; t += 0.05) {
    const c: Rgb = [0, 1, 2].map((i) => Math.round(color[i] + (toward[i] - color[i]) * t)) as unknown as Rgb;
    if (contrastRatio(c, bg) >= min + 0.05) return c;
  }
  return toward;
}
