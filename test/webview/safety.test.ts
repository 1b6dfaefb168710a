// Strings from a run are inert text in every view; a malformed run shows an error, not a blank page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, openHtmlFile, openPanelPage, openReport, pageErrors, screenshot } from './browser';
import { syntheticRun } from '../fixtures/syntheticRun';
import { renderHtmlReport } from '../../server/export/html';
import { DIST } from './browser';
import { MAIN_THREAD_MAX_ROWS } from '../../webview/deferredTasks';

const PAYLOAD = '<img src=x onerror=window.__pwned=1><script>window.__pwned=2</script></script><b>bold</b>';
let browser: Browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

function hostileRun(): ReturnType<typeof syntheticRun> {
  const run = syntheticRun({ workers: [1, 2, 4], tasks: 60, text: PAYLOAD, failures: 3 });
  run.id = PAYLOAD;
  run.host.cpuModel = PAYLOAD;
  run.analysis!.suggestions[0].change = { [PAYLOAD]: PAYLOAD };
  run.analysis!.suggestions[0].location = { file: PAYLOAD, line: 3 };
  run.failures[0].stack = PAYLOAD;
  return run;
}

/** Open every tab, then check that nothing from the payload became an element or ran. */
async function assertInert(page: Page): Promise<void> {
  for (const tab of await page.locator('.ss-tab').all()) {
    await tab.click();
    await page.waitForTimeout(50);
  }
  await page.locator('.ss-stack').first().evaluate((d) => { (d as HTMLDetailsElement).open = true; });
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  assert.equal(await page.locator('img').count(), 0, 'no <img> injected');
  assert.equal(await page.locator('b').count(), 0, 'no <b> injected');
  assert.equal(await page.locator('body script:not([type="application/json"])').count(), 1, 'only the bundle script');
  assert.equal(await page.locator('h1.ss-title').textContent(), PAYLOAD, 'shown as text');
  const text = await page.locator('body').innerText();
  assert.ok(text.split(PAYLOAD).length > 5, 'the payload appears, literally, in many places');
}

describe('strings from a run are inert text', () => {
  test('in the HTML report', async () => {
    const page = await newPage(browser);
    await openReport(page, hostileRun());
    await assertInert(page);
    await page.click('.ss-tab[data-view=suggestions]');
    await screenshot(page, 'injection-suggestions');
    assert.deepEqual(pageErrors(page).map(String), []);
    await page.close();
  });

  test('in the panel page (run delivered by message)', async () => {
    const page = await newPage(browser);
    await openPanelPage(page);
    await page.evaluate((r) => window.postMessage({ type: 'showRun', run: r, state: { kind: 'run', runRef: 'x' } }, '*'), JSON.parse(JSON.stringify(hostileRun())));
    await page.locator('h1.ss-title').waitFor();
    await assertInert(page);
    assert.deepEqual(pageErrors(page).map(String), []);
    await page.close();
  });

  test('tooltips render task data as text', async () => {
    const page = await newPage(browser);
    await openReport(page, hostileRun());
    const box = (await page.locator('.ss-speedup .ss-point').first().boundingBox())!;
    await page.mouse.move(box.x + 3, box.y + 3);
    await page.locator('.ss-tooltip').first().waitFor({ state: 'visible' });
    assert.equal(await page.locator('.ss-tooltip img').count(), 0);
    await page.close();
  });
});

describe('a malformed run shows an error, never a blank page', () => {
  let page: Page;
  before(async () => { page = await newPage(browser); });
  after(async () => { await page.close(); });

  async function errorText(): Promise<string> {
    await page.locator('.ss-error-page').waitFor();
    return (await page.locator('.ss-error-page').innerText());
  }

  test('report: a run missing required parts', async () => {
    await openReport(page, { schema: 'scalescope.run/1', id: 'broken', status: 'complete' });
    const text = await errorText();
    assert.match(text, /Cannot show this run/);
    assert.match(text, /not a valid Scalescope run file: .*startedAt/);
    await screenshot(page, 'malformed-run');
  });

  /** A run of `tasks` per point whose second point's endMs[4] is "late". */
  function lateRun(tasks: number): unknown {
    const run = JSON.parse(JSON.stringify(syntheticRun({ workers: [1, 2], tasks, repeat: 1, failures: 0, validate: false })));
    run.points[1].tasks.endMs[4] = 'late';
    return run;
  }

  // A small report's columns are checked lazily on the page (after Scaling, ahead of need); a large
  // one's in the worker: either way Scaling draws and the Timeline names the point, column and entry.
  for (const [path, tasks] of [['on the page', 30], ['in the worker', MAIN_THREAD_MAX_ROWS / 2 + 1000]] as const) {
    test(`report: a wrong value deep in the task columns is named when the Timeline opens (decoded ${path})`, async () => {
      await openReport(page, lateRun(tasks));
      await page.locator('.ss-speedup .ss-point').first().waitFor();
      // Decoded ahead and found faulty: nothing drawn ahead, and Scaling stays as it is.
      await page.waitForFunction(() => performance.getEntriesByName('scalescope:tasks-decoding').length > 0);
      assert.equal(await page.locator('.ss-error').count(), 0);
      await page.click('.ss-tab[data-view=timeline]');
      const error = page.locator('.ss-view-timeline .ss-error');
      await error.waitFor();
      assert.match((await error.textContent())!, /run: not a valid Scalescope run file: points\[workers=2\]\.tasks\.endMs: entry 4 is "late", expected a number/);
      assert.equal(await page.locator('.ss-tl-stack').count(), 0);
      assert.deepEqual(await page.evaluate(() => (window as unknown as { __posted?: unknown[] }).__posted), undefined, 'no host to tell');
    });
  }

  // The columns only the tooltip reads are decoded after the Timeline's first frame: a fault there
  // replaces the drawn Timeline with the same message, naming the point, column and entry.
  for (const [path, tasks] of [['on the page', 30], ['in the worker', MAIN_THREAD_MAX_ROWS / 2 + 1000]] as const) {
    test(`report: a wrong value in a column only the tooltip reads is named in the Timeline once it is read (decoded ${path})`, async () => {
      const run = JSON.parse(JSON.stringify(syntheticRun({ workers: [1, 2], tasks, repeat: 1, failures: 0, validate: false })));
      run.points[1].tasks.bytesIn[4] = 'late';
      await openReport(page, run);
      await page.locator('.ss-speedup .ss-point').first().waitFor();
      await page.click('.ss-tab[data-view=timeline]');
      const error = page.locator('.ss-view-timeline .ss-error');
      await error.waitFor();
      assert.match((await error.textContent())!, /run: not a valid Scalescope run file: points\[workers=2\]\.tasks\.bytesIn: entry 4 is "late"/);
      assert.equal(await page.locator('.ss-tl-stack').count(), 0);
      assert.equal(await page.evaluate(() => performance.getEntriesByName('scalescope:tasks-complete').length), 0);
    });
  }

  test('report: where the browser refuses the blob worker, a large report\'s columns are decoded on the page itself', async () => {
    const tasks = MAIN_THREAD_MAX_ROWS / 2 + 1000;
    const html = renderHtmlReport(syntheticRun({ workers: [1, 2], tasks, repeat: 1, failures: 0, validate: false }), { distDir: DIST }).replace('; worker-src blob:', '');
    assert.doesNotMatch(html, /worker-src/);
    await openHtmlFile(page, html);
    await page.click('.ss-tab[data-view=timeline]');
    await page.locator('.ss-tl-stack[data-painted]').waitFor();
    assert.equal(await page.locator('.ss-tl-stack').getAttribute('data-tasks'), String(tasks));
    assert.deepEqual(await page.evaluate(() => (performance.getEntriesByName('scalescope:tasks-decoded')[0] as PerformanceMark).detail), { by: 'main thread' });
  });

  test('report: another schema, and JSON that does not parse', async () => {
    await openReport(page, { schema: 'scalescope.run/99' });
    assert.match(await errorText(), /unsupported schema "scalescope\.run\/99"/);
    const html = renderHtmlReport(syntheticRun({ workers: [1], tasks: 5 }), { distDir: DIST })
      .replace(/(<script type="application\/json" id="scalescope-run">)[^<]*/, '$1{"schema": ');
    await openHtmlFile(page, html);
    assert.match(await errorText(), /Cannot read the run embedded in this report/);
  });

  test('panel: a malformed run by message, and a host error message', async () => {
    await openPanelPage(page);
    await page.evaluate(() => window.postMessage({ type: 'showRun', run: { schema: 'scalescope.run/1' }, state: { kind: 'run', runRef: 'x' } }, '*'));
    assert.match(await errorText(), /not a valid Scalescope run file/);
    const posted = await page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted.map((m) => m.type));
    assert.deepEqual(posted, ['ready', 'webviewError']);
    await page.evaluate(() => window.postMessage({ type: 'showError', message: 'run file /x.json: not found' }, '*'));
    await page.waitForFunction(() => document.querySelector('.ss-error-page')?.textContent?.includes('not found'));
  });
});
