// The Timeline's direct pixel writing (webview/timeline/pixels.ts, drawHeatmap.ts), without a browser:
// the forms that run cold on the way to the first frame write the same pixels as the plain ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scaleLinear } from 'd3';
import { copyRow, fillColumn, mix, pack, stackShare, type Rgba } from '../../webview/timeline/pixels';
import { drawHeatmap, heatRow } from '../../webview/timeline/drawHeatmap';

/** mix as first written: an array per call, each channel rounded, alpha 255. */
const mixReference = (a: Rgba, b: Rgba, t: number): number => {
  const u = t < 0 ? 0 : t > 1 ? 1 : t;
  return pack([a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u, a[2] + (b[2] - a[2]) * u, 255].map(Math.round) as Rgba);
};

test('mix: the same packed colour as channel by channel, clamped to 0..1', () => {
  const colours: Rgba[] = [[0, 0, 0, 255], [255, 255, 255, 255], [31, 35, 40, 255], [232, 145, 45, 128], [59, 130, 246, 0]];
  for (const a of colours) for (const b of colours) for (const t of [-1, 0, 0.08, 0.333, 0.5, 0.92, 1, 2]) assert.equal(mix(a, b, t), mixReference(a, b, t), `${a} → ${b} at ${t}`);
});

test('stackShare stacks whole pixels from the bottom, at least one above 2%, never above the top', () => {
  const W = 3, buf = new Uint32Array(W * 10);
  let y = stackShare(buf, W, 1, 2, 10, 8, 0.5, 7); // 4 px: rows 6..9
  assert.equal(y, 6);
  y = stackShare(buf, W, 1, 2, y, 8, 0.03, 8); // rounds to 0, but > 2%: 1 px
  assert.equal(y, 5);
  assert.equal(stackShare(buf, W, 1, 2, y, 8, 0.01, 9), 5, 'under 2% and under half a pixel: nothing');
  assert.equal(stackShare(buf, W, 1, 2, y, 8, 5, 9), 2, 'clipped at the top');
  const column = Array.from({ length: 10 }, (_, r) => buf[r * W + 1]);
  assert.deepEqual(column, [0, 0, 9, 9, 9, 8, 7, 7, 7, 7]);
  assert.ok(buf.every((v, i) => i % W === 1 || v === 0), 'other columns untouched');
});

test('copyRow copies one pixel row into the rows below it', () => {
  const W = 4, buf = new Uint32Array(W * 5);
  fillColumn(buf, W, 2, 1, 2, 5);
  buf[W * 1] = 3;
  copyRow(buf, W, 1, 2, 4);
  assert.deepEqual(Array.from(buf), [0, 0, 0, 0, 3, 0, 5, 0, 3, 0, 5, 0, 3, 0, 5, 0, 0, 0, 0, 0]);
});

test('drawHeatmap writes each core\'s row once and copies it down, the same pixels as per-pixel writes', () => {
  const busy = [[0.2, 0.4, 1, 0, 0.7], [1, 1, 0.5, 0.25, 0], [0, 0.1, 0.9, 0.3, 0.6]];
  const series = { repeat: 0, timesMs: [10, 20, 30, 40, 50], busy, source: 'proc-stat' as const };
  const colors = { bg: [255, 255, 255, 255] as Rgba, heat: [232, 145, 45, 255] as Rgba, fg: '#000', font: 'sans-serif' };
  for (const rowHeight of [2, 5, 12]) {
    let put: ImageData | null = null;
    const ctx = {
      canvas: { width: 200, height: 100 }, setTransform() {}, clearRect() {}, fillText() {},
      createImageData: (w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) }),
      putImageData(img: ImageData) { put = img; },
    } as unknown as CanvasRenderingContext2D;
    const x = scaleLinear().domain([-5, 60]).range([40, 140]);
    drawHeatmap(ctx, series, x, 10, { gutter: 40, plotWidth: 100, rowHeight, dpr: 1 }, colors, { image: null });
    const img = put as unknown as ImageData;
    const got = new Uint32Array(img.data.buffer);
    const W = 100, RH = rowHeight;
    const want = new Uint32Array(W * RH * busy.length);
    busy.forEach((_, core) => {
      const row = heatRow(series, core, -5, 60, W, 10);
      for (let px = 0; px < W; px++) {
        if (Number.isNaN(row[px])) continue;
        for (let y = core * RH; y < core * RH + RH - (RH > 3 ? 1 : 0); y++) want[y * W + px] = mixReference(colors.bg, colors.heat, 0.08 + 0.92 * row[px]);
      }
    });
    assert.deepEqual(got, want, `rows ${rowHeight} px`);
    assert.ok(want.some((v) => v === 0) && want.some((v) => v !== 0), 'gaps stay empty, samples are drawn');
  }
});
