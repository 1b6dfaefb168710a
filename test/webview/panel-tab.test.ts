// The panel page's first tab, in real Chromium: the host's choice for a fresh panel (a tried
// suggestion opens on Suggestions), the user's own tab kept when the host reloads the panel (after
// a re-run measured one of its suggestions), and the report's severity words (common/severity.ts).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, openPanelPage, pageErrors } from './browser';
import { syntheticRun } from '../fixtures/syntheticRun';
import { severityLabel } from '../../common/severity';

const run = syntheticRun({ workers: [1, 2, 4], tasks: 60, repeat: 1, measured: true, id: 'tried-run' });
let browser: Browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const activeTab = (page: Page) => page.locator('.ss-tab-active').getAttribute('data-view');
const send = (page: Page, message: unknown) => page.evaluate((m) => window.postMessage(m, '*'), JSON.parse(JSON.stringify(message)) as unknown);

describe('panel page: which tab it opens on', () => {
  let page: Page;
  before(async () => { page = await newPage(browser); await openPanelPage(page); });
  after(async () => { assert.deepEqual(pageErrors(page).map(String), []); await page.close(); });

  test("a fresh panel opens on the host's initial tab", async () => {
    await send(page, { type: 'showRun', run, state: { kind: 'run', runRef: 'tried-run' }, initialTab: 'suggestions' });
    await page.locator('.ss-tab-active').waitFor();
    assert.equal(await activeTab(page), 'suggestions');
    const state = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    assert.deepEqual(state, { kind: 'run', runRef: 'tried-run', tab: 'suggestions' });
  });

  test('the severity badges use the shared words', async () => {
    const badges = await page.locator('.ss-card .ss-badge-warning, .ss-card .ss-badge-info').allTextContents();
    assert.ok(badges.length > 0, 'the synthetic run has suggestions');
    for (const b of badges) assert.ok([severityLabel('warning'), severityLabel('info')].includes(b), b);
  });

  test('a reload by the host keeps the tab the user is on', async () => {
    await page.click('.ss-tab[data-view=timeline]');
    assert.equal(await activeTab(page), 'timeline');
    // Mark the page drawn so far, to wait for the new one.
    await page.evaluate(() => { for (const b of document.querySelectorAll<HTMLElement>('.ss-tab')) b.dataset.old = '1'; });
    // What the host sends when it refreshes the panel: its own state, without a tab, and its choice.
    await send(page, { type: 'showRun', run, state: { kind: 'run', runRef: 'tried-run' }, initialTab: 'suggestions' });
    await page.locator('.ss-tab-active:not([data-old])').waitFor();
    assert.equal(await activeTab(page), 'timeline');
  });
});
