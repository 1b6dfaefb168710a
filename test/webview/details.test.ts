// Report details a demanding user met: the Flame tab's sentence and Scalescope's own frames, labels
// on wide lane frames, what the Timeline tooltip says about unmeasured values, the CPU strip's scale,
// a gap between back-to-back tasks, failure locations that open or copy, and the report without JavaScript.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, openHtmlFile, openPanelPage, openReport, pageErrors, screenshot, DIST } from './browser';
import { syntheticRun } from '../fixtures/syntheticRun';
import { flameRun } from '../unit/flame-fixture';
import { analyzeRun } from '../../server/analysis';
import { renderHtmlReport } from '../../server/export/html';
import type { RunFile } from '../../common/runFile';

let browser: Browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function panel(run: RunFile, tab: string): Promise<Page> {
  const page = await newPage(browser);
  await openPanelPage(page);
  await page.evaluate(([r, t]) => window.postMessage({ type: 'showRun', run: r, state: { kind: 'run', runRef: 'r', tab: t } }, '*'), [JSON.parse(JSON.stringify(run)), tab] as const);
  return page;
}
const posted = (page: Page): Promise<{ type: string; [k: string]: unknown }[]> => page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted);

describe('Flame tab', () => {
  // tally ×1.6 and GC ×7.62 from 1 to 2 workers; Scalescope's own frames between onMessage and task.
  const run = (() => { const r = flameRun({ workers: [1, 2], tallyGrowth: 0.6, gcGrowth: 6.62, ownFrames: true }); r.analysis = analyzeRun(r); return r; })();
  const frames = (page: Page, name: string) => page.locator(`.ss-flame-graph g.ss-flame-frame[data-name="${name}"]`);

  test('the sentence names the red frames (GC included); own frames fold into "Scalescope worker", or hide', async () => {
    const page = await panel(run, 'flame');
    await page.locator('.ss-flame-graph g.ss-flame-frame').first().waitFor();
    const summary = (await page.locator('.ss-flame-summary').textContent())!;
    assert.doesNotMatch(summary, /No frame grew|No function grew/);
    assert.match(summary, /^Grew from 1 to 2 workers \(the red frames\): \(garbage collector\) 7\.6\d×.*tally 1\.60×/);
    // Every frame the sentence names is drawn red.
    for (const name of ['(garbage collector)', 'tally']) {
      const [r, , b] = (await frames(page, name).locator('rect').evaluate((e) => getComputedStyle(e).fill)).match(/\d+/g)!.map(Number);
      assert.ok(r > b + 60, `${name} is red`);
    }
    assert.equal(await frames(page, 'Scalescope worker').count(), 1);
    for (const minified of ['Te', 'V', 'J']) assert.equal(await frames(page, minified).count(), 0, `${minified} folded`);
    await screenshot(page, 'flame-folded');
    await page.check('.ss-flame-hide-own input');
    assert.equal(await frames(page, 'Scalescope worker').count(), 0);
    assert.equal(await frames(page, 'task').count(), 1);
    assert.equal(await frames(page, 'onMessage').count(), 1);
    await page.uncheck('.ss-flame-hide-own input');
    assert.equal(await frames(page, 'Scalescope worker').count(), 1);
    assert.deepEqual(pageErrors(page).map(String), []);
    await page.close();
  });

  test('worker lanes: wide frames carry their names, own frames are one row', async () => {
    const page = await panel(run, 'flame');
    await page.click('.ss-flame-mode-lanes');
    const canvas = page.locator('canvas.ss-flame-lanes-canvas[data-painted]');
    await canvas.waitFor();
    assert.ok(Number(await canvas.getAttribute('data-labels')) >= 8, `labels drawn: ${await canvas.getAttribute('data-labels')}`);
    // Hover the third row of worker 0 (runTask, onMessage, then Scalescope worker).
    const box = (await canvas.boundingBox())!;
    const rowH = await canvas.evaluate(() => 14);
    await page.mouse.move(box.x + 200, box.y + rowH * 2.5);
    const tip = page.locator('.ss-view-flame .ss-tooltip');
    await tip.waitFor({ state: 'visible' });
    assert.match((await tip.innerText()).split('\n')[0], /^Scalescope worker$/);
    await screenshot(page, 'flame-lanes-labelled');
    assert.deepEqual(pageErrors(page).map(String), []);
    await page.close();
  });
});

describe('Timeline', () => {
  /** One worker, ten back-to-back 7 ms tasks (boundaries off the pixel grid), nothing measured per thread (as on macOS). */
  function backToBack(): RunFile {
    const run = syntheticRun({ workers: [1], tasks: 10, repeat: 1, failures: 0, lockShare: 0, gcShare: 0 });
    const t = run.points[0].tasks;
    for (let i = 0; i < t.index.length; i++) {
      t.submitMs[i] = 0; t.startMs[i] = 7 * i; t.endMs[i] = 7 * (i + 1); t.queueMs[i] = 0;
      t.cpuMs[i] = null; t.runQueueMs[i] = null; t.coreStart[i] = null; t.coreEnd[i] = null;
    }
    return run;
  }

  test('back-to-back tasks keep a gap; the tooltip says what was not measured and why; the CPU strip has a scale', async () => {
    const page = await newPage(browser);
    await openReport(page, backToBack());
    await page.click('.ss-tab[data-view=timeline]');
    const stack = page.locator('.ss-tl-stack[data-painted]');
    await stack.waitFor();
    const left = Number(await stack.getAttribute('data-plot-left')), width = Number(await stack.getAttribute('data-plot-width')), laneH = Number(await stack.getAttribute('data-lane-height'));
    const [v0, v1] = (await stack.getAttribute('data-domain'))!.split(' ').map(Number);
    const x = (ms: number): number => left + ((ms - v0) / (v1 - v0)) * width;
    const mid = Math.round(laneH / 2) + 1;
    // Around every boundary between two tasks, a pixel column of pure lane background (its top row).
    const found = await page.locator('canvas.ss-tl-lanes').evaluate((c, [bounds, y]) => {
      const ctx = (c as HTMLCanvasElement).getContext('2d')!;
      const bg = Array.from(ctx.getImageData(Math.round(bounds[0]), 0, 1, 1).data.slice(0, 3)).join();
      return bounds.map((bx) => {
        for (let px = Math.floor(bx) - 2; px <= Math.ceil(bx) + 1; px++) if (Array.from(ctx.getImageData(px, y, 1, 1).data.slice(0, 3)).join() === bg) return true;
        return false;
      });
    }, [[7, 14, 21, 28, 35, 42, 49, 56, 63].map(x), mid] as const);
    assert.deepEqual(found, found.map(() => true), 'a gap of lane background between every two back-to-back tasks');
    const bar = await page.locator('canvas.ss-tl-lanes').evaluate((c, [px, py]) => Array.from((c as HTMLCanvasElement).getContext('2d')!.getImageData(px, py, 1, 1).data.slice(0, 3)), [Math.round(x(10)), mid] as const);
    assert.ok(bar[2] > bar[0] + 60, `a running bar between the boundaries: ${bar}`);
    const canvas = (await page.locator('canvas.ss-tl-lanes').boundingBox())!;
    await page.mouse.move(canvas.x + x(17.5), canvas.y + laneH / 2 + 2);
    const tip = page.locator('.ss-view-timeline .ss-tooltip');
    await tip.waitFor({ state: 'visible' });
    // The report reads the tooltip's columns just after the Timeline's first frame; until then it says so.
    await page.waitForFunction(() => performance.getEntriesByName('scalescope:tasks-complete').length > 0);
    await page.waitForFunction(() => !document.querySelector('.ss-view-timeline .ss-tooltip')!.textContent!.includes('Reading its details'));
    const text = await tip.innerText();
    assert.match(text, /Task #2 · worker 0/);
    assert.match(text, /input \d+ B \(tasks\(\)\[2\]\)/);
    assert.match(text, /CPU time: not measured \(/);
    assert.match(text, /run-queue delay: not measured \(needs Linux/);
    assert.match(text, /core: not recorded \(needs Linux \/proc\)/);
    assert.doesNotMatch(text, /—/);
    assert.match((await page.locator('.ss-heat-key').textContent())!, /0%.*100% busy/);
    await screenshot(page, 'timeline-gaps-tooltip');
    assert.deepEqual(pageErrors(page).map(String), []);
    await page.close();
  });
});

describe('Failures', () => {
  const run = syntheticRun({ workers: [1, 2], tasks: 30, failures: 2 });
  run.failures[0].stack = 'Error: boom\n    at task (/work/examples/synthetic.workload.ts:12:7)\n    at Te (/home/u/.vscode/extensions/x.scalescope-0.1.0/dist/worker.js:2:1234)\n    at V (/home/u/.vscode/extensions/x.scalescope-0.1.0/dist/worker.js:2:999)';

  test('in the panel a location opens the file at the line; stacks lose the minified worker frames', async () => {
    const page = await panel(run, 'failures');
    const link = page.locator('.ss-failures a.ss-open-location').first();
    await link.waitFor();
    assert.equal(await link.textContent(), '/work/examples/synthetic.workload.ts:12');
    await link.click();
    assert.deepEqual((await posted(page)).at(-1), { type: 'revealSource', location: run.failures[0].location });
    await page.locator('.ss-stack').first().evaluate((d) => { (d as HTMLDetailsElement).open = true; });
    const stack = (await page.locator('.ss-stack pre').first().textContent())!;
    assert.doesNotMatch(stack, /dist\/worker\.js/);
    assert.match(stack, /… 2 frames of Scalescope's worker and Node hidden/);
    assert.deepEqual(pageErrors(page).map(String), []);
    await page.close();
  });

  test('in the HTML report a location is a copyable file:line', async () => {
    const page = await newPage(browser);
    await openReport(page, run);
    await page.click('.ss-tab[data-view=failures]');
    const code = page.locator('.ss-failures code.ss-copyable').first();
    assert.equal(await code.textContent(), '/work/examples/synthetic.workload.ts:12');
    assert.equal(await code.evaluate((e) => getComputedStyle(e).userSelect), 'all');
    assert.equal(await page.locator('.ss-failures a').count(), 0);
    await page.close();
  });
});

describe('HTML report without JavaScript', () => {
  test('shows the verdict, the scaling table and the suggestions as static HTML', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const run = syntheticRun({ workers: [1, 2, 4], tasks: 40, verdict: 'noisy', intervals: true });
    await openHtmlFile(page, renderHtmlReport(run, { distDir: DIST }));
    const text = await page.locator('body').innerText();
    assert.match(text, /synthetic/);
    assert.match(text, /Verdict: busy machine/);
    assert.ok(text.includes(run.analysis!.quality!.reasons[0]));
    assert.equal(await page.locator('.ss-noscript-scaling tbody tr').count(), 3);
    assert.match((await page.locator('.ss-noscript-scaling tbody tr').first().textContent())!, /^1.*ms1\.0× on 1 worker · 100% efficient$/);
    const items = await page.locator('.ss-noscript-suggestions li strong').allTextContents();
    assert.deepEqual(items, run.analysis!.suggestions.map((s) => s.title));
    assert.match(text, /Withheld \(1\)/);
    await page.screenshot({ path: 'test-artifacts/webview/report-no-javascript.png', fullPage: true });
    await context.close();
  });
});
