// The noise verdict and the intervals where the report shows numbers (issue "Numbers a user can
// trust"), and the report defects that go with them: re-run only for run settings, losses drawn as
// losses, evidence in words, integer worker ticks, clipped lines. Synthetic runs, real Chromium.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, openPanelPage, openReport, pageErrors, screenshot } from './browser';
import { syntheticRun } from '../fixtures/syntheticRun';
import type { RunFile } from '../../common/runFile';

let browser: Browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function report(run: RunFile, other?: RunFile, dark = false): Promise<Page> {
  const page = await newPage(browser);
  if (dark) await page.emulateMedia({ colorScheme: 'dark' });
  await openReport(page, run, other);
  return page;
}
async function done(page: Page): Promise<void> {
  assert.deepEqual(pageErrors(page).map(String), []);
  await page.close();
}
const ticks = (page: Page, chart: string): Promise<string[]> => page.locator(`${chart} .ss-axis-x .tick text`).allTextContents();

describe('verdict banner', () => {
  test('noisy run: a warning banner with the reasons and the external load, at the top of the page', async () => {
    const run = syntheticRun({ workers: [1, 2, 4], tasks: 80, verdict: 'noisy', intervals: true });
    for (const dark of [false, true]) {
      const page = await report(run, undefined, dark);
      const banner = page.locator('header .ss-verdict');
      assert.equal(await banner.getAttribute('data-verdict'), 'noisy');
      assert.match((await banner.locator('.ss-verdict-title').textContent())!, /^Busy machine/);
      const reasons = await banner.locator('.ss-verdict-reasons li').allTextContents();
      assert.ok(reasons.includes(run.analysis!.quality!.reasons[0]), reasons.join('|'));
      assert.match((await banner.textContent())!, /trusted points: 1, 2 workers/);
      await screenshot(page, `verdict-noisy-${dark ? 'dark' : 'light'}`);
      await done(page);
    }
  });

  test('a reason that already says which points are trusted is not repeated under the list', async () => {
    const run = syntheticRun({ workers: [1, 2], tasks: 40, verdict: 'unreliable' });
    const q = run.analysis!.quality!;
    q.trustedWorkers = [];
    q.reasons.push('No point is trusted: fits and code suggestions are withheld. Re-run on a quieter machine (--settle waits for one).');
    let page = await report(run);
    assert.equal(((await page.locator('header .ss-verdict').textContent())!.match(/No point is trusted/g) ?? []).length, 1);
    await done(page);
    // An older analysis without that reason still gets the line.
    q.reasons.pop();
    page = await report(run);
    assert.equal(await page.locator('header .ss-verdict-trusted').textContent(), 'No point is trusted: fits and code suggestions are withheld.');
    await done(page);
  });

  test('quiet run: one quiet line, no warning; an older run without a verdict: nothing', async () => {
    let page = await report(syntheticRun({ workers: [1, 2], tasks: 40, verdict: 'ok' }));
    assert.equal(await page.locator('.ss-verdict.ss-warning').count(), 0);
    assert.match((await page.locator('.ss-verdict-ok').textContent())!, /^Quiet machine/);
    await done(page);
    page = await report(syntheticRun({ workers: [1, 2], tasks: 40 }));
    assert.equal(await page.locator('.ss-verdict').count(), 0);
    await done(page);
  });
});

describe('Scaling with intervals', () => {
  test('error bars from the intervals, the quiet-machine estimate labelled, never a bare superlinear figure', async () => {
    const run = syntheticRun({ workers: [1, 2, 4], tasks: 80, verdict: 'noisy', intervals: true });
    // A superlinear point: the "194% efficient" of the busy laptop.
    const row = run.analysis!.scaling[1];
    row.efficiency = 1.94; row.speedup = 3.88;
    const page = await report(run);
    const headlines = await page.locator('.ss-headlines tbody tr td:nth-child(2)').allTextContents();
    assert.equal(headlines.length, 3);
    assert.match(headlines[1], /^≈3\.9× on 2 workers \(above ideal: /, headlines[1]);
    const body = await page.locator('.ss-view-scaling').innerText();
    assert.doesNotMatch(body, /194% efficient/);
    // Wherever a figure above ideal appears, its cause is beside it.
    for (const cell of await page.locator('.ss-headlines td').allTextContents()) {
      const e = /(\d+\.\d)% (?:\(|efficient)/.exec(cell);
      if (e && Number(e[1]) > 105) assert.match(cell, /above ideal: /, cell);
    }
    assert.match((await page.locator('.ss-headlines thead').textContent())!, /quiet-machine estimate/);
    assert.match((await page.locator('.ss-headlines tbody tr').nth(2).textContent())!, /≈ \d+\.\d% efficient.*, ≈ .* \(estimate\)/);
    assert.equal(await page.locator('.ss-efficiency .ss-eff-ci line').count(), 3, 'efficiency intervals');
    assert.equal(await page.locator('.ss-efficiency .ss-quiet-point').count(), 3, 'estimates drawn beside the points');
    assert.match((await page.locator('.ss-view-scaling .ss-chart-legend').allTextContents()).join('|'), /measured \(median, 95% interval\).*quiet-machine estimate \(not measured\)/);
    // The speedup whiskers span the interval, not the min–max of the repeats.
    const s4 = run.analysis!.scaling[2];
    const [y1, y2] = await page.locator('.ss-speedup .ss-whiskers line').nth(2).evaluate((l) => [Number(l.getAttribute('y1')), Number(l.getAttribute('y2'))]);
    assert.ok(Math.abs(y1 - y2) > 0, `${s4.speedupCi} drawn`);
    await screenshot(page, 'scaling-intervals');
    await done(page);
  });

  test('no 1-worker point: says there is no baseline instead of a speedup', async () => {
    const run = syntheticRun({ workers: [2, 4], tasks: 60, intervals: true });
    const page = await report(run);
    assert.match((await page.locator('.ss-no-baseline').textContent())!, /No 1-worker point was measured/);
    assert.deepEqual(await page.locator('.ss-headlines tbody tr td:nth-child(2)').allTextContents(), ['2 workers: no 1-worker baseline, speedup not measured', '4 workers: no 1-worker baseline, speedup not measured']);
    // No efficiency drawn at 100% for the fewest workers: there is nothing to measure it against.
    assert.equal(await page.locator('.ss-efficiency').count(), 0, 'no efficiency chart without a baseline');
    assert.match((await page.locator('.ss-no-efficiency').textContent())!, /Not measured: no 1-worker point/);
    await done(page);
  });

  test('fits that do not describe the points are not shown as numbers; Karp–Flatt outside 0–1 is left out', async () => {
    const run = syntheticRun({ workers: [1, 2, 4, 8], tasks: 60 });
    run.analysis!.amdahl = { serialFraction: 1, r2: -1 };
    run.analysis!.usl = { sigma: 0.2, kappa: 0.01, peakWorkers: 3, r2: -0.4, trusted: true };
    run.analysis!.karpFlatt = [{ workers: 2, e: 1.55 }, { workers: 4, e: -0.48 }, { workers: 8, e: 0.1 }];
    const page = await report(run);
    const fits = (await page.locator('.ss-fits').textContent())!;
    assert.doesNotMatch(fits, /R² -|R² −|f = 100/);
    assert.match(fits, /Amdahl: no fit.*USL: no fit/);
    assert.equal(await page.locator('.ss-speedup path.ss-amdahl').count(), 0);
    assert.equal(await page.locator('.ss-speedup path.ss-usl').count(), 0);
    assert.equal(await page.locator('.ss-karp-flatt .ss-point').count(), 1);
    assert.match((await page.locator('.ss-kf-dropped').textContent())!, /Not shown at 2, 4 workers/);
    await done(page);
  });
});

describe('axes', () => {
  test('worker counts are whole numbers on every chart (one point, two points, Compare)', async () => {
    const run = syntheticRun({ workers: [1, 2], tasks: 40, failures: 0 });
    run.status = 'cancelled';
    run.analysis!.karpFlatt = [{ workers: 2, e: 0.2 }];
    const page = await report(run, syntheticRun({ workers: [1, 2], tasks: 40, seed: 3, failures: 0 }));
    await page.click('.ss-tab[data-view=scaling]');
    for (const chart of ['.ss-speedup', '.ss-efficiency', '.ss-karp-flatt', '.ss-compare-chart']) {
      const t = await ticks(page, chart);
      assert.ok(t.length >= 2, `${chart}: ${t}`);
      for (const v of t) assert.match(v, /^\d+$/, `${chart} tick ${v}`);
    }
    await done(page);
  });

  test("Compare's ideal line runs to the last count and is clipped, not squashed to the top", async () => {
    const base = syntheticRun({ workers: [1, 2, 4, 8], tasks: 40, failures: 0, inflation: 0.3 });
    const page = await report(base, syntheticRun({ workers: [1, 2, 4, 8], tasks: 40, failures: 0, seed: 5, inflation: 0.25 }));
    const ideal = page.locator('.ss-compare-chart .ss-ideal');
    assert.ok(await ideal.getAttribute('clip-path'));
    const y2 = Number(await ideal.getAttribute('y2'));
    assert.ok(y2 < 0, `the line leaves the plot at the top (y2 ${y2}) and is clipped there`);
    await done(page);
  });

  test("Compare's y range follows the drawn speedups, not the undrawn intervals of a busy run", async () => {
    const base = syntheticRun({ workers: [1, 2], tasks: 40, failures: 0, intervals: true });
    const other = syntheticRun({ workers: [1, 2], tasks: 40, failures: 0, seed: 5, intervals: true });
    for (const r of [base, other]) for (const row of r.analysis!.scaling) row.speedupCi = [row.speedup * 0.5, row.speedup * 2];
    const page = await report(base, other);
    await page.click('.ss-tab[data-view=compare]');
    const top = Math.max(...[base, other].flatMap((r) => r.analysis!.scaling.map((row) => row.speedup)));
    const yTicks = (await page.locator('.ss-compare-chart .ss-axis-y .tick text').allTextContents()).map((t) => parseFloat(t));
    assert.ok(Math.max(...yTicks) <= Math.ceil(top * 1.15 * 2) / 2 + 0.5, `y ticks ${yTicks} for a top speedup of ${top}`);
    await done(page);
  });

  test('the timeline axis labels stay inside the axis', async () => {
    const page = await report(syntheticRun({ workers: [1, 2], tasks: 40, failures: 0 }));
    await page.click('.ss-tab[data-view=timeline]');
    await page.locator('.ss-tl-stack[data-painted]').waitFor();
    const svg = (await page.locator('.ss-tl-axis').boundingBox())!;
    for (const box of await page.locator('.ss-tl-axis .tick text').evaluateAll((ts) => ts.map((t) => t.getBoundingClientRect().toJSON() as DOMRect))) {
      assert.ok(box.left >= svg.x - 0.5 && box.right <= svg.x + svg.width + 0.5, `label ${box.left}–${box.right} inside ${svg.x}–${svg.x + svg.width}`);
    }
    await done(page);
  });
});

describe('Suggestions', () => {
  test('a code change offers Reveal in source (or says why not), never a re-run; a setting offers the re-run', async () => {
    const page = await newPage(browser);
    await openPanelPage(page);
    const run = syntheticRun({ workers: [1, 2, 4], tasks: 60 });
    run.analysis!.suggestions[1].change = {}; // lock-contention: a change in the code
    await page.evaluate((r) => window.postMessage({ type: 'showRun', run: r, state: { kind: 'run', runRef: 'r', tab: 'suggestions' } }, '*'), JSON.parse(JSON.stringify(run)));
    await page.locator('.ss-card').first().waitFor();
    const [imbalance, lock, granularity] = await page.locator('.ss-card').all();
    assert.equal(await imbalance.locator('.ss-rerun').count(), 1);
    assert.equal(await lock.locator('.ss-rerun').count(), 0, 'no re-run with {}');
    assert.equal(await lock.locator('.ss-reveal').isDisabled(), false);
    assert.match((await lock.locator('.ss-change-code').textContent())!, /^Change the code at .*synthetic\.workload\.ts:21/);
    assert.equal(await granularity.locator('.ss-rerun').count(), 1, 'batch is a setting');
    assert.equal(await granularity.locator('.ss-reveal').isDisabled(), true);
    assert.match((await granularity.locator('.ss-action-why').textContent())!, /No source line/);
    await screenshot(page, 'suggestions-actions');
    await done(page);
  });

  test('a negative measured gain is a red bar left of zero with its interval and "within noise"', async () => {
    for (const dark of [false, true]) {
      const run = syntheticRun({ workers: [1, 2, 4], tasks: 60, verdict: 'noisy', measuredGain: { pct: -47.3, ci: [-80, 5], significance: 'within-noise' } });
      const page = await report(run, undefined, dark);
      await page.click('.ss-tab[data-view=suggestions]');
      const card = page.locator('.ss-card').first();
      const bar = card.locator('.ss-bar-measured');
      assert.match((await bar.getAttribute('class'))!, /ss-bar-loss/);
      const zero = (await card.locator('.ss-gain-row-measured .ss-gain-zero').boundingBox())!;
      const b = (await bar.boundingBox())!;
      assert.ok(b.x + b.width <= zero.x + 1, `the loss ends at zero (${b.x + b.width} vs ${zero.x})`);
      const [r, g] = (await bar.evaluate((e) => getComputedStyle(e).backgroundColor)).match(/\d+/g)!.map(Number);
      assert.ok(r > g + 60, `drawn red, not green: ${r},${g}`);
      const ci = (await card.locator('.ss-gain-ci').boundingBox())!;
      assert.ok(ci.x < b.x + 2 && ci.x + ci.width > zero.x, 'the interval whisker spans from the loss past zero');
      assert.match((await card.locator('.ss-gain-significance').textContent())!, /−80\.0% to \+5\.0%: within noise/);
      assert.deepEqual(await card.locator('.ss-gain-value').allTextContents(), ['+12.5%', '−47.3%']);
      await screenshot(page, `suggestions-loss-${dark ? 'dark' : 'light'}`);
      await done(page);
    }
  });

  test('evidence as labelled values with units; withheld suggestions listed with their reasons', async () => {
    const run = syntheticRun({ workers: [1, 2, 4], tasks: 60, verdict: 'noisy' });
    run.analysis!.suggestions[0].evidence = { loadBalance: { 2: 0.726 }, perWorkers: [{ workers: 2, predictedGainPct: 3.1 }], gainBasis: 'sum-of-makespans', gainOverWorkers: [2], usl: { sigma: 0.1, trusted: false } };
    const page = await report(run);
    await page.click('.ss-tab[data-view=suggestions]');
    const cells = await page.locator('.ss-evidence td').allTextContents();
    for (const c of cells) {
      assert.doesNotMatch(c, /[{}"]/, c);
      assert.doesNotMatch(c, /[a-z][A-Z]/, c);
    }
    assert.ok(cells.includes('2 workers: 72.6%'), cells.join('|'));
    const withheld = page.locator('.ss-withheld tbody tr');
    assert.equal(await withheld.count(), 1);
    assert.match((await withheld.textContent())!, /Serial bottleneck.*measured beside 0\.95 cores/);
    await screenshot(page, 'suggestions-withheld');
    await done(page);
  });
});

describe('Compare and tried suggestions', () => {
  test('the verdicts of both runs, beyond-noise per worker count, predicted vs measured with its interval', async () => {
    const base = syntheticRun({ workers: [1, 2, 4], tasks: 60, verdict: 'ok', intervals: true, id: 'base' });
    const tried = syntheticRun({ workers: [1, 2, 4], tasks: 60, verdict: 'noisy', intervals: true, seed: 7, id: 'tried', measuredGain: { pct: -12, ci: [-20, -4], significance: 'loss' } });
    tried.triedSuggestion = { runId: 'base', kind: 'imbalance', predictedGainPct: 12.5 };
    const page = await report(base, tried);
    assert.match((await page.locator('.ss-compare-verdicts').textContent())!, /Base: quiet machine · Other: busy machine/);
    assert.match((await page.locator('.ss-view-compare h3').first().textContent())!, /Predicted vs measured: imbalance \(tried in tried\)/);
    assert.match((await page.locator('.ss-view-compare .ss-bar-measured').getAttribute('class'))!, /ss-bar-loss/);
    assert.match((await page.locator('.ss-view-compare .ss-gain-significance').textContent())!, /a loss beyond noise/);
    const col = await page.locator('.ss-compare-table tbody td:nth-child(5)').allTextContents();
    assert.equal(col.length, 3);
    for (const c of col) assert.match(c, /^(within noise|faster, beyond noise|slower, beyond noise)$/);
    assert.match((await page.locator('.ss-compare-table tbody td:nth-child(2)').first().textContent())!, /ms \(.* – .*\)/);
    await screenshot(page, 'compare-trust');
    await done(page);
  });
});

describe('scaling charts without a fit', () => {
  test('two worker counts, no fit: the axis ends at the data, no empty predicted zone, no note about fits', async () => {
    const run = syntheticRun({ workers: [1, 2], tasks: 40 });
    run.analysis!.amdahl = null;
    run.analysis!.usl = null;
    const page = await report(run);
    assert.equal(await page.locator('.ss-speedup .ss-predicted-zone').count(), 0);
    assert.equal(await page.locator('.ss-speedup .ss-zone-label').count(), 0);
    assert.equal(await page.locator('.ss-few-points').count(), 0);
    assert.equal((await ticks(page, '.ss-speedup')).at(-1), '2');
    await done(page);
  });
});

describe('where the time goes', () => {
  test('labelled as a share of worker time; a transfer column says it overlaps the queue wait', async () => {
    const run = syntheticRun({ workers: [1, 2], tasks: 40 });
    let page = await report(run);
    assert.match((await page.locator('h3', { hasText: 'Where the time goes' }).textContent())!, /share of worker time/);
    assert.equal(await page.locator('.ss-contention-note').count(), 0);
    await done(page);
    for (const c of run.analysis!.contention) { c.queueWaitShare = 0.68; c.transferShare = 0.57; }
    page = await report(run);
    assert.match((await page.locator('.ss-contention-note').textContent())!, /overlap and can add up to more than 100%/);
    await done(page);
  });
});

describe('failures of a real, interleaved run', () => {
  test('listed by worker count, repeat and task; each stack says its repeat', async () => {
    const run = syntheticRun({ workers: [1, 2], tasks: 40 });
    const f0 = { workers: 2, repeat: 0, taskIndex: 5, cause: 'error' as const, message: 'task 5: corrupt input', stack: 'Error: task 5: corrupt input\n    at run (/w/failures.workload.js:18:11)', location: null };
    run.failures = [f0, { ...f0, repeat: 1 }, { ...f0, workers: 1 }, { ...f0, workers: 1, repeat: 1, taskIndex: 2 }];
    const page = await report(run);
    await page.click('.ss-tab[data-view=failures]');
    const rows = await page.locator('.ss-failures tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent).join(' ')));
    assert.deepEqual(rows, ['1 1 5', '1 2 2', '2 1 5', '2 2 5']);
    assert.deepEqual(await page.locator('.ss-stack summary').allTextContents(), [
      'task 5 on 1 worker, repeat 1: task 5: corrupt input', 'task 2 on 1 worker, repeat 2: task 5: corrupt input',
      'task 5 on 2 workers, repeat 1: task 5: corrupt input', 'task 5 on 2 workers, repeat 2: task 5: corrupt input',
    ]);
    await done(page);
  });
});

describe('suggestions tab title', () => {
  test('counts the withheld suggestions as well', async () => {
    const run = syntheticRun({ workers: [1, 2], tasks: 40, verdict: 'unreliable' });
    run.analysis!.suggestions = [];
    run.analysis!.withheld = [{ kind: 'imbalance', reason: 'busy', title: 'Uneven load' }, { kind: 'granularity', reason: 'busy' }];
    let page = await report(run);
    assert.equal(await page.locator('.ss-tab[data-view=suggestions]').textContent(), 'Suggestions (0, 2 withheld)');
    await done(page);
    run.analysis!.withheld = [];
    page = await report(run);
    assert.equal(await page.locator('.ss-tab[data-view=suggestions]').textContent(), 'Suggestions (0)');
    await done(page);
  });
});

describe('run header', () => {
  test("the header's makespan says which one it is: the median at the last worker count", async () => {
    const run = syntheticRun({ workers: [1, 2, 4], tasks: 40 });
    const page = await report(run);
    const meta = (await page.locator('header .ss-meta').textContent())!;
    assert.match(meta, /median makespan [\d.]+ (ms|s) at 4 workers/);
    assert.doesNotMatch(meta, /last makespan/);
    await done(page);
  });
});
