// A fleet run's report in real Chromium: the Timeline's lanes grouped by host (headings with the
// clock offset ± uncertainty, bands in the gutter, hover on a band and on a task naming the host),
// the Scaling charts' mark where the sweep first spanned several hosts, and the hosts table.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fmtMs } from '../../common/format';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, openReport, pageErrors, screenshot } from './browser';
import { fleetRun } from '../fixtures/fleetRun';
import { syntheticRun } from '../fixtures/syntheticRun';
import { analyzeRun } from '../../server/analysis';

// Spread: at 4 workers the slots are alpha, beta, gamma, alpha; at 2, alpha and beta.
const run = fleetRun({
  hosts: [
    { name: 'alpha', slots: 2, cpus: 8, roundTripMs: 0.6, clockOffsetMs: 0.25, clockUncertaintyMs: 0.1 },
    { name: 'beta', slots: 1, cpus: 4, roundTripMs: 0.6, clockOffsetMs: -41.5, clockUncertaintyMs: 0.3, speed: 1.3 },
    { name: 'gamma', slots: 1, cpus: 4, roundTripMs: 0.6, clockOffsetMs: 3, clockUncertaintyMs: 0.2 },
  ],
  workers: [1, 2, 4], durations: () => Array.from({ length: 120 }, (_, i) => 2 + (i % 5)), repeat: 2, policy: 'spread',
});
run.analysis = analyzeRun(run);

let browser: Browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

describe('report of a fleet run', () => {
  let page: Page;
  before(async () => { page = await newPage(browser); await openReport(page, run); });
  after(async () => { assert.deepEqual(pageErrors(page).map(String), []); await page.close(); });

  test('Scaling: both charts mark the first worker count on several hosts; the tooltip says where the slots were', async () => {
    assert.equal(run.analysis!.fleet!.firstMultiHostWorkers, 2);
    assert.equal(await page.locator('.ss-speedup .ss-host-crossing[data-workers="2"]').count(), 1);
    assert.equal(await page.locator('.ss-efficiency .ss-host-crossing[data-workers="2"]').count(), 1);
    assert.match((await page.locator('.ss-speedup .ss-host-crossing text').textContent())!, /several hosts from 2 workers/);
    const box = (await page.locator('.ss-speedup .ss-point[data-workers="4"]').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const tip = page.locator('.ss-view-scaling .ss-tooltip');
    await tip.waitFor({ state: 'visible' });
    assert.match((await tip.textContent())!, /slots on alpha 2 · beta 1 · gamma 1/);
    await page.mouse.move(1, 1);
  });

  test('Scaling: a hosts table, one row per host of each point, latencies with their clock uncertainty', async () => {
    const rows = page.locator('.ss-fleet-hosts tbody tr');
    assert.equal(await rows.count(), 1 + 2 + 3);
    const beta = (await rows.nth(4).textContent())!;
    assert.match(beta, /^beta1/);
    assert.match(beta, /0\.30 ms \/ p95 0\.30 ms ± 0\.30 ms[\d.]+ ms \/ p95 [\d.]+ ms ± 0\.30 ms/, "the result's way back spans two clocks");
    assert.match(beta, /ms \/ p95 [\d.]+ ms ± 0\.30 ms$/, 'enqueue → start and its parts span two clocks too');
    assert.deepEqual((await page.locator('.ss-fleet-hosts thead th').allTextContents()).slice(-3), ['enqueue → start', 'behind jobs', 'through Redis']);
    assert.match((await page.locator('.ss-fleet-clocks').textContent())!, /beta: 1 slot on 4 × Synthetic CPU, clock −41\.5 ms ± 0\.30 ms/);
    await screenshot(page, 'fleet-scaling');
  });

  test('Timeline: lanes are slots grouped by host, with a heading per host', async () => {
    await page.click('.ss-tab[data-view=timeline]');
    const stack = page.locator('.ss-tl-stack[data-painted]');
    await stack.waitFor();
    assert.equal(await stack.getAttribute('data-lanes'), '4');
    assert.equal(await stack.getAttribute('data-hosts'), 'alpha:2 beta:1 gamma:1');
    const headings = await page.locator('.ss-tl-host').allTextContents();
    assert.deepEqual(headings, ['alpha · 2 slots · clock +0.25 ms ± 0.10 ms', 'beta · 1 slot · clock −41.5 ms ± 0.30 ms', 'gamma · 1 slot · clock +3.00 ms ± 0.20 ms']);
    assert.match((await page.locator('.ss-tl-info').textContent())!, /240 tasks|120 tasks/);
    assert.match((await page.locator('.ss-tl-info').textContent())!, /on 4 slots on 3 hosts/);
    await screenshot(page, 'fleet-timeline');
  });

  test('Timeline: hover a host band names the host and its clock; hover a task names its slot and host', async () => {
    const stack = page.locator('.ss-tl-stack');
    const laneH = Number(await stack.getAttribute('data-lane-height'));
    const canvas = (await page.locator('canvas.ss-tl-lanes').boundingBox())!;
    const tip = page.locator('.ss-view-timeline .ss-tooltip');
    // Lane 2 is beta's only slot (slot 1).
    await page.mouse.move(canvas.x + 20, canvas.y + laneH * 2.5);
    await tip.waitFor({ state: 'visible' });
    const band = (await tip.textContent())!;
    assert.match(band, /host beta/);
    assert.match(band, /clock −41\.5 ms ± 0\.30 ms/);
    await page.mouse.move(1, 1);
    // Lane 1 is alpha's second slot (slot 3): a task in the middle of it.
    const t = run.points[2].tasks;
    const i = t.index.findIndex((_, k) => t.repeat[k] === 0 && t.worker[k] === 3 && t.index[k] > 20);
    const d = (await stack.getAttribute('data-domain'))!.split(' ').map(Number);
    const left = Number(await stack.getAttribute('data-plot-left')), width = Number(await stack.getAttribute('data-plot-width'));
    const mid = (t.startMs[i] + t.endMs[i]) / 2;
    await page.mouse.move(canvas.x + left + ((mid - d[0]) / (d[1] - d[0])) * width, canvas.y + laneH * 1.5);
    await tip.waitFor({ state: 'visible' });
    const text = (await tip.textContent())!;
    assert.ok(text.includes(`Task #${t.index[i]} · slot 3 · host alpha`), text);
    assert.match(text, /result received 0\.30 ms after its end/);
    assert.ok(text.includes(`sent to Redis ${fmtMs(t.startMs[i] - t.enqueuedMs![i])} before its start`), text);
    await page.mouse.move(1, 1);
  });
});

describe('report of a run made on one machine', () => {
  test('no host mark, no hosts table, no host headings', async () => {
    const page = await newPage(browser);
    await openReport(page, syntheticRun({ workers: [1, 2, 4], tasks: 100 }));
    assert.equal(await page.locator('.ss-host-crossing').count(), 0);
    assert.equal(await page.locator('.ss-fleet-hosts').count(), 0);
    await page.click('.ss-tab[data-view=timeline]');
    await page.locator('.ss-tl-stack[data-painted]').waitFor();
    assert.equal(await page.locator('.ss-tl-host').count(), 0);
    assert.equal(await page.locator('.ss-tl-stack').getAttribute('data-hosts'), null);
    assert.deepEqual(pageErrors(page).map(String), []);
    await page.close();
  });
});
