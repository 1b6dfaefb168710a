// Shared by the browser tests and the bench: Debian's Chromium driven by playwright-core, pages
// built the same way the panel and the report build them.
import { chromium, type Browser, type Page } from 'playwright-core';
import * as esbuild from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';
import type { RunFile } from '../../common/runFile';
import { renderHtmlReport } from '../../server/export/html';
import { buildPage, makeNonce } from '../../common/page';

export const ROOT = resolve(__dirname, '../..');
export const DIST = join(ROOT, 'dist');
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'webview');

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function newPage(browser: Browser, width = 1280, height = 900): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  page.on('pageerror', (e) => { (page as Page & { errors?: Error[] }).errors ??= []; (page as Page & { errors?: Error[] }).errors!.push(e); });
  return page;
}

export function pageErrors(page: Page): Error[] {
  return (page as Page & { errors?: Error[] }).errors ?? [];
}

let reports = 0;
let reportDir: string | null = null;

/** Open an HTML page from a file, as a user opens a saved report (a fresh document every time). */
export async function openHtmlFile(page: Page, html: string): Promise<void> {
  if (!reportDir) {
    const dir = mkdtempSync(join(tmpdir(), 'scalescope-report-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    reportDir = dir;
  }
  const file = join(reportDir, `report-${++reports}.html`);
  writeFileSync(file, html);
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
}

/** Load the standalone report of a run. */
export async function openReport(page: Page, run: unknown, compareWith?: unknown): Promise<void> {
  await openHtmlFile(page, renderHtmlReport(run as RunFile, { compareWith: compareWith as RunFile | undefined, distDir: DIST }));
}

/**
 * Load the page as the panel builds it (bundle by URL, no run inlined), with a stand-in for
 * VS Code's acquireVsCodeApi that records what the page posts to the host in window.__posted.
 * `dist`: the folder of the bundle (another build's, for a bench's baseline).
 */
export async function openPanelPage(page: Page, dist: string = DIST): Promise<void> {
  // A string, not a function: tsx's transform would add helpers the page does not have.
  await page.addInitScript(`
    window.__posted = [];
    window.__state = undefined;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => window.__state,
      setState: (s) => { window.__state = s; },
    });`);
  const html = buildPage({
    title: 'Scalescope', nonce: makeNonce(), cspSource: 'http://scalescope.test',
    script: { src: 'http://scalescope.test/webview.js' }, style: { href: 'http://scalescope.test/webview.css' },
  });
  // Serve the page and dist/ from a fake origin: no network, no file:// quirks.
  await page.route('http://scalescope.test/**', async (route) => {
    const name = new URL(route.request().url()).pathname.slice(1);
    if (name === 'index.html') return route.fulfill({ contentType: 'text/html', body: html });
    if (name === 'webview.js' || name === 'webview.css') return route.fulfill({ contentType: name.endsWith('.js') ? 'text/javascript' : 'text/css', body: readFileSync(join(dist, name)) });
    return route.fulfill({ status: 404, body: '' });
  });
  await page.goto('http://scalescope.test/index.html');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

let fixtureCode: string | null = null;

/**
 * Make the synthetic-run factory and the host's packing available in the page as
 * window.ScalescopeFixture: large runs are then made where they are drawn instead of being copied in.
 */
export async function installFixtures(page: Page): Promise<void> {
  fixtureCode ??= (await esbuild.build({
    stdin: { contents: "export { syntheticRun } from './test/fixtures/syntheticRun'; export { packRunForWebview } from './common/webviewMessages';", resolveDir: ROOT, loader: 'ts' },
    bundle: true, write: false, format: 'iife', globalName: 'ScalescopeFixture', platform: 'browser', target: 'es2022', logLevel: 'warning',
    footer: { js: 'window.ScalescopeFixture = ScalescopeFixture;' },
  })).outputFiles[0].text;
  // tsx names functions passed to page.evaluate with a helper the page lacks: give it a no-op one.
  await page.evaluate('window.__name = (fn) => fn');
  await page.evaluate(fixtureCode);
}
