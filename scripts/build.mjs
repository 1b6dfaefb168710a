// Builds every entry into dist/ with esbuild. `--production` minifies; `--watch` rebuilds.
import * as esbuild from 'esbuild';
import { mkdirSync, cpSync, existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// piscina resolves its own worker file next to itself and esbuild is a native binary:
// both stay real packages in node_modules rather than being bundled.
const nodeExternal = ['vscode', 'piscina', 'esbuild'];

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

/** @type {import('esbuild').BuildOptions[]} */
const entries = [
  { entryPoints: { extension: 'extension/extension.ts' }, platform: 'node', format: 'cjs', target: 'node20', external: nodeExternal },
  { entryPoints: { server: 'server/server.ts' }, platform: 'node', format: 'cjs', target: 'node20', external: nodeExternal },
  { entryPoints: { worker: 'server/worker/worker.ts' }, platform: 'node', format: 'cjs', target: 'node20', external: nodeExternal },
  { entryPoints: { cli: 'server/cli.ts' }, platform: 'node', format: 'cjs', target: 'node20', external: nodeExternal, banner: { js: '#!/usr/bin/env node' } },
  // Injected by `scalescope record` into every process and thread of the recorded program (NODE_OPTIONS=--require).
  { entryPoints: { 'record/preload': 'server/record/preload/index.ts' }, platform: 'node', format: 'cjs', target: 'node20' },
  // The preload's ES module hooks (module.register needs a module file of their own): pools sized where a program `import`s them.
  { entryPoints: { 'record/pool-loader': 'server/record/preload/poolLoader.ts' }, platform: 'node', format: 'esm', target: 'node20', outExtension: { '.js': '.mjs' } },
  // The sync helpers are imported by user workloads (aliased as `scalescope/sync`).
  { entryPoints: { sync: 'server/sync/index.ts' }, platform: 'neutral', format: 'esm', target: 'es2022', outExtension: { '.js': '.mjs' } },
  // Every HTML report inlines this bundle, and the browser reads and compiles all of it before the
  // first view: it is minified in every build (source map kept in development) and carries no zod
  // locale. Figures: docs/decisions/webview.md ("Time to the first frame of the report").
  { entryPoints: { webview: 'webview/main.ts' }, platform: 'browser', format: 'iife', target: 'es2022', minify: true, loader: { '.css': 'css' }, plugins: [zodEnglishOnly()],
    // For bench/timeline-render.ts: navigation → this mark is reading the page up to the bundle and compiling it.
    banner: { js: "performance.mark('scalescope:bundle-start');" }, define: { TASKS_WORKER_SOURCE: JSON.stringify(await tasksWorkerSource()) } },
];

/**
 * zod's namespace object (`z`, as common/runFile.ts imports it) carries every locale (`z.locales`,
 * 376 KB of the 1.17 MB development bundle). The page uses none: zod registers English itself
 * (zod/v4/classic/schemas.js imports locales/en.js directly). In the webview bundle zod's locale
 * index resolves to English only.
 */
function zodEnglishOnly() {
  return {
    name: 'zod-english-only',
    setup(b) {
      b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (a) => (/[\\/]node_modules[\\/]zod[\\/]/.test(a.importer) ? { path: 'zod-locales', namespace: 'zod-english-only' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({ contents: "export { default as en } from 'zod/v4/locales/en.js';", resolveDir: process.cwd() }));
    },
  };
}

/**
 * The report's task decoder (webview/tasksWorker.ts), bundled to a string that the webview bundle
 * carries and starts as a Worker from a blob URL (webview/deferredTasks.ts): the report stays one
 * file. Built once per build (in --watch, a change to the decoder needs a restart).
 */
async function tasksWorkerSource() {
  const r = await esbuild.build({ entryPoints: ['webview/tasksWorker.ts'], bundle: true, write: false, minify: true, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'warning', legalComments: 'none' });
  return r.outputFiles[0].text;
}

// package.json's run-option settings and docs/options.md follow common/runOptions.ts.
await import('./manifest.mjs');

const present = entries.filter((e) => Object.values(e.entryPoints).every((p) => existsSync(p)));

// dist/ is not wiped: several builds may run at once (tests, watch) and esbuild overwrites.
mkdirSync('dist', { recursive: true });

const contexts = await Promise.all(present.map((e) => esbuild.context({ ...common, ...e, outdir: 'dist' })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  if (existsSync('webview/webview.css')) cpSync('webview/webview.css', 'dist/webview.css');
}
