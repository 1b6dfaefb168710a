// Timeline render bench, in Chromium: first paint of the Timeline for runs of 10 000 and 1 000 000
// tasks (one point, 8 workers), in the panel and in the standalone HTML report; the frame time of a
// wheel zoom; medians of several runs. Side by side with a baseline: the same canvas drawing every
// task as its own rectangle (no LOD). Targets and the CI guard: bench/timelineBudget.ts.
// The figures go to test-artifacts/bench-timeline.json; with --check the run fails when a
// million-task first paint is over 3× its target (the CI step in .ci/run).
// Run: npm run build && node --import tsx bench/timeline-render.ts [runs] [--check]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DIST, ROOT, installFixtures, launch, newPage, openHtmlFile, openPanelPage } from '../test/webview/browser';
import { renderHtmlReport } from '../server/export/html';
import { syntheticRun } from '../test/fixtures/syntheticRun';
import { GUARD_FACTOR, TIMELINE_TARGETS_MS, guardFailures } from './timelineBudget';

const args = process.argv.slice(2);
const RUNS = Number(args.find((a) => /^\d+$/.test(a)) ?? 5);
const CHECK = args.includes('--check');
const OUT = join(ROOT, 'test-artifacts', 'bench-timeline.json');
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const f = (ms: number): string => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;

const runOptions = (tasks: number) => ({ workers: [8], tasks, repeat: 1, meanTaskMs: 0.4, failures: 0, validate: false, coreSampleMs: 20 });

interface Paint { total: number; pack: number; post: number; page: number; validate: number; lanes: number; draw: number; pyramids: number }

/**
 * Post the run to a fresh panel page and time until the Timeline's first frame has been presented:
 * total, of which pack (the host's packRunForWebview), post (until the page's handler runs: VS Code
 * hands typed arrays to the webview as transferred buffers, so the bench transfers them) and page
 * (validation, lanes, first draw); then until the zoom pyramids are built in the background.
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
    const w = window as unknown as { __run: unknown; ScalescopeFixture: { packRunForWebview(r: unknown): { points: { tasks: Record<string, unknown> }[] } } };
    // As the panel host does: pack the columns into typed arrays, then post (buffers transferred).
    const t0 = performance.now();
    const run = w.ScalescopeFixture.packRunForWebview(w.__run);
    const packed = performance.now();
    const buffers = new Set<ArrayBuffer>();
    for (const p of run.points) for (const c of Object.values(p.tasks)) if (ArrayBuffer.isView(c) && c.buffer instanceof ArrayBuffer) buffers.add(c.buffer);
    window.postMessage({ type: 'showRun', run, state: { kind: 'run', runRef: 'bench', tab: 'timeline' } }, '*', [...buffers]);
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
          total, pack: packed - t0, post: received - (packed - t0), page: total - received, validate: at('validated') - received,
          lanes: at('lanes-built') - at('validated'), draw: at('first-draw') - at('lanes-built'), pyramids: performance.now() - t0,
        });
        return;
      }
      requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  }));
}

interface ReportLoad { scaling: number; timeline: number; decode: number; decodedBy: string; clickToFrame: number }

/**
 * Open the standalone report as a user does (a file), then, once it has loaded, switch to the
 * Timeline at once: from navigation until Scaling is presented (the frame after its chart appears), and until
 * the Timeline's first frame is presented; of which decode (tab clicked → task columns decoded).
 */
async function reportLoad(browser: Browser, html: string): Promise<ReportLoad> {
  const page = await newPage(browser, 1280, 900);
  // Scaling is drawn by the bundle as soon as it runs, while the parser may still be reading the
  // task columns below it: note the start of the first frame after its chart appears.
  await page.addInitScript(`window.__scalingAt = NaN;
    new MutationObserver((_, obs) => {
      if (!document.querySelector('.ss-speedup')) return;
      obs.disconnect();
      requestAnimationFrame(() => { window.__scalingAt = performance.now(); });
    }).observe(document, { childList: true, subtree: true });`);
  await openHtmlFile(page, html);
  // tsx names the functions below with a helper the page lacks: give it a no-op one.
  await page.evaluate('window.__name = (fn) => fn');
  const r = await page.evaluate(() => new Promise<ReportLoad>((resolve) => {
    requestAnimationFrame(() => {
      // Times count from navigation start.
      const scaling = (window as unknown as { __scalingAt: number }).__scalingAt;
      const clicked = performance.now();
      document.querySelector<HTMLElement>('.ss-tab[data-view=timeline]')!.click();
      const poll = (): void => {
        if (!document.querySelector<HTMLElement>('.ss-tl-stack')?.dataset.painted) { requestAnimationFrame(poll); return; }
        requestAnimationFrame(() => {
          const mark = performance.getEntriesByName('scalescope:tasks-decoded')[0] as PerformanceMark | undefined;
          const at = performance.now();
          resolve({ scaling, timeline: at, clickToFrame: at - clicked, decode: mark ? mark.startTime - clicked : NaN, decodedBy: (mark?.detail as { by?: string } | undefined)?.by ?? 'inline' });
        });
      };
      poll();
    });
  }));
  await page.close();
  return r;
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
  const figures: Record<string, unknown> = {};
  const lines: string[] = [];
  const say = (line: string): void => { console.log(line); lines.push(line); };
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
    const med = (k: keyof Paint): number => median(paints.map((p) => p[k]));
    const m = (k: keyof Paint): string => f(med(k));
    figures[`panel${tasks}`] = { ...Object.fromEntries((Object.keys(paints[0]) as (keyof Paint)[]).map((k) => [k, med(k)])), zoomFrame: median(frames), zoomFrameMax: Math.max(...frames), zoomDraw: median(draws), naiveFrame: median(naive), naiveDraw: median(naiveDraws), runs: paints.map((p) => p.total) };
    say(`${tasks.toLocaleString('en-US').padStart(9)} tasks | panel first paint ${m('total')} = pack ${m('pack')} + post ${m('post')} + page ${m('page')} [receive + validate ${m('validate')}, lanes ${m('lanes')}, first draw ${m('draw')}] (pyramids ready at ${m('pyramids')}) | zoom frame median ${f(median(frames))} (max ${f(Math.max(...frames))}; draw ${f(median(draws))}) | baseline one-rect-per-task: frame ${f(median(naive))}, draw ${f(median(naiveDraws))} → LOD frame ${(median(naive) / median(frames)).toFixed(1)}× faster, draw ${(median(naiveDraws) / median(draws)).toFixed(1)}×`);
  }
  // The standalone report: navigation → Scaling presented, → Timeline's first frame (columns decoded on first open).
  for (const tasks of [10_000, 1_000_000]) {
    const html = renderHtmlReport(syntheticRun(runOptions(tasks)), { distDir: DIST });
    const loads: ReportLoad[] = [];
    for (let r = 0; r < RUNS; r++) loads.push(await reportLoad(browser, html));
    const med = (k: 'scaling' | 'timeline' | 'decode' | 'clickToFrame'): number => median(loads.map((l) => l[k]));
    figures[`report${tasks}`] = { scaling: med('scaling'), timeline: med('timeline'), clickToFrame: med('clickToFrame'), decode: med('decode'), decodedBy: loads[0].decodedBy, htmlBytes: html.length, runs: loads.map((l) => l.timeline) };
    say(`${tasks.toLocaleString('en-US').padStart(9)} tasks | HTML report (${(html.length / 1e6).toFixed(1)} MB): navigation → Scaling ${f(med('scaling'))}, → Timeline first frame ${f(med('timeline'))} when clicked after the page's load event; tab click → first frame ${f(med('clickToFrame'))} (of which decode ${f(med('decode'))}, ${loads[0].decodedBy}), so Scaling + click → frame = ${f(med('scaling') + med('clickToFrame'))}`);
  }
  say(`(${RUNS} runs each, Chromium ${browser.version()}, headless, 1280×900, device scale 1; targets: panel first paint at 1M ≤ ${TIMELINE_TARGETS_MS.panelFirstPaint1M} ms, zoom frame ≤ ${TIMELINE_TARGETS_MS.zoomFrame1M} ms; report Timeline ≤ ${TIMELINE_TARGETS_MS.reportTimeline1M} ms at 1M, ≤ ${TIMELINE_TARGETS_MS.reportTimeline10k} ms at 10k, Scaling ≤ ${TIMELINE_TARGETS_MS.reportScaling} ms)`);
  const guarded = { panelFirstPaint1M: (figures.panel1000000 as Paint).total, reportTimeline1M: (figures.report1000000 as ReportLoad).timeline };
  const failures = guardFailures(guarded);
  mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
  writeFileSync(OUT, JSON.stringify({
    bench: 'bench/timeline-render.ts', date: new Date().toISOString(), runs: RUNS, chromium: browser.version(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', loadavg: loadavg() },
    targetsMs: TIMELINE_TARGETS_MS, guard: { factor: GUARD_FACTOR, figures: guarded, failures }, figures, lines,
  }, null, 2) + '\n');
  console.log(`figures written to ${OUT}`);
  await browser.close();
  if (CHECK && failures.length) { console.error(`timeline bench guard failed:\n  ${failures.join('\n  ')}`); process.exit(1); }
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
