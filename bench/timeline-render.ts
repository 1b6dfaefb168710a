// Timeline render bench, in Chromium: first paint of the Timeline for runs of 10 000 and 1 000 000
// tasks (one point, 8 workers), and the frame time of a wheel zoom, medians of several runs.
// Side by side with a baseline: the same canvas drawing every task as its own rectangle (no LOD).
// Targets at a million tasks: first paint ≤ 1.5 s, zoom frame ≤ 50 ms.
// Run: npm run build && node --import tsx bench/timeline-render.ts [runs]
import type { Page } from 'playwright-core';
import { installFixtures, launch, newPage, openPanelPage, openReport } from '../test/webview/browser';
import { syntheticRun } from '../test/fixtures/syntheticRun';

const RUNS = Number(process.argv[2] ?? 5);
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const f = (ms: number): string => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;

const runOptions = (tasks: number) => ({ workers: [8], tasks, repeat: 1, meanTaskMs: 0.4, failures: 0, validate: false, coreSampleMs: 20 });

interface Paint { total: number; transport: number; page: number; validate: number; lanes: number; draw: number; pyramids: number }

/**
 * Post the run to a fresh panel page and time until the Timeline's first frame has been presented:
 * total, of which transport (postMessage's structured clone, until the page's handler runs) and
 * page (validation, lanes, first draw); then until the zoom pyramids are built in the background.
 */
async function firstPaint(page: Page, tasks: number): Promise<Paint> {
  await openPanelPage(page);
  await installFixtures(page);
  await page.evaluate((o) => {
    const w = window as unknown as { __run: unknown; ScalescopeFixture: { syntheticRun(o: unknown): unknown } };
    w.__run = w.ScalescopeFixture.syntheticRun(o);
  }, runOptions(tasks));
  return page.evaluate(() => new Promise<Paint>((resolve) => {
    performance.clearMarks();
    const w = window as unknown as { __run: unknown; ScalescopeFixture: { packRunForWebview(r: unknown): unknown } };
    // As the panel host does: pack the columns into typed arrays, then post.
    const t0 = performance.now();
    window.postMessage({ type: 'showRun', run: w.ScalescopeFixture.packRunForWebview(w.__run), state: { kind: 'run', runRef: 'bench', tab: 'timeline' } }, '*');
    let total = 0;
    const poll = (): void => {
      const stack = document.querySelector<HTMLElement>('.ss-tl-stack');
      if (!total && stack?.dataset.painted) {
        requestAnimationFrame(() => { total = performance.now() - t0; requestAnimationFrame(poll); });
        return;
      }
      if (total && stack?.dataset.pyramids === 'ready') {
        const at = (name: string): number => performance.getEntriesByName(`scalescope:${name}`)[0].startTime - t0;
        const received = at('message-received');
        resolve({
          total, transport: received, page: total - received, validate: at('validated') - received,
          lanes: at('lanes-built') - at('validated'), draw: at('first-draw') - at('lanes-built'), pyramids: performance.now() - t0,
        });
        return;
      }
      requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  }));
}

/** Wheel-zoom steps over the lanes: time from the wheel event to the next presented frame. */
async function zoomFrames(page: Page, steps: number): Promise<{ frame: number[]; draw: number[] }> {
  return page.evaluate((n) => new Promise<{ frame: number[]; draw: number[] }>((resolve) => {
    const stack = document.querySelector<HTMLElement>('.ss-tl-stack')!;
    const canvas = document.querySelector<HTMLCanvasElement>('canvas.ss-tl-lanes')!;
    const r = canvas.getBoundingClientRect();
    const frame: number[] = [], draw: number[] = [];
    let i = 0;
    const step = (): void => {
      if (i === n) { resolve({ frame, draw }); return; }
      // Zoom in around a point that moves, then back out: covers aggregated and bar lanes.
      const x = r.left + r.width * (0.3 + 0.4 * ((i * 7) % 10) / 10);
      const observer = new MutationObserver(() => {
        observer.disconnect();
        // The frame that drew is presented at the next animation frame.
        requestAnimationFrame(() => { frame.push(performance.now() - t0); draw.push(Number(stack.dataset.frameMs)); i++; setTimeout(step, 30); });
      });
      observer.observe(stack, { attributes: true, attributeFilter: ['data-painted'] });
      const t0 = performance.now();
      canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: i < n / 2 ? -400 : 400, clientX: x, clientY: r.top + 10, bubbles: true, cancelable: true }));
    };
    step();
  }), steps);
}

/** Baseline: one fillRect per task over the whole run, the way a canvas timeline without LOD draws; timed like a zoom frame. */
async function naiveFrame(page: Page): Promise<{ frame: number; draw: number }> {
  return page.evaluate(() => new Promise<{ frame: number; draw: number }>((resolve) => {
    const run = (window as unknown as { __run: { points: { tasks: { startMs: number[]; endMs: number[]; worker: number[] } }[] } }).__run;
    const t = run.points[0].tasks;
    const c = document.createElement('canvas');
    c.width = 1200; c.height = 8 * 24;
    document.body.appendChild(c);
    const ctx = c.getContext('2d')!;
    let end = 0;
    for (let i = 0; i < t.endMs.length; i++) if (t.endMs[i] > end) end = t.endMs[i];
    const t0 = performance.now();
    requestAnimationFrame(() => {
      const d0 = performance.now();
      ctx.fillStyle = '#3b82f6';
      for (let i = 0; i < t.startMs.length; i++) {
        const x = (t.startMs[i] / end) * 1200;
        ctx.fillRect(x, t.worker[i] * 24 + 2, Math.max(1, ((t.endMs[i] - t.startMs[i]) / end) * 1200), 20);
      }
      const draw = performance.now() - d0;
      requestAnimationFrame(() => { resolve({ frame: performance.now() - t0, draw }); c.remove(); });
    });
  }));
}

async function main(): Promise<void> {
  const browser = await launch();
  const rows: string[] = [];
  for (const tasks of [10_000, 1_000_000]) {
    const paints: Paint[] = [], frames: number[] = [], draws: number[] = [], naive: number[] = [], naiveDraws: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const page = await newPage(browser, 1280, 900);
      paints.push(await firstPaint(page, tasks));
      const z = await zoomFrames(page, 10);
      frames.push(...z.frame); draws.push(...z.draw);
      const b = await naiveFrame(page);
      naive.push(b.frame); naiveDraws.push(b.draw);
      await page.close();
    }
    const m = (k: keyof Paint): string => f(median(paints.map((p) => p[k])));
    const line = `${tasks.toLocaleString('en-US').padStart(9)} tasks | first paint ${m('total')} = pack + post ${m('transport')} + page ${m('page')} [receive + validate ${m('validate')}, lanes ${m('lanes')}, first draw ${m('draw')}] (pyramids ready at ${m('pyramids')}) | zoom frame median ${f(median(frames))} (max ${f(Math.max(...frames))}; draw ${f(median(draws))}) | baseline one-rect-per-task: frame ${f(median(naive))}, draw ${f(median(naiveDraws))} → LOD frame ${(median(naive) / median(frames)).toFixed(1)}× faster, draw ${(median(naiveDraws) / median(draws)).toFixed(1)}×`;
    console.log(line);
    rows.push(line);
  }
  // The standalone report also parses the inlined JSON: first paint from navigation, 10 000 tasks.
  const loads: number[] = [];
  const run = syntheticRun(runOptions(10_000));
  for (let r = 0; r < RUNS; r++) {
    const page = await newPage(browser, 1280, 900);
    await openReport(page, run);
    const t0 = Date.now();
    await page.click('.ss-tab[data-view=timeline]');
    await page.locator('.ss-tl-stack[data-painted]').waitFor();
    loads.push(Date.now() - t0 + await page.evaluate(() => performance.getEntriesByType('navigation').map((e) => (e as PerformanceNavigationTiming).loadEventEnd)[0]));
    await page.close();
  }
  console.log(`   10,000 tasks | HTML report: load (inlined JSON parsed, Scaling drawn) + switch to Timeline: median ${f(median(loads))}`);
  console.log(`(${RUNS} runs each, Chromium ${browser.version()}, headless, 1280×900, device scale 1; targets at 1M: first paint ≤ 1500 ms, zoom frame ≤ 50 ms)`);
  await browser.close();
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
