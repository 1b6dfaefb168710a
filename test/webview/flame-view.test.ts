// The Flame tab in real Chromium: a run with known trees (test/unit/flame-fixture.ts: tally grows
// ×2.2 from 1 to 4 workers, compute is flat) drawn as a flame graph and as worker lanes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, openPanelPage, openReport, pageErrors, screenshot } from './browser';
import { flameRun, LINES, WORKLOAD } from '../unit/flame-fixture';
import { analyzeRun } from '../../server/analysis';
import type { RunFile } from '../../common/runFile';

const run: RunFile = (() => { const r = flameRun(); r.analysis = analyzeRun(r); return r; })();
const flame = run.analysis!.flame!;

let browser: Browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const rgb = (c: string): [number, number, number] => {
  const m = /rgb\((\d+), ?(\d+), ?(\d+)\)/.exec(c);
  assert.ok(m, `an rgb colour: ${c}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
};
const frame = (page: Page, name: string) => page.locator(`.ss-flame-graph g.ss-flame-frame[data-name="${name}"]`);

void describe('Flame tab in the panel', () => {
  let page: Page;
  before(async () => {
    page = await newPage(browser);
    await openPanelPage(page);
    await page.evaluate((r) => window.postMessage({ type: 'showRun', run: r, state: { kind: 'run', runRef: '/runs/f.json', tab: 'flame' } }, '*'), JSON.parse(JSON.stringify(run)));
    await page.locator('.ss-flame-graph g.ss-flame-frame').first().waitFor();
  });
  after(async () => { assert.deepEqual(pageErrors(page).map(String), []); await page.close(); });
  const posted = (): Promise<{ type: string }[]> => page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted);

  void test('one frame per node of the merged tree, coloured by inflation against 1 worker, with a legend', async () => {
    assert.equal(await page.locator('.ss-tab-active').getAttribute('data-view'), 'flame');
    assert.equal(await page.locator('.ss-flame-graph').getAttribute('data-workers'), '4');
    assert.equal(await page.locator('.ss-flame-graph g.ss-flame-frame').count(), flame.frames.length);
    assert.equal(await page.locator('.ss-flame-empty').isVisible(), false);
    assert.equal(Number(await frame(page, 'tally').getAttribute('data-inflation')), 2.2);
    assert.equal(Number(await frame(page, 'compute').getAttribute('data-inflation')), 1);
    const [tr, , tb] = rgb(await frame(page, 'tally').locator('rect').evaluate((e) => getComputedStyle(e).fill));
    const [cr, , cb] = rgb(await frame(page, 'compute').locator('rect').evaluate((e) => getComputedStyle(e).fill));
    assert.ok(tr > tb + 80, `tally is red (${tr}, ${tb})`);
    assert.ok(Math.abs(cr - cb) < 40, `compute is neutral (${cr}, ${cb})`);
    // Width by time per task: tally is wider than compute at 4 workers (2.64 ms vs 1.2 ms).
    const w = async (name: string) => Number(await frame(page, name).locator('rect').getAttribute('width'));
    assert.ok(Math.abs((await w('tally')) / (await w('compute')) - 2.64 / 1.2) < 0.02);
    assert.equal(await page.locator('.ss-flame-legend text').count(), 6);
    assert.match((await page.locator('.ss-flame-summary').textContent())!, /Grew from 1 to 4 workers \(the red frames\): tally 2\.20×/);
    await screenshot(page, 'flame-graph');
  });

  void test('hover shows self and total time per task at every worker count', async () => {
    await frame(page, 'tally').hover();
    const tip = page.locator('.ss-view-flame .ss-tooltip');
    await tip.waitFor({ state: 'visible' });
    const text = (await tip.innerText()).split('\n');
    assert.deepEqual(text.slice(0, 2), ['tally', `${WORKLOAD}:${LINES.tally}`]);
    assert.equal(text[2], '1 worker: self 1.20 ms · total 1.20 ms per task');
    assert.equal(text[4], '4 workers: self 2.64 ms · total 2.64 ms per task · self 2.20×');
  });

  void test('click zooms into a frame; its source line opens in the editor', async () => {
    await frame(page, 'tally').click();
    assert.ok(Number(await frame(page, 'tally').locator('rect').getAttribute('width')) > 990, 'tally fills the width');
    assert.equal(await frame(page, 'compute').count(), 0, 'frames beside it are out of view');
    assert.equal(await frame(page, 'task').count(), 1, 'its callers stay');
    await page.locator('.ss-flame-open').click();
    assert.deepEqual((await posted()).filter((m) => m.type === 'revealSource'), [{ type: 'revealSource', location: { file: WORKLOAD, line: LINES.tally } }]);
    await page.locator('.ss-flame-reset').click();
    assert.equal(await frame(page, 'compute').count(), 1);
  });

  void test('search highlights matching frames', async () => {
    await page.fill('.ss-flame-search', 'COMP');
    assert.equal(await page.locator('.ss-flame-found').textContent(), '1 match');
    assert.deepEqual(await page.locator('.ss-flame-graph g.ss-flame-match').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-name'))), ['compute']);
    await page.fill('.ss-flame-search', '');
    assert.equal(await page.locator('.ss-flame-graph g.ss-flame-match').count(), 0);
  });

  void test('another worker count redraws the tree against the base', async () => {
    await page.selectOption('.ss-view-flame .ss-select-workers', '2');
    assert.equal(await page.locator('.ss-flame-graph').getAttribute('data-workers'), '2');
    assert.equal(Number(await frame(page, 'tally').getAttribute('data-inflation')), 1.4);
    await page.selectOption('.ss-view-flame .ss-select-workers', '1');
    assert.equal(Number(await frame(page, 'tally').getAttribute('data-inflation')), 1);
    assert.match((await page.locator('.ss-flame-summary').textContent())!, /pick a larger count/);
    await page.selectOption('.ss-view-flame .ss-select-workers', '4');
  });

  void test('worker lanes: one lane per worker on a shared time axis, frames coloured like the graph', async () => {
    await page.click('.ss-flame-mode-lanes');
    const lanes = page.locator('.ss-flame-lanes');
    await lanes.waitFor();
    assert.equal(await lanes.getAttribute('data-lanes'), '4');
    assert.equal(await lanes.getAttribute('data-intervals'), String(4 * 20));
    // The first tally interval of worker 0 runs 1.2–3.84 ms, at stack depth 3 (runTask > task > tally).
    const probe = await page.locator('.ss-flame-lanes-canvas').evaluate((c: HTMLCanvasElement) => {
      const [d0, d1] = c.dataset.domain!.split(' ').map(Number);
      const w = c.clientWidth;
      const x = 72 + ((2.5 - d0) / (d1 - d0)) * (w - 8 - 72);
      const rowH = 12;
      const y = 2 * rowH + rowH / 2;
      const px = c.getContext('2d')!.getImageData(Math.round(x), Math.round(y), 1, 1).data;
      const box = c.getBoundingClientRect();
      return { rgb: [px[0], px[1], px[2]], x: box.x + x, y: box.y + y };
    });
    assert.ok(probe.rgb[0] > probe.rgb[2] + 80, `tally drawn red: ${probe.rgb.join(',')}`);
    await page.mouse.move(probe.x, probe.y);
    const tip = page.locator('.ss-view-flame .ss-tooltip');
    await tip.waitFor({ state: 'visible' });
    assert.match(await tip.innerText(), /^tally\n[\s\S]*worker 0 · 1\.20 ms–3\.84 ms$/);
    await screenshot(page, 'flame-lanes');
    // Wheel over the lanes zooms all of them on one axis.
    const before = await page.locator('.ss-flame-lanes-canvas').getAttribute('data-domain');
    const painted = Number(await page.locator('.ss-flame-lanes-canvas').getAttribute('data-painted'));
    await page.mouse.wheel(0, -400);
    await page.waitForFunction((n) => Number(document.querySelector<HTMLElement>('.ss-flame-lanes-canvas')?.dataset.painted) > n, painted);
    const [a0, a1] = before!.split(' ').map(Number);
    const [b0, b1] = (await page.locator('.ss-flame-lanes-canvas').getAttribute('data-domain'))!.split(' ').map(Number);
    assert.ok(b1 - b0 < (a1 - a0) * 0.9 && b0 >= a0 - 1e-9 && b1 <= a1 + 1e-9, `zoomed in: ${a0}–${a1} → ${b0}–${b1}`);
  });
});

void describe('Flame tab in the standalone report', () => {
  void test('renders without a host; opening a source line is disabled', async () => {
    const page = await newPage(browser);
    await openReport(page, run);
    await page.click('.ss-tab[data-view=flame]');
    assert.equal(await page.locator('.ss-flame-graph g.ss-flame-frame').count(), flame.frames.length);
    await frame(page, 'compute').click();
    assert.equal(await page.locator('.ss-flame-open').isDisabled(), true);
    assert.deepEqual(pageErrors(page).map(String), []);
    await page.close();
  });

  void test('on a busy machine the growth summary says it may be the load, with the base in words', async () => {
    const busy: RunFile = JSON.parse(JSON.stringify(run));
    busy.analysis!.quality = { verdict: 'unreliable', reasons: ['At 4 workers other processes used 1.2 of 2 cores.'], externalLoadCores: { 4: 1.2 }, spreadPct: {}, trustedWorkers: [1] };
    const page = await newPage(browser);
    await openReport(page, busy);
    await page.click('.ss-tab[data-view=flame]');
    const summary = (await page.locator('.ss-flame-summary').textContent())!;
    assert.match(summary, /Grew from 1 to 4 workers/);
    assert.match(summary, /Measured on a busy machine .*part of this growth may not come from your code/);
    assert.ok((await page.locator('.ss-flame-legend text').allTextContents()).includes('×1 = 1 worker'));
    // A quiet run says nothing of the kind.
    await openReport(page, run);
    await page.click('.ss-tab[data-view=flame]');
    assert.doesNotMatch((await page.locator('.ss-flame-summary').textContent())!, /busy machine/);
    assert.deepEqual(pageErrors(page).map(String), []);
    await page.close();
  });

  void test('a run without profiles has no Flame tab', async () => {
    const plain = flameRun();
    for (const p of plain.points) delete p.flame;
    plain.analysis = analyzeRun(plain);
    const page = await newPage(browser);
    await openReport(page, plain);
    assert.equal(await page.locator('.ss-tab[data-view=flame]').count(), 0);
    await page.close();
  });
});
