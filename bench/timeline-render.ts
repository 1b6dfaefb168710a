// Timeline render bench, in Chromium: first paint of the Timeline for runs of 10 000 and 1 000 000
// tasks (one point, 8 workers), in the panel and in the standalone HTML report; the frame time of a
// wheel zoom; medians of several runs. Side by side with a baseline: the same canvas drawing every
// task as its own rectangle (no LOD). Targets and the CI guard: bench/timelineBudget.ts.
// The figures go to test-artifacts/bench-timeline.json; with --check the run fails when a
// million-task first paint is over 3× its target (the CI step in .ci/run).
// Every stage of the report's load is reported from navigation start. --baseline DIR measures another
// build's dist/ (webview.js, webview.css) in the same interleaved rounds, side by side.
// Run: npm run build && node --import tsx bench/timeline-render.ts [runs] [--check] [--baseline DIR] [--part panel|report] [--tasks N,N] [--run RUNFILE]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DIST, ROOT, installFixtures, launch, newPage, openHtmlFile, openPanelPage } from '../test/webview/browser';
import { renderHtmlReport } from '../server/export/html';
import { TASKS_ENCODING_GZIP_BASE64 } from '../common/page';
import { syntheticRun } from '../test/fixtures/syntheticRun';
import { parseRunFile, type RunFile } from '../common/runFile';
import { GUARD_FACTOR, TIMELINE_TARGETS_MS, guardFailures } from './timelineBudget';

const args = process.argv.slice(2);
const valueOf = (flag: string): string | undefined => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const RUNS = Number(args.find((a, i) => /^\d+$/.test(a) && !['--baseline', '--tasks', '--run'].includes(args[i - 1])) ?? 5);
/** Only the panel or only the report (--part), only some sizes (--tasks 10000,1000000): for working on one figure; --check needs both at 1M. */
const PARTS = (valueOf('--part') ?? 'panel,report').split(',');
const SIZES = (valueOf('--tasks') ?? '10000,1000000').split(',').map(Number).filter((n) => n > 0); // --tasks none: only --run
const CHECK = args.includes('--check');
/**
 * A saved run file (e.g. `scalescope run … --batch 1000` at a million tasks) whose report is timed
 * too: the synthetic runs' random times encode poorly (≈ 30 MB at a million tasks, a recorded run of
 * the same size ≈ 4 MB), so they bound the page's cost from above; a recorded run is what users open.
 */
const RUN_FILE = valueOf('--run');
/** Another build's dist/ folder, measured in the same interleaved rounds (e.g. the tree before a change). */
const BASELINE = valueOf('--baseline');
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
async function firstPaint(page: Page, tasks: number, dist: string): Promise<Paint> {
  await openPanelPage(page, dist);
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

/** Times from navigation start (ms) of one report load, and where the columns were decoded. */
interface ReportLoad {
  /** The page read up to the bundle, and the bundle compiled (its first statement marks it). */
  bundle: number;
  /** The run's JSON parsed and validated (the bundle's modules initialised before it). */
  validated: number;
  /** Scaling drawn and presented (the frame after its chart appears). */
  scaling: number;
  /** The parser has read the task columns (DOMContentLoaded), then the load event. */
  parsed: number;
  load: number;
  /** Task columns: decoding started (after Scaling's frame), columns in the page. */
  decodeStart: number;
  decoded: number;
  /** The Timeline drawn ahead into its hidden panel (idle time), NaN when it was drawn on the click. */
  renderedAhead: number;
  /** The Timeline's tab clicked (at the load event or once Scaling is presented, whichever is later), and its first frame presented. */
  clicked: number;
  timeline: number;
  /**
   * CPU time of the page's main thread until then (Chromium's ThreadTime), ms: what the page itself
   * costs, whatever else the machine runs; wall-clock stages stretch on a busy machine, this hardly.
   */
  mainThreadCpu: number;
  decodedBy: string;
}
const REPORT_STAGES = ['bundle', 'validated', 'scaling', 'parsed', 'load', 'decodeStart', 'decoded', 'renderedAhead', 'clicked', 'timeline', 'mainThreadCpu'] as const;

/**
 * Open the standalone report as a user does (a file) and, in the page, click the Timeline's tab as
 * soon as a user could: the page's load event has run and Scaling, with the tabs, is on screen
 * (clicking from the page keeps the harness's round trips out of the figure). Every stage is timed
 * from navigation start, as the target is (navigation → the Timeline's first frame presented).
 */
async function reportLoad(browser: Browser, html: string): Promise<ReportLoad> {
  const page = await newPage(browser, 1280, 900);
  // Scaling is drawn by the bundle as soon as it runs, while the parser may still be reading the
  // task columns below it: note the start of the first frame after its chart appears.
  await page.addInitScript(`window.__bench = { scaling: NaN, clicked: NaN, timeline: NaN };
    // Click as soon as a user could: once the page's load event has run and Scaling (with the tab
    // bar) has been presented, whichever comes last.
    let loaded = false, shown = false;
    const clickWhenReady = () => { if (loaded && shown) setTimeout(click, 0); };
    window.addEventListener('load', () => { loaded = true; clickWhenReady(); });
    new MutationObserver((_, obs) => {
      if (!document.querySelector('.ss-speedup')) return;
      obs.disconnect();
      requestAnimationFrame(() => { window.__bench.scaling = performance.now(); shown = true; clickWhenReady(); });
    }).observe(document, { childList: true, subtree: true });
    const click = () => {
      window.__bench.clicked = performance.now();
      document.querySelector('.ss-tab[data-view=timeline]').click();
      const poll = () => {
        if (!document.querySelector('.ss-tl-stack')?.dataset.painted) { requestAnimationFrame(poll); return; }
        // Drawn before this frame: presented when the next one starts.
        requestAnimationFrame(() => { window.__bench.timeline = performance.now(); });
      };
      poll();
    };`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const threadTime = async (): Promise<number> => 1000 * ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN);
  const before = await threadTime();
  await openHtmlFile(page, html);
  // A function, not a string: the report's CSP forbids eval. tsx names it with a helper the page lacks.
  await page.evaluate('window.__name = (fn) => fn');
  await page.waitForFunction(() => !Number.isNaN((window as unknown as { __bench: { timeline: number } }).__bench.timeline), undefined, { polling: 50 });
  const r = await page.evaluate(`(() => {
    const b = window.__bench, nav = performance.getEntriesByType('navigation')[0];
    const mark = (n) => performance.getEntriesByName('scalescope:' + n)[0];
    const at = (n) => mark(n)?.startTime ?? NaN;
    return { bundle: at('bundle-start'), validated: at('validated'), scaling: b.scaling, parsed: nav.domContentLoadedEventStart, load: nav.loadEventStart,
      decodeStart: at('tasks-decoding'), decoded: at('tasks-decoded'), renderedAhead: at('rendered-ahead'), clicked: b.clicked, timeline: b.timeline,
      decodedBy: mark('tasks-decoded')?.detail?.by ?? 'inline' };
  })()`) as ReportLoad;
  const after = await threadTime();
  // A file opened from about:blank may get a fresh renderer process: its counter starts at its birth.
  r.mainThreadCpu = after >= before ? after - before : after;
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

/** The build measured, and optionally another build's dist/ (--baseline DIR) measured in the same interleaved rounds. */
interface Side { name: string; dist: string }

async function main(): Promise<void> {
  const browser = await launch();
  const sides: Side[] = [{ name: 'this build', dist: DIST }, ...(BASELINE ? [{ name: `baseline (${BASELINE})`, dist: BASELINE }] : [])];
  const figures: Record<string, unknown> = {}, baseline: Record<string, unknown> = {};
  const into = (i: number): Record<string, unknown> => (i === 0 ? figures : baseline);
  const lines: string[] = [];
  const say = (line: string): void => { console.log(line); lines.push(line); };
  for (const tasks of PARTS.includes('panel') ? SIZES : []) {
    const per = sides.map(() => ({ paints: [] as Paint[], frames: [] as number[], draws: [] as number[], naive: [] as number[], naiveDraws: [] as number[] }));
    for (let r = 0; r < RUNS; r++) {
      for (const [i, side] of sides.entries()) {
        const page = await newPage(browser, 1280, 900);
        const x = per[i];
        x.paints.push(await firstPaint(page, tasks, side.dist));
        const z = await zoomFrames(page, 10);
        x.frames.push(...z.frame); x.draws.push(...z.draw);
        const b = await naiveFrame(page);
        x.naive.push(b.frame); x.naiveDraws.push(b.draw);
        await page.close();
      }
    }
    for (const [i, side] of sides.entries()) {
      const { paints, frames, draws, naive, naiveDraws } = per[i];
      const med = (k: keyof Paint): number => median(paints.map((p) => p[k]));
      const m = (k: keyof Paint): string => f(med(k));
      into(i)[`panel${tasks}`] = { ...Object.fromEntries((Object.keys(paints[0]) as (keyof Paint)[]).map((k) => [k, med(k)])), zoomFrame: median(frames), zoomFrameMax: Math.max(...frames), zoomDraw: median(draws), naiveFrame: median(naive), naiveDraw: median(naiveDraws), runs: paints.map((p) => p.total) };
      say(`${side.name}: ${tasks.toLocaleString('en-US').padStart(9)} tasks | panel first paint ${m('total')} (runs ${paints.map((p) => Math.round(p.total)).join(', ')}) = pack ${m('pack')} + post ${m('post')} + page ${m('page')} [receive + validate ${m('validate')}, lanes ${m('lanes')}, first draw ${m('draw')}] (pyramids ready at ${m('pyramids')}) | zoom frame median ${f(median(frames))} (max ${f(Math.max(...frames))}; draw ${f(median(draws))}) | baseline one-rect-per-task: frame ${f(median(naive))}, draw ${f(median(naiveDraws))} → LOD frame ${(median(naive) / median(frames)).toFixed(1)}× faster, draw ${(median(naiveDraws) / median(draws)).toFixed(1)}×`);
    }
  }
  // The standalone report: navigation → Scaling presented, → Timeline's first frame, each stage on the way.
  const reportCases: { key: string; label: string; run: () => RunFile }[] = SIZES.map((tasks) => ({ key: `report${tasks}`, label: `${tasks.toLocaleString('en-US').padStart(9)} tasks`, run: () => syntheticRun(runOptions(tasks)) as RunFile }));
  if (RUN_FILE) {
    const recorded = parseRunFile(readFileSync(RUN_FILE, 'utf8'), RUN_FILE) as RunFile;
    const rows = recorded.points.reduce((n, p) => n + p.tasks.index.length, 0);
    reportCases.push({ key: 'reportRecorded', label: `recorded run, ${rows.toLocaleString('en-US')} tasks`, run: () => recorded });
  }
  for (const { key, label, run: makeRun } of PARTS.includes('report') ? reportCases : []) {
    const run = makeRun();
    // A build from before the compressed columns (its bundle does not know the encoding) gets them as JSON.
    const htmls = sides.map((side) => renderHtmlReport(run, { distDir: side.dist, ...(readFileSync(join(side.dist, 'webview.js'), 'utf8').includes(TASKS_ENCODING_GZIP_BASE64) ? {} : { tasksEncoding: 'json' as const }) }));
    const loads: ReportLoad[][] = sides.map(() => []);
    for (let r = 0; r < RUNS; r++) for (const i of sides.keys()) loads[i].push(await reportLoad(browser, htmls[i]));
    for (const [i, side] of sides.entries()) {
      const med = (k: (typeof REPORT_STAGES)[number]): number => median(loads[i].map((l) => l[k]));
      const m = (k: (typeof REPORT_STAGES)[number]): string => f(med(k));
      const clickToFrame = median(loads[i].map((l) => l.timeline - l.clicked));
      into(i)[key] = { ...Object.fromEntries(REPORT_STAGES.map((k) => [k, med(k)])), clickToFrame, decodedBy: loads[i][0].decodedBy, htmlBytes: htmls[i].length, runs: loads[i].map((l) => l.timeline), scalingRuns: loads[i].map((l) => l.scaling) };
      say(`${side.name}: ${label} | HTML report (${(htmls[i].length / 1e6).toFixed(2)} MB), from navigation: bundle read + compiled ${m('bundle')}, run validated ${m('validated')}, Scaling presented ${m('scaling')} (runs ${loads[i].map((l) => Math.round(l.scaling)).join(', ')}); columns parsed ${m('parsed')}, load event ${m('load')}; decode (${loads[i][0].decodedBy}) ${m('decodeStart')} → ${m('decoded')}, Timeline drawn ahead (hidden) ${m('renderedAhead')}; Timeline tab clicked ${m('clicked')} → first frame presented ${m('timeline')} (runs ${loads[i].map((l) => Math.round(l.timeline)).join(', ')}; click → frame ${f(clickToFrame)}); main-thread CPU until that frame ${m('mainThreadCpu')}`);
    }
  }
  say(`(${RUNS} interleaved rounds, medians; Chromium ${browser.version()}, headless, 1280×900, device scale 1; load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}; targets: panel first paint at 1M ≤ ${TIMELINE_TARGETS_MS.panelFirstPaint1M} ms, zoom frame ≤ ${TIMELINE_TARGETS_MS.zoomFrame1M} ms; report Timeline ≤ ${TIMELINE_TARGETS_MS.reportTimeline1M} ms at 1M, ≤ ${TIMELINE_TARGETS_MS.reportTimeline10k} ms at 10k, Scaling ≤ ${TIMELINE_TARGETS_MS.reportScaling} ms)`);
  const guarded = { panelFirstPaint1M: (figures.panel1000000 as Paint | undefined)?.total ?? NaN, reportTimeline1M: (figures.report1000000 as ReportLoad | undefined)?.timeline ?? NaN };
  const failures = guardFailures(guarded);
  mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
  writeFileSync(OUT, JSON.stringify({
    bench: 'bench/timeline-render.ts', date: new Date().toISOString(), runs: RUNS, chromium: browser.version(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', loadavg: loadavg() },
    targetsMs: TIMELINE_TARGETS_MS, guard: { factor: GUARD_FACTOR, figures: guarded, failures }, figures, ...(BASELINE ? { baseline: { dist: BASELINE, figures: baseline } } : {}), lines,
  }, null, 2) + '\n');
  console.log(`figures written to ${OUT}`);
  await browser.close();
  if (CHECK && failures.length) { console.error(`timeline bench guard failed:\n  ${failures.join('\n  ')}`); process.exit(1); }
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
