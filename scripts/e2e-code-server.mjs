// Runs the in-host test suite inside a real VS Code, offline: code-server (VS Code's server and web
// workbench, on Node 24 from .tools/) driven by playwright-core with Debian's Chromium.
// Usage: node scripts/e2e-code-server.mjs --workspace DIR [--screenshot FILE] [--timeout-ms N] [--untrusted] [--extension DIR]
// --extension runs the suite against another extension folder (e.g. an unpacked .vsix) instead of this checkout.
// --untrusted opens the workspace in Restricted Mode (workspace trust on, no startup prompt).
// Exit status: the suite's (0 all passed), 3 when the tools are missing, 4 on a driver failure.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { format } from 'node:util';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const workspace = path.resolve(arg('workspace', ''));
const screenshot = path.resolve(arg('screenshot', path.join(root, 'test-artifacts', 'vscode-workbench.png')));
const timeoutMs = Number(arg('timeout-ms', '300000'));
const untrusted = process.argv.includes('--untrusted');
const extensionDir = path.resolve(arg('extension', root));
const node24 = path.join(root, '.tools', 'node24', 'bin', 'node');
const entry = path.join(root, '.tools', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const suite = path.join(root, 'dist', 'test', 'e2e-suite.js');

/** Answers the suite in .e2e-out/: written whole, then renamed, so that the suite never reads half a file. */
function answer(name, value) {
  const file = path.join(workspace, '.e2e-out', name);
  writeFileSync(`${file}.tmp`, JSON.stringify(value));
  renameSync(`${file}.tmp`, file);
}

function fail(code, message) {
  console.error(`e2e-code-server: ${message}`);
  process.exit(code);
}
if (!existsSync(node24) || !existsSync(entry)) fail(3, `.tools/ is missing Node 24 or code-server: run scripts/setup-e2e.sh first`);
if (!existsSync(chromiumPath)) fail(3, `no Chromium at ${chromiumPath}: apt-get install chromium (or set CHROMIUM_PATH)`);
if (!arg('workspace') || !existsSync(workspace)) fail(4, '--workspace DIR (an existing folder) is required');
if (!existsSync(suite)) fail(4, `${suite} missing: run node scripts/e2e-build.mjs`);
if (!existsSync(path.join(extensionDir, 'dist', 'extension.js'))) fail(4, `${path.join(extensionDir, 'dist', 'extension.js')} missing: run npm run build`);

const freePort = () => new Promise((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

const scratch = mkdtempSync(path.join(tmpdir(), 'scalescope-cs-'));
const userData = path.join(scratch, 'user-data');
mkdirSync(path.join(userData, 'User'), { recursive: true });
writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': untrusted,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'workbench.tips.enabled': false,
}, null, 2));
const port = await freePort();
writeFileSync(path.join(scratch, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

let serverLog = '';
const server = spawn(node24, [
  entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--config', path.join(scratch, 'config.yaml'),
  '--disable-telemetry', '--disable-update-check', ...(untrusted ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override',
  '--user-data-dir', userData, '--extensions-dir', path.join(scratch, 'extensions'),
  '--vscode-option', 'force-disable-user-env', '--vscode-option', 'enable-smoke-test-driver', workspace,
], {
  env: {
    ...process.env, EXTENSIONS_GALLERY: '{}',
    XDG_CONFIG_HOME: path.join(scratch, 'xdg-config'), XDG_DATA_HOME: path.join(scratch, 'xdg-data'), XDG_CACHE_HOME: path.join(scratch, 'xdg-cache'),
  },
  stdio: ['ignore', 'pipe', 'pipe'],
  detached: true,
});
server.stdout.on('data', (d) => { serverLog += d; });
server.stderr.on('data', (d) => { serverLog += d; });

let browser;
const cleanup = async () => {
  await browser?.close().catch(() => undefined);
  try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ }
  rmSync(scratch, { recursive: true, force: true });
};

async function waitHealthy() {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`code-server exited (${server.exitCode}):\n${serverLog}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer /healthz within 60 s:\n${serverLog}`);
}

/**
 * F1 → the palette command titled `title`, as a user types it; returns `enter(text)`, which types
 * into the quick input that follows and presses Enter.
 */
async function paletteCommand(page, title) {
  const input = page.locator('.quick-input-widget input.input');
  // F1 again if the palette did not open (focus was in a webview, which keeps the key).
  for (let attempt = 0; ; attempt++) {
    await page.locator(attempt === 0 ? '.monaco-workbench' : '.statusbar').first().click({ position: { x: attempt === 0 ? 700 : 600, y: attempt === 0 ? 300 : 10 } }).catch(() => undefined);
    await page.keyboard.press('F1');
    const shown = await input.waitFor({ state: 'visible', timeout: attempt < 2 ? 5_000 : 15_000 }).then(() => true, () => false);
    if (shown) break;
    if (attempt === 2) throw new Error(`the command palette did not open for "${title}"`);
  }
  await input.fill(`>Scalescope: ${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  await input.press('Enter');
  await page.waitForTimeout(500);
  return {
    input,
    enter: async (text) => {
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      await input.fill(text);
      await page.waitForTimeout(300);
      await input.press('Enter');
      await page.waitForTimeout(400);
    },
  };
}

/** F1 → "Scalescope: Run Workload with Options…" → workers 1,3 → repeats 2 → batch (default) → order shuffle. */
async function runWithOptionsByKeyboard(page) {
  const { input, enter } = await paletteCommand(page, 'Run Workload with Options');
  await enter('1,3');
  await enter('2');
  await enter('');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill('shuffle');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'shuffle' }).first().waitFor({ timeout: 15_000 });
  await input.press('Enter');
  console.log('e2e-code-server: typed Run Workload with Options (1,3 · 2 · default · shuffle)');
}

/** F1 → "Scalescope: Record Command…" → a command line → worker counts. */
async function recordCommandByKeyboard(page) {
  const { enter } = await paletteCommand(page, 'Record Command');
  await enter('node record/fork-farm.js 6');
  await enter('1,2');
  console.log('e2e-code-server: typed Record Command (node record/fork-farm.js 6 · 1,2)');
}

/** In the report panel (nested webview iframes): Suggestions tab → first "Re-run with this change". */
async function rerunFirstSuggestion(page) {
  const view = page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');
  await view.locator('button.ss-tab', { hasText: 'Suggestions' }).click({ timeout: 20_000 });
  const button = view.locator('button.ss-rerun:not([disabled])').first();
  await button.click({ timeout: 20_000 });
  console.log('e2e-code-server: clicked Re-run with this change');
}

/** The screenshot file of a theme: --screenshot as given for light, "-dark" before its extension for dark. */
const screenshotFile = (name) => (name === 'dark' ? screenshot.replace(/(\.png)?$/, '-dark.png') : screenshot);

/** The report panel in front (the visible webview): its active tab and its first suggestion's title. */
async function triedTab(page) {
  const view = page.frameLocator('iframe.webview.ready:visible').first().frameLocator('iframe#active-frame');
  await view.locator('.ss-tab-active').waitFor({ timeout: 20_000 });
  const tab = await view.locator('.ss-tab-active').getAttribute('data-view');
  const firstCard = await view.locator('.ss-card .ss-card-title').first().textContent({ timeout: 10_000 }).catch(() => null);
  return { tab, firstCard };
}

async function takeScreenshot(page, name = 'light') {
  const file = screenshotFile(name);
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    await page.screenshot({ path: file });
    console.log(`e2e-code-server: screenshot ${file}`);
  } catch (e) {
    console.error(`e2e-code-server: screenshot failed: ${e.message}`);
  }
}

/** Cells of the open editor hover's tables whose text runs over more than one line ("2.3" / "4×"). */
async function wrappedHoverCells(page) {
  return page.evaluate(() => {
    const document = globalThis.document;
    const cells = [...document.querySelectorAll('.monaco-hover table td, .monaco-hover table th')];
    const wrapped = cells.filter((c) => {
      const r = document.createRange();
      r.selectNodeContents(c);
      const tops = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
      return tops.size > 1;
    }).map((c) => c.textContent);
    return { hoverCells: cells.length, wrapped };
  });
}

let status = 4;
try {
  const t0 = Date.now();
  await waitHealthy();
  console.log(`e2e-code-server: code-server up on port ${port} in ${Date.now() - t0} ms`);
  browser = await chromium.launchPersistentContext(path.join(scratch, 'chromium'), {
    executablePath: chromiumPath,
    viewport: { width: 1440, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = browser.pages()[0] ?? await browser.newPage();
  let resolveExit;
  const exited = new Promise((resolve) => { resolveExit = resolve; });
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
  let shot = null;
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    // Printed as the host's console would: mocha's reporter logs printf-style ('  %s %s (%dms)', …).
    const line = format(...(Array.isArray(args) ? args : [args]));
    (type === 'error' ? console.error : console.log)(`[host] ${line}`);
    // The suite asks the browser to drive the palette and quick inputs like a user.
    if (line.includes('SCALESCOPE_E2E_UI run-with-options')) {
      runWithOptionsByKeyboard(page).catch((e) => console.error(`e2e-code-server: UI steps failed: ${e.message}`));
    }
    if (line.includes('SCALESCOPE_E2E_UI record-command')) {
      recordCommandByKeyboard(page).catch((e) => console.error(`e2e-code-server: UI steps failed: ${e.message}`));
    }
    if (line.includes('SCALESCOPE_E2E_UI rerun-suggestion')) {
      rerunFirstSuggestion(page).catch((e) => console.error(`e2e-code-server: UI steps failed: ${e.message}`));
    }
    // The suite asks for a screenshot per theme while the workbench shows its last state.
    const asked = /SCALESCOPE_E2E_SCREENSHOT (light|dark)/.exec(line);
    if (asked) {
      const name = asked[1];
      shot = (shot ?? Promise.resolve()).then(async () => {
        // The theme the suite set may take a while to paint on a loaded machine: its class (.vs,
        // .vs-dark) comes at once, its colours once the theme's file has loaded. Wait for the
        // editor background to be as dark or as light as the theme, and say which it shows.
        const shade = () => page.evaluate(() => {
          const el = globalThis.document.querySelector('.monaco-workbench');
          const bg = el ? globalThis.getComputedStyle(el).getPropertyValue('--vscode-editor-background').trim() : '';
          const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(bg);
          if (!m) return 'unknown';
          const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h, 16) / 255);
          return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5 ? 'dark' : 'light';
        }).catch(() => 'unknown');
        let theme = await shade();
        for (let waited = 0; theme !== name && waited < 20_000; waited += 250) {
          await page.waitForTimeout(250);
          theme = await shade();
        }
        await page.waitForTimeout(500);
        await takeScreenshot(page, name);
        const hover = await wrappedHoverCells(page).catch((e) => ({ hoverCells: 0, wrapped: [], error: e.message }));
        answer(`screenshot-${name}.json`, { ...hover, theme });
      });
    }
    if (line.includes('SCALESCOPE_E2E_UI tried-tab')) {
      triedTab(page).then((r) => answer('tried-tab.json', r))
        .catch((e) => console.error(`e2e-code-server: UI steps failed: ${e.message}`));
    }
  });
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = JSON.stringify([['extensionDevelopmentPath', remote(extensionDir)], ['extensionTestsPath', remote(suite)]]);
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
  await page.goto(url);
  const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs));
  const code = await Promise.race([exited, timer]);
  if (!shot) await takeScreenshot(page);
  if (code === 'timeout') {
    console.error(`e2e-code-server: the suite did not finish within ${timeoutMs} ms\n${serverLog.slice(-4000)}`);
    status = 4;
  } else {
    status = code;
    console.log(`e2e-code-server: suite exit code ${code} (${Date.now() - t0} ms from start)`);
  }
} catch (e) {
  console.error(`e2e-code-server: ${e.stack ?? e}\n${serverLog.slice(-4000)}`);
  status = 4;
} finally {
  await cleanup();
}
process.exit(status);
