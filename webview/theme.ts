// Colours for canvas drawing, read from the CSS variables (VS Code theme or the report's fallbacks),
// kept readable against the background and followed across theme switches.
import { color as parseColor } from 'd3';
import { withContrast, type Rgb } from './contrast';

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

/** One 1×1 canvas for toRgba, and what it resolved: every view asks for the same dozen colours. */
let pixel: CanvasRenderingContext2D | null = null;
const resolved = new Map<string, [number, number, number, number]>();

/**
 * Resolve any CSS colour to RGBA bytes (for writing pixels directly). Hex, rgb(), hsl() and named
 * colours are parsed in JS (d3-color); only what it cannot read (color-mix(), system colours…) is
 * drawn on a 1×1 canvas and read back, which costs a canvas readback per colour on the way to the
 * Timeline's first frame.
 */
export function toRgba(color: string): [number, number, number, number] {
  let rgba = resolved.get(color);
  rgba ??= parsedRgba(color) ?? undefined;
  if (!rgba) {
    if (!pixel) {
      const c = document.createElement('canvas');
      c.width = c.height = 1;
      pixel = c.getContext('2d', { willReadFrequently: true })!;
    }
    pixel.clearRect(0, 0, 1, 1);
    // An invalid colour leaves fillStyle as it was: start from a fresh canvas's default each time.
    pixel.fillStyle = '#000000';
    pixel.fillStyle = color;
    pixel.fillRect(0, 0, 1, 1);
    const d = pixel.getImageData(0, 0, 1, 1).data;
    rgba = [d[0], d[1], d[2], d[3]];
    resolved.set(color, rgba);
  }
  return [rgba[0], rgba[1], rgba[2], rgba[3]];
}

/** RGBA bytes of a colour d3-color can read (as the canvas would round them), else null. */
function parsedRgba(color: string): [number, number, number, number] | null {
  const c = parseColor(color.trim());
  if (!c || !c.displayable()) return null;
  const { r, g, b, opacity } = c.rgb();
  const rgba: [number, number, number, number] = [Math.round(r), Math.round(g), Math.round(b), Math.round(opacity * 255)];
  resolved.set(color, rgba);
  return rgba;
}

/** The CSS variables every chart series is drawn with (lines, bars, canvas fills). */
export const SERIES_VARIABLES = ['--ss-run', '--ss-lock', '--ss-gc', '--ss-failed', '--ss-queue', '--ss-heat', '--ss-good', '--ss-fair', '--ss-poor', '--ss-amdahl', '--ss-usl', '--ss-muted'] as const;

/** A CSS colour as it shows over `under` (theme colours may be translucent, e.g. #ffffffb3). */
function rgbOver(color: string, under: Rgb = [255, 255, 255]): Rgb {
  const [r, g, b, a] = toRgba(color);
  const t = a / 255;
  return [Math.round(r * t + under[0] * (1 - t)), Math.round(g * t + under[1] * (1 - t)), Math.round(b * t + under[2] * (1 - t))];
}

/**
 * Give every series at least 3:1 contrast against the page background in whatever theme is on
 * (docs/decisions/webview.md, "Contrast"). The theme's colours are read from the root element; the
 * adjusted ones are set on <body>, so that the root keeps the theme's own values for the next switch.
 */
export function applySeriesContrast(doc: Document = document): void {
  const root = getComputedStyle(doc.documentElement);
  const bg = rgbOver(root.getPropertyValue('--ss-bg').trim() || '#ffffff');
  const fg = rgbOver(root.getPropertyValue('--ss-fg').trim() || '#000000', bg);
  for (const name of SERIES_VARIABLES) {
    const raw = root.getPropertyValue(name).trim();
    if (!raw) continue;
    const shown = withContrast(rgbOver(raw, bg), bg, fg);
    doc.body.style.setProperty(name, `rgb(${shown[0]}, ${shown[1]}, ${shown[2]})`);
  }
}

const THEME_EVENT = 'scalescope:theme';

/**
 * Follow theme switches while the page is open: VS Code changes <body>'s class (vscode-light,
 * vscode-dark, vscode-high-contrast…) and theme name, and rewrites the --vscode-* variables in
 * <html>'s style; the standalone report follows the system's dark mode. Each switch re-applies the
 * contrast and tells the views (onThemeChange) to repaint what they drew on canvases.
 */
export function watchTheme(doc: Document = document): void {
  applySeriesContrast(doc);
  const changed = (): void => { applySeriesContrast(doc); doc.defaultView?.dispatchEvent(new Event(THEME_EVENT)); };
  const observer = new MutationObserver(changed);
  observer.observe(doc.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind', 'data-vscode-theme-name'] });
  observer.observe(doc.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  doc.defaultView?.matchMedia?.('(prefers-color-scheme: dark)').addEventListener('change', changed);
}

/** Call `repaint` after each theme switch for as long as `owner` is on the page. */
export function onThemeChange(owner: Element, repaint: () => void): void {
  const listener = (): void => {
    if (!owner.isConnected) { window.removeEventListener(THEME_EVENT, listener); return; }
    repaint();
  };
  window.addEventListener(THEME_EVENT, listener);
}
