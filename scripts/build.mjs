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
  // The sync helpers are imported by user workloads (aliased as `scalescope/sync`).
  { entryPoints: { sync: 'server/sync/index.ts' }, platform: 'neutral', format: 'esm', target: 'es2022', outExtension: { '.js': '.mjs' } },
  { entryPoints: { webview: 'webview/main.ts' }, platform: 'browser', format: 'iife', target: 'es2022', loader: { '.css': 'css' }, define: { TASKS_WORKER_SOURCE: JSON.stringify(await tasksWorkerSource()) } },
];

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
