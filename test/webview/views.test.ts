// The built webview bundle in real Chromium, through the standalone HTML report and through the
// panel's page (messages from a stand-in host): what each view draws, hover, zoom, brush, actions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { installFixtures, launch, newPage, openPanelPage, openReport, pageErrors, screenshot } from './browser';
import { syntheticRun } from '../fixtures/syntheticRun';
import { fmtMs, fmtX } from '../../common/format';
import { MAIN_THREAD_MAX_ROWS } from '../../webview/deferredTasks';

const run = syntheticRun({ workers: [1, 2, 4, 8], tasks: 400, repeat: 2, measured: true });
let browser: Browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function domain(page: Page): Promise<[number, number]> {
  const d = await page.locator('.ss-tl-stack').getAttribute('data-domain');
  const [a, b] = d!.split(' ').map(Number);
  return [a, b];
}

/** Wait until the timeline has drawn a frame after `since` paints. */
async function painted(page: Page, since: number): Promise<void> {
  await page.waitForFunction((n) => Number(document.querySelector<HTMLElement>('.ss-tl-stack')?.dataset.painted ?? 0) > n, since);
}
const paints = (page: Page): Promise<number> => page.evaluate(() => Number(document.querySelector<HTMLElement>('.ss-tl-stack')?.dataset.painted ?? 0));

describe('HTML report of a known run', () => {
  let page: Page;
  before(async () => { page = await newPage(browser); await openReport(page, run); });
  after(async () => { assert.deepEqual(pageErrors(page).map(String), []); await page.close(); });

  test('header, notes and one tab per available view', async () => {
    assert.equal(await page.locator('h1.ss-title').textContent(), 'synthetic');
    assert.equal(await page.locator('.ss-notes li').count(), run.analysis!.notes.length);
    assert.deepEqual(await page.locator('.ss-tab').evaluateAll((b) => b.map((x) => (x as HTMLElement).dataset.view)), ['scaling', 'timeline', 'suggestions', 'failures']);
  });

  test('Scaling: one point per worker count, fits, peak, Karp–Flatt, POP table', async () => {
    assert.equal(await page.locator('.ss-speedup .ss-point').count(), 4);
    assert.equal(await page.locator('.ss-speedup .ss-whiskers line').count(), 4);
    assert.equal(await page.locator('.ss-speedup path.ss-usl').count(), 1);
    assert.equal(await page.locator('.ss-speedup path.ss-amdahl').count(), 1);
    assert.match((await page.locator('.ss-peak text').textContent())!, /USL peak ≈ \d+\.\d workers/);
    assert.equal(await page.locator('.ss-efficiency .ss-point').count(), 4);
    assert.equal(await page.locator('.ss-karp-flatt .ss-point').count(), run.analysis!.karpFlatt.length);
    assert.equal(await page.locator('.ss-pop tbody tr').count(), 4);
    assert.equal(await page.locator('.ss-pop tbody td').count(), 16);
    assert.match((await page.locator('.ss-speedup .ss-axis-label').allTextContents()).join('|'), /workers \(threads\)\|speedup T\(1\)\/T\(p\)/);
    await screenshot(page, 'scaling');
  });

  test('Scaling: hover shows the numbers of the nearest point', async () => {
    const box = (await page.locator('.ss-speedup .ss-point[data-workers="8"]').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const tip = page.locator('.ss-view-scaling .ss-tooltip');
    await tip.waitFor({ state: 'visible' });
    const text = (await tip.textContent())!;
    const s8 = run.analysis!.scaling.find((s) => s.workers === 8)!;
    assert.match(text, /8 workers/);
    assert.ok(text.includes(`speedup ${fmtX(s8.speedup)}`), text);
    assert.match(text, /efficiency \d+\.\d%/);
    await page.mouse.move(1, 1);
  });

  /**
   * Open `report` fresh, wait until its columns are decoded and the Timeline drawn ahead, hidden;
   * check that decoding started after the frame that presented Scaling, where it ran, and that the
   * Timeline's tab then only shows it. Returns the decoder's detail.
   */
  async function decodedAheadThenShown(report: typeof run, tasks: string): Promise<unknown> {
    const fresh = await newPage(browser);
    const cspViolations: string[] = [];
    fresh.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
    // The frame that presents Scaling: its rAF callbacks run in the frame that draws the chart.
    await fresh.addInitScript(`new MutationObserver((_, obs) => {
      if (!document.querySelector('.ss-speedup')) return;
      obs.disconnect();
      requestAnimationFrame(() => { performance.mark('test:scaling-frame'); });
    }).observe(document, { childList: true, subtree: true });`);
    await openReport(fresh, report);
    await fresh.waitForFunction(() => performance.getEntriesByName('scalescope:tasks-decoded').length > 0);
    const at = (name: string): Promise<number> => fresh.evaluate((n) => performance.getEntriesByName(n)[0].startTime, name);
    assert.ok(await at('scalescope:tasks-decoding') >= await at('test:scaling-frame'), 'decoding starts after the frame that presents Scaling');
    const detail = await fresh.evaluate(() => (performance.getEntriesByName('scalescope:tasks-decoded')[0] as PerformanceMark).detail);
    // Then the Timeline is drawn ahead into its hidden panel: not counted as a frame on screen.
    await fresh.waitForFunction(() => performance.getEntriesByName('scalescope:rendered-ahead').length > 0);
    assert.equal(await fresh.locator('.ss-view-timeline').isHidden(), true);
    assert.equal(await fresh.locator('.ss-tl-stack').getAttribute('data-painted'), null);
    // Its tab only shows it: no decoding notice; laid out again and drawn at its size in the first frame.
    await fresh.click('.ss-tab[data-view=timeline]');
    assert.equal(await fresh.locator('.ss-view-timeline .ss-decoding').count(), 0);
    const stack = fresh.locator('.ss-tl-stack[data-painted]');
    await stack.waitFor();
    assert.equal(await stack.getAttribute('data-tasks'), tasks);
    const [canvasWidth, stackWidth] = await fresh.evaluate(() => [document.querySelector<HTMLCanvasElement>('canvas.ss-tl-lanes')!.style.width, document.querySelector<HTMLElement>('.ss-tl-stack')!.clientWidth]);
    assert.equal(canvasWidth, `${stackWidth}px`);
    assert.equal(Number(await stack.getAttribute('data-plot-width')), stackWidth - Number(await stack.getAttribute('data-plot-left')));
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(pageErrors(fresh).map(String), []);
    await fresh.close();
    return detail;
  }

  test('after Scaling\'s first frame a small report\'s task columns are decoded on the page, then the Timeline drawn ahead, hidden', async () => {
    assert.deepEqual(await decodedAheadThenShown(run, '400'), { by: 'main thread' });
  });

  test(`beyond ${MAIN_THREAD_MAX_ROWS.toLocaleString('en-US')} rows they are decoded in a worker the CSP allows, then the Timeline drawn ahead, hidden`, async () => {
    const tasks = MAIN_THREAD_MAX_ROWS / 2 + 1000;
    const large = syntheticRun({ workers: [1, 2], tasks, repeat: 1, failures: 0, validate: false });
    assert.deepEqual(await decodedAheadThenShown(large, String(tasks)), { by: 'worker' });
  });

  test('Timeline: one lane per worker, all tasks of the repeat, switching worker count', async () => {
    await page.click('.ss-tab[data-view=timeline]');
    const stack = page.locator('.ss-tl-stack');
    await stack.waitFor();
    assert.equal(await stack.getAttribute('data-lanes'), '8');
    assert.equal(await stack.getAttribute('data-tasks'), '400');
    assert.equal(await stack.getAttribute('data-mode'), 'bars:8 aggregated:0');
    const [v0, v1] = await domain(page);
    assert.equal(v0, 0);
    const last = Math.max(...run.points[3].tasks.endMs.filter((_, i) => run.points[3].tasks.repeat[i] === 0));
    assert.ok(Math.abs(v1 - last) < 1e-6, `${v1} vs ${last}`);
    await screenshot(page, 'timeline');
    const n = await paints(page);
    await page.selectOption('.ss-select-workers', { label: '2' });
    await painted(page, n);
    assert.equal(await stack.getAttribute('data-lanes'), '2');
    await page.selectOption('.ss-select-workers', { label: '8' });
  });

  test('Timeline: every time-axis label stays inside the axis (the edge ones anchored at their start or end)', async () => {
    await page.click('.ss-tab[data-view=timeline]');
    await page.locator('.ss-tl-stack[data-painted]').waitFor();
    const labels = await page.evaluate(() => {
      const svg = document.querySelector<SVGSVGElement>('.ss-tl-axis')!;
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll<SVGTextElement>('.tick text')].map((t) => {
        const r = t.getBoundingClientRect();
        return { anchor: t.getAttribute('text-anchor'), inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5, text: t.textContent };
      });
    });
    assert.ok(labels.length > 2);
    assert.deepEqual(labels.filter((l) => !l.inside), []);
    assert.ok(labels.every((l) => l.anchor === 'start' || l.anchor === 'middle' || l.anchor === 'end'), JSON.stringify(labels));
  });

  test('Timeline: hover a task shows its index, input size, durations and core', async () => {
    const t = run.points[3].tasks;
    const i = t.index.findIndex((_, k) => t.repeat[k] === 0 && t.worker[k] === 3 && t.index[k] > 20);
    const stack = page.locator('.ss-tl-stack');
    const [v0, v1] = await domain(page);
    const left = Number(await stack.getAttribute('data-plot-left')), width = Number(await stack.getAttribute('data-plot-width')), laneH = Number(await stack.getAttribute('data-lane-height'));
    const canvas = (await page.locator('canvas.ss-tl-lanes').boundingBox())!;
    const mid = (t.startMs[i] + t.endMs[i]) / 2;
    await page.mouse.move(canvas.x + left + ((mid - v0) / (v1 - v0)) * width, canvas.y + laneH * 3.5);
    const tip = page.locator('.ss-view-timeline .ss-tooltip');
    await tip.waitFor({ state: 'visible' });
    const text = (await tip.textContent())!;
    assert.ok(text.includes(`Task #${t.index[i]} · worker 3`), text);
    assert.ok(text.includes(`input ${t.bytesIn[i]} B`), text);
    assert.ok(text.includes(`duration ${fmtMs(t.endMs[i] - t.startMs[i])}`), text);
    assert.match(text, /lock wait \d/);
    assert.ok(text.includes(`core ${t.coreStart[i]}`), text);
    await screenshot(page, 'timeline-hover');
    await page.mouse.move(1, 1);
  });

  test('Timeline: wheel, keys and buttons change the visible domain', async () => {
    const stack = page.locator('.ss-tl-stack');
    const full = await domain(page);
    const box = (await page.locator('canvas.ss-tl-lanes').boundingBox())!;
    let n = await paints(page);
    await page.mouse.move(box.x + box.width / 2, box.y + 20);
    await page.mouse.wheel(0, -600);
    await painted(page, n);
    await page.waitForTimeout(50);
    const zoomed = await domain(page);
    assert.ok(zoomed[1] - zoomed[0] < (full[1] - full[0]) * 0.8, `wheel zooms in: ${zoomed} vs ${full}`);
    await stack.focus();
    n = await paints(page);
    await page.keyboard.press('ArrowRight');
    await painted(page, n);
    const panned = await domain(page);
    assert.ok(panned[0] > zoomed[0], 'ArrowRight pans later');
    assert.ok(Math.abs((panned[1] - panned[0]) - (zoomed[1] - zoomed[0])) < 1e-6, 'panning keeps the span');
    n = await paints(page);
    await page.keyboard.press('+');
    await painted(page, n);
    const closer = await domain(page);
    assert.ok(closer[1] - closer[0] < panned[1] - panned[0]);
    n = await paints(page);
    await page.keyboard.press('0');
    await painted(page, n);
    assert.deepEqual(await domain(page), full);
    n = await paints(page);
    await page.click('.ss-view-timeline .ss-button[title^="Zoom in"]');
    await painted(page, n);
    const clicked = await domain(page);
    assert.ok(clicked[1] - clicked[0] < full[1] - full[0]);
    n = await paints(page);
    await page.click('.ss-view-timeline .ss-button[title^="Show everything"]');
    await painted(page, n);
    assert.deepEqual(await domain(page), full);
  });

  test('Timeline: brush a range on the axis, then zoom to it', async () => {
    const full = await domain(page);
    const axis = (await page.locator('.ss-tl-axis').boundingBox())!;
    const stack = page.locator('.ss-tl-stack');
    const left = Number(await stack.getAttribute('data-plot-left')), width = Number(await stack.getAttribute('data-plot-width'));
    const xa = axis.x + left + width * 0.25, xb = axis.x + left + width * 0.5;
    await page.mouse.move(xa, axis.y + axis.height / 2);
    await page.mouse.down();
    await page.mouse.move(xb, axis.y + axis.height / 2, { steps: 5 });
    await page.mouse.up();
    const info = (await page.locator('.ss-tl-selection').textContent())!;
    assert.match(info, /^Selected .* tasks; workers running \d+\.\d%/);
    const n = await paints(page);
    await page.click('.ss-zoom-selection');
    await painted(page, n);
    const z = await domain(page);
    const span = full[1] - full[0];
    assert.ok(Math.abs(z[0] - (full[0] + span * 0.25)) < span * 0.01, `${z} starts at the brush`);
    assert.ok(Math.abs(z[1] - (full[0] + span * 0.5)) < span * 0.01, `${z} ends at the brush`);
    await screenshot(page, 'timeline-zoomed');
  });

  test('Suggestions: one card each, evidence, change, predicted vs measured, actions disabled offline', async () => {
    await page.click('.ss-tab[data-view=suggestions]');
    assert.equal(await page.locator('.ss-card').count(), run.analysis!.suggestions.length);
    const first = page.locator('.ss-card').first();
    assert.equal(await first.locator('.ss-card-title').textContent(), run.analysis!.suggestions[0].title);
    assert.equal(await first.locator('.ss-evidence tbody tr').count(), Object.keys(run.analysis!.suggestions[0].evidence).length);
    assert.equal(await first.locator('.ss-change').textContent(), 'order: longest-first');
    assert.deepEqual(await first.locator('.ss-gain-value').allTextContents(), ['+12.5%', '+10.8%']);
    assert.equal(await page.locator('.ss-gain-compare').count(), 1, 'only the measured suggestion compares');
    assert.equal(await first.locator('.ss-rerun').isDisabled(), true);
    assert.equal(await first.locator('.ss-reveal').isDisabled(), true);
    assert.equal(await page.locator('.ss-hints tbody tr').count(), run.analysis!.hints.length);
    await screenshot(page, 'suggestions');
  });

  test('Failures: one row per failure', async () => {
    await page.click('.ss-tab[data-view=failures]');
    assert.equal(await page.locator('.ss-failures tbody tr').count(), run.failures.length);
    // Counted nouns (issue 11 item 6): the 1-worker failure reads "on 1 worker".
    const summaries = await page.locator('.ss-stack summary').allTextContents();
    assert.ok(summaries.some((t) => /^task \d+ on 1 worker(, repeat \d+)?: /.test(t)), summaries.join('\n'));
    for (const t of summaries) assert.doesNotMatch(t, /(?<![\d.])1 workers/);
    await screenshot(page, 'failures');
  });
});

describe('panel page (messages with the host)', () => {
  let page: Page;
  before(async () => { page = await newPage(browser); await openPanelPage(page); });
  after(async () => { assert.deepEqual(pageErrors(page).map(String), []); await page.close(); });
  const posted = (): Promise<{ type: string; [k: string]: unknown }[]> => page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted);

  test('asks for its run, renders it from a message, persists its state', async () => {
    assert.deepEqual(await posted(), [{ type: 'ready' }]);
    await page.evaluate((r) => window.postMessage({ type: 'showRun', run: r, state: { kind: 'run', runRef: '/runs/a.json', tab: 'suggestions' } }, '*'), JSON.parse(JSON.stringify(run)));
    await page.locator('.ss-card').first().waitFor();
    assert.equal(await page.locator('.ss-tab-active').getAttribute('data-view'), 'suggestions');
    await page.click('.ss-tab[data-view=timeline]');
    const state = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    assert.deepEqual(state, { kind: 'run', runRef: '/runs/a.json', tab: 'timeline' });
  });

  test('Reveal in source and Re-run post typed messages', async () => {
    await page.click('.ss-tab[data-view=suggestions]');
    const first = page.locator('.ss-card').first();
    await first.locator('.ss-reveal').click();
    await first.locator('.ss-rerun').click();
    assert.equal(await first.locator('.ss-rerun').isDisabled(), true);
    const msgs = (await posted()).slice(1);
    const s = run.analysis!.suggestions[0];
    assert.deepEqual(msgs, [
      { type: 'revealSource', location: s.location },
      { type: 'rerunWithChange', runId: run.id, suggestionIndex: 0, kind: s.kind, change: s.change, predictedGainPct: s.predictedGainPct },
    ]);
    const noLocation = page.locator('.ss-card').nth(2);
    assert.equal(await noLocation.locator('.ss-reveal').isDisabled(), true, 'a suggestion without a line cannot be revealed');
  });

  test('a run packed as the host sends it (typed columns) draws the same timeline, 40 000 tasks aggregated', async () => {
    const p2 = await newPage(browser);
    await openPanelPage(p2);
    await installFixtures(p2);
    await p2.evaluate(() => {
      const f = (window as unknown as { ScalescopeFixture: { syntheticRun(o: unknown): unknown; packRunForWebview(r: unknown): unknown } }).ScalescopeFixture;
      const big = f.syntheticRun({ workers: [2, 4], tasks: 40_000, repeat: 1, failures: 0, validate: false });
      window.postMessage({ type: 'showRun', run: f.packRunForWebview(big), state: { kind: 'run', runRef: 'big', tab: 'timeline' } }, '*');
    });
    const stack = p2.locator('.ss-tl-stack[data-pyramids=ready]');
    await stack.waitFor();
    assert.equal(await stack.getAttribute('data-lanes'), '4');
    assert.equal(await stack.getAttribute('data-tasks'), '40000');
    assert.equal(await stack.getAttribute('data-mode'), 'bars:0 aggregated:4', 'too many tasks per pixel: drawn aggregated');
    const box = (await p2.locator('canvas.ss-tl-lanes').boundingBox())!;
    await p2.mouse.move(box.x + box.width / 2, box.y + 5);
    const tip = p2.locator('.ss-tooltip');
    await tip.waitFor({ state: 'visible' });
    assert.match((await tip.textContent())!, /Task #\d+ · worker 0.*core \d/);
    await screenshot(p2, 'timeline-aggregated');
    let n = await paints(p2);
    await p2.mouse.wheel(0, -2000);
    await painted(p2, n);
    await p2.waitForTimeout(100);
    n = await paints(p2);
    await p2.mouse.wheel(0, -2000);
    await painted(p2, n);
    await p2.waitForTimeout(100);
    assert.match((await stack.getAttribute('data-mode'))!, /bars:[1-4]/, 'zoomed in far enough, tasks are bars again');
    assert.deepEqual(pageErrors(p2).map(String), []);
    await p2.close();
  });

  test('an unknown message is reported to the host, not rendered', async () => {
    await page.evaluate(() => window.postMessage({ type: 'runScript', code: 'window.__pwned = 1' }, '*'));
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'webviewError'));
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.locator('.ss-card').count(), run.analysis!.suggestions.length, 'still showing the run');
  });
});

describe('Compare', () => {
  test('two runs: curves overlaid, delta per worker count, config diff', async () => {
    const page = await newPage(browser);
    const other = syntheticRun({ workers: [1, 2, 4, 8, 16], tasks: 400, seed: 9, inflation: 0.01, id: 'after-change' });
    other.config.order = 'longest-first';
    await openReport(page, run, other);
    assert.equal(await page.locator('.ss-tab-active').getAttribute('data-view'), 'compare');
    assert.equal(await page.locator('.ss-compare-chart .ss-series').count(), 2);
    assert.equal(await page.locator('.ss-compare-chart .ss-series-base .ss-point').count(), 4);
    assert.equal(await page.locator('.ss-compare-chart .ss-series-other .ss-point').count(), 5);
    assert.equal(await page.locator('.ss-compare-table tbody tr').count(), 5);
    const diff = await page.locator('.ss-config-diff tbody tr th, .ss-config-diff tbody tr td:first-child').allTextContents();
    assert.deepEqual(diff.sort(), ['config.order', 'config.workers']);
    await screenshot(page, 'compare');
    assert.deepEqual(pageErrors(page).map(String), []);
    await page.close();
  });
});

describe('theme', () => {
  test('the report follows the system dark mode; VS Code theme variables win inside VS Code', async () => {
    const page = await newPage(browser);
    await page.emulateMedia({ colorScheme: 'dark' });
    await openReport(page, run);
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(30, 30, 30)');
    await screenshot(page, 'scaling-dark');
    await page.click('.ss-tab[data-view=timeline]');
    await page.locator('.ss-tl-stack[data-painted]').waitFor();
    await screenshot(page, 'timeline-dark');
    await page.evaluate(() => document.documentElement.style.setProperty('--vscode-editor-background', '#002b36'));
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(0, 43, 54)');
    await page.close();
  });
});

describe('runs with less in them', () => {
  test('no analysis: speedup from makespans, no fits, no Suggestions tab', async () => {
    const page = await newPage(browser);
    await openReport(page, syntheticRun({ workers: [1, 2, 4], tasks: 50, noAnalysis: true, failures: 0 }));
    assert.deepEqual(await page.locator('.ss-tab').evaluateAll((b) => b.map((x) => (x as HTMLElement).dataset.view)), ['scaling', 'timeline']);
    assert.equal(await page.locator('.ss-speedup .ss-point').count(), 3);
    assert.equal(await page.locator('.ss-speedup .ss-usl').count(), 0);
    assert.match((await page.locator('.ss-fits').textContent())!, /no analysis/);
    assert.deepEqual(pageErrors(page).map(String), []);
    await page.close();
  });

  test('a cancelled run with no points says so', async () => {
    const page = await newPage(browser);
    const run = syntheticRun({ workers: [1], tasks: 5, failures: 0, noAnalysis: true });
    run.points = [];
    run.status = 'cancelled';
    await openReport(page, run);
    assert.match((await page.locator('.ss-banner').first().textContent())!, /This run is cancelled/);
    assert.equal(await page.locator('main').getByText('This run has no measured points yet.').count(), 1);
    assert.deepEqual(pageErrors(page).map(String), []);
    await page.close();
  });
});
