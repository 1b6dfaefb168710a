// Colours in VS Code's four stock themes, fed as the --vscode-* variables VS Code sets: every chart
// series has 3:1 contrast against the background (WCAG non-text contrast), and a theme switch while
// the panel is open repaints the canvases (Timeline lanes, flame lanes) in the new colours.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import * as esbuild from 'esbuild';
import { ROOT, launch, newPage, openPanelPage, pageErrors, screenshot } from './browser';
import { syntheticRun } from '../fixtures/syntheticRun';
import { flameRun } from '../unit/flame-fixture';
import { contrastRatio, type Rgb } from '../../webview/contrast';

/** The variables of each stock theme that the report reads (VS Code's defaults for those themes). */
const THEMES: Record<string, { bodyClass: string; vars: Record<string, string> }> = {
  'Light Modern': { bodyClass: 'vscode-light', vars: {
    'editor-background': '#ffffff', foreground: '#3b3b3b', descriptionForeground: '#3b3b3b', 'editorWidget-background': '#f8f8f8', 'editorWidget-border': '#e5e5e5',
    'charts-blue': '#1a85ff', 'charts-orange': '#d18616', 'charts-purple': '#652d90', 'charts-red': '#e51400', 'charts-green': '#388a34', 'charts-yellow': '#bf8803',
  } },
  'Dark Modern': { bodyClass: 'vscode-dark', vars: {
    'editor-background': '#1f1f1f', foreground: '#cccccc', descriptionForeground: '#9d9d9d', 'editorWidget-background': '#202020', 'editorWidget-border': '#313131',
    'charts-blue': '#3794ff', 'charts-orange': '#d18616', 'charts-purple': '#b180d7', 'charts-red': '#f14c4c', 'charts-green': '#89d185', 'charts-yellow': '#cca700',
  } },
  'Light High Contrast': { bodyClass: 'vscode-high-contrast vscode-high-contrast-light', vars: {
    'editor-background': '#ffffff', foreground: '#292929', descriptionForeground: '#292929b3', 'editorWidget-background': '#ffffff', 'editorWidget-border': '#0f4a85',
    'charts-blue': '#0f4a85', 'charts-orange': '#0f4a85', 'charts-purple': '#652d90', 'charts-red': '#b5200d', 'charts-green': '#374e06', 'charts-yellow': '#895503',
  } },
  'Dark High Contrast': { bodyClass: 'vscode-high-contrast', vars: {
    'editor-background': '#000000', foreground: '#ffffff', descriptionForeground: '#ffffffb3', 'editorWidget-background': '#0c141f', 'editorWidget-border': '#6fc3df',
    'charts-blue': '#3794ff', 'charts-orange': '#ab5a00', 'charts-purple': '#b180d7', 'charts-red': '#f48771', 'charts-green': '#89d185', 'charts-yellow': '#ffd370',
  } },
};

/** Switch the page to a theme the way VS Code does: body class, then the --vscode-* variables on <html>. */
async function applyTheme(page: Page, name: string): Promise<void> {
  const t = THEMES[name];
  await page.evaluate(({ bodyClass, vars }) => {
    document.body.className = bodyClass;
    const style = document.documentElement.style;
    for (let i = style.length - 1; i >= 0; i--) if (style[i].startsWith('--vscode-')) style.removeProperty(style[i]);
    for (const [k, v] of Object.entries(vars)) style.setProperty(`--vscode-${k}`, v);
  }, t);
}

const rgb = (c: string): Rgb => {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c);
  if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(c);
  assert.ok(m, `an rgb colour: ${c}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
};

let browser: Browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function panelWith(run: unknown, tab: string): Promise<Page> {
  const page = await newPage(browser);
  await openPanelPage(page);
  await applyTheme(page, 'Light Modern');
  await page.evaluate(([r, t]) => window.postMessage({ type: 'showRun', run: r, state: { kind: 'run', runRef: 'r', tab: t } }, '*'), [JSON.parse(JSON.stringify(run)), tab] as const);
  return page;
}

describe('contrast in the four stock themes', () => {
  test('every series colour and every drawn series line is ≥ 3:1 against the background, at full opacity', async () => {
    const page = await panelWith(syntheticRun({ workers: [1, 2, 4, 8], tasks: 60 }), 'scaling');
    await page.locator('.ss-speedup').waitFor();
    for (const name of Object.keys(THEMES)) {
      await applyTheme(page, name);
      await page.waitForTimeout(20);
      const colours = await page.evaluate(() => {
        const cs = getComputedStyle(document.body);
        const out: Record<string, string> = { bg: cs.backgroundColor };
        for (const v of ['--ss-run', '--ss-lock', '--ss-gc', '--ss-failed', '--ss-queue', '--ss-heat', '--ss-good', '--ss-fair', '--ss-poor', '--ss-amdahl', '--ss-usl', '--ss-muted']) out[v] = cs.getPropertyValue(v).trim();
        return out;
      });
      const bg = rgb(colours.bg);
      for (const [v, c] of Object.entries(colours)) {
        if (v === 'bg') continue;
        const ratio = contrastRatio(rgb(c), bg);
        assert.ok(ratio >= 3, `${name}: ${v} ${c} is ${ratio.toFixed(2)}:1 on ${colours.bg}`);
      }
      // What is drawn: the curves' computed stroke at full opacity.
      for (const sel of ['.ss-speedup path.ss-usl', '.ss-speedup path.ss-amdahl', '.ss-speedup .ss-measured-line', '.ss-speedup .ss-ideal']) {
        const { stroke, opacity } = await page.locator(sel).evaluate((e) => { const cs = getComputedStyle(e); return { stroke: cs.stroke, opacity: Number(cs.opacity) * Number(cs.strokeOpacity) }; });
        assert.equal(opacity, 1, `${name}: ${sel} drawn at full opacity`);
        assert.ok(contrastRatio(rgb(stroke), bg) >= 3, `${name}: ${sel} ${stroke} on ${colours.bg}`);
      }
      await screenshot(page, `theme-${name.replace(/ /g, '-').toLowerCase()}`);
    }
    assert.deepEqual(pageErrors(page).map(String), []);
    await page.close();
  });
});

/** The colour of one canvas pixel, in CSS px from the canvas's top left. */
async function pixel(page: Page, selector: string, x: number, y: number): Promise<Rgb> {
  return page.locator(selector).evaluate((c, [px, py]) => {
    const canvas = c as HTMLCanvasElement;
    const d = canvas.getContext('2d')!.getImageData(Math.round(px * window.devicePixelRatio), Math.round(py * window.devicePixelRatio), 1, 1).data;
    return [d[0], d[1], d[2]] as [number, number, number];
  }, [x, y] as const);
}

/** The most opaque pixel of a canvas region (a label's ink), as RGB. */
async function ink(page: Page, selector: string, x0: number, y0: number, w: number, h: number): Promise<Rgb> {
  return page.locator(selector).evaluate((c, [x, y, ww, hh]) => {
    const d = (c as HTMLCanvasElement).getContext('2d')!.getImageData(x, y, ww, hh).data;
    let best = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > d[best + 3]) best = i;
    return [d[best], d[best + 1], d[best + 2]] as [number, number, number];
  }, [x0, y0, w, h] as const);
}

const near = (a: Rgb, b: Rgb, tol = 40): boolean => a.every((v, i) => Math.abs(v - b[i]) <= tol);

describe('live theme switch', () => {
  test('the Timeline lanes are repainted in the new background and colours', async () => {
    const page = await panelWith(syntheticRun({ workers: [2], tasks: 20, failures: 0 }), 'timeline');
    const stack = page.locator('.ss-tl-stack[data-painted]');
    await stack.waitFor();
    const laneH = Number(await stack.getAttribute('data-lane-height'));
    const left = Number(await stack.getAttribute('data-plot-left')), width = Number(await stack.getAttribute('data-plot-width'));
    // A pixel of lane 0's background: at the far right edge after the last task of the repeat, in the gap row above the bars.
    const at = [left + width - 1, 1] as const;
    assert.ok(near(await pixel(page, 'canvas.ss-tl-lanes', ...at), [255, 255, 255], 2), 'white lanes in Light Modern');
    const before = Number(await stack.getAttribute('data-painted'));
    await applyTheme(page, 'Dark Modern');
    await page.waitForFunction((n) => Number(document.querySelector<HTMLElement>('.ss-tl-stack')!.dataset.painted) > n, before);
    assert.ok(near(await pixel(page, 'canvas.ss-tl-lanes', ...at), [0x1f, 0x1f, 0x1f], 2), `dark lanes in Dark Modern: ${await pixel(page, 'canvas.ss-tl-lanes', ...at)}`);
    // The lane labels are drawn in the new text colour (light on dark).
    const label = await ink(page, 'canvas.ss-tl-lanes', 2, 0, left - 4, laneH);
    assert.ok(near(label, [0xcc, 0xcc, 0xcc], 60), `label ink ${label}`);
    await screenshot(page, 'timeline-after-switch-to-dark');
    await applyTheme(page, 'Light Modern');
    await page.waitForFunction((n) => Number(document.querySelector<HTMLElement>('.ss-tl-stack')!.dataset.painted) > n + 1, before);
    assert.ok(near(await pixel(page, 'canvas.ss-tl-lanes', ...at), [255, 255, 255], 2), 'white again in Light Modern');
    assert.deepEqual(pageErrors(page).map(String), []);
    await page.close();
  });

  test('the flame lanes are repainted: labels in the new text colour', async () => {
    const page = await panelWith(flameRun(), 'flame');
    await page.click('.ss-flame-mode-lanes');
    const canvas = page.locator('canvas.ss-flame-lanes-canvas[data-painted]');
    await canvas.waitFor();
    const light = await ink(page, 'canvas.ss-flame-lanes-canvas', 2, 0, 60, 14);
    assert.ok(near(light, [0x3b, 0x3b, 0x3b], 60), `dark text in Light Modern: ${light}`);
    const n = Number(await canvas.getAttribute('data-painted'));
    await applyTheme(page, 'Dark High Contrast');
    await page.waitForFunction((k) => Number(document.querySelector<HTMLElement>('canvas.ss-flame-lanes-canvas')!.dataset.painted) > k, n);
    const dark = await ink(page, 'canvas.ss-flame-lanes-canvas', 2, 0, 60, 14);
    assert.ok(near(dark, [255, 255, 255], 60), `light text in Dark High Contrast: ${dark}`);
    assert.deepEqual(pageErrors(page).map(String), []);
    await page.close();
  });
});

describe('colours for pixels', () => {
  test('toRgba reads every form a theme uses as the canvas would draw it, and falls back to the canvas for the rest', async () => {
    const page = await newPage(browser);
    await page.evaluate('window.__name = (fn) => fn');
    await page.evaluate((await esbuild.build({
      stdin: { contents: "export { toRgba } from './webview/theme';", resolveDir: ROOT, loader: 'ts' },
      bundle: true, write: false, format: 'iife', globalName: 'Theme', platform: 'browser', target: 'es2022', logLevel: 'warning',
      footer: { js: 'window.Theme = Theme;' },
    })).outputFiles[0].text);
    const colours = [
      ...new Set(Object.values(THEMES).flatMap((t) => Object.values(t.vars))),
      '#fff', '#0f4a85cc', 'rgb(12, 34, 56)', 'rgba(255, 0, 0, 0.5)', 'rgb(10 20 30 / 40%)', 'hsl(210, 60%, 40%)', 'rebeccapurple', 'transparent',
      'color-mix(in srgb, red 50%, blue)', 'canvastext',
    ];
    const both = await page.evaluate((list) => {
      const c = document.createElement('canvas');
      c.width = c.height = 1;
      const g = c.getContext('2d', { willReadFrequently: true })!;
      return list.map((colour) => {
        g.clearRect(0, 0, 1, 1);
        g.fillStyle = '#000000';
        g.fillStyle = colour;
        g.fillRect(0, 0, 1, 1);
        return { colour, canvas: [...g.getImageData(0, 0, 1, 1).data], toRgba: (window as unknown as { Theme: { toRgba(c: string): number[] } }).Theme.toRgba(colour) };
      });
    }, colours);
    for (const { colour, canvas, toRgba } of both) {
      // The canvas stores translucent colours premultiplied: a channel may come back 1 off.
      assert.ok(toRgba.every((v, i) => Math.abs(v - canvas[i]) <= (canvas[3] === 255 ? 0 : 1)), `${colour}: toRgba ${toRgba}, canvas ${canvas}`);
    }
    await page.close();
  });
});
