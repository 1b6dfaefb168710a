// Extension benchmarks: .vsix size (target ≤ 3 MB) and activation time (target ≤ 50 ms without a run).
// Not a test. Builds the .vsix (production bundles), measures, then rebuilds the dev bundles.
//   node --import tsx bench/extension.ts [--no-host]
// Activation is measured in the real extension host (code-server, via the e2e driver: bundle
// evaluation + activate(), compile excluded) and, for the compile step and a baseline, in plain
// Node with `vscode` faked: the entry bundle vs the part loaded after activation (client, zod, panels).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import Module from 'node:module';
import * as path from 'node:path';
import { Script } from 'node:vm';
import * as esbuild from 'esbuild';
import { prepareE2eWorkspace } from '../test/e2e/workspace';
import { startServer } from '../test/lsp/lspHarness';

const run = (args: string[]) => {
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status})`);
  return r.stdout;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;

/** Entries of a zip file from its central directory: name, sizes, local header offset. */
function zipEntries(file: string): { name: string; compressed: number; size: number; method: number; offset: number }[] {
  const buf = readFileSync(file);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    const nameLen = buf.readUInt16LE(p + 28), extra = buf.readUInt16LE(p + 30), comment = buf.readUInt16LE(p + 32);
    out.push({
      name: buf.toString('utf8', p + 46, p + 46 + nameLen), compressed: buf.readUInt32LE(p + 20), size: buf.readUInt32LE(p + 24),
      method: buf.readUInt16LE(p + 10), offset: buf.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

/** Unpacks a zip (stored or deflated entries) into `dir`. */
function unzip(file: string, dir: string): void {
  const buf = readFileSync(file);
  for (const e of zipEntries(file)) {
    if (e.name.endsWith('/')) continue;
    const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
    const raw = buf.subarray(start, start + e.compressed);
    const target = path.join(dir, e.name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, e.method === 8 ? inflateRawSync(raw) : raw, { mode: e.name.endsWith('/bin/esbuild') ? 0o755 : 0o644 });
  }
}

/** Compile and evaluate a CommonJS bundle with `vscode` replaced by stand-in classes; ms medians over n fresh loads. */
function loadCost(file: string, n = 7): { compileMs: number; evalMs: number } {
  const src = readFileSync(file, 'utf8');
  const names = new Set([...src.matchAll(/\.([A-Z][A-Za-z0-9]+)\b/g)].map((m) => m[1]));
  const fake: Record<string, unknown> = { version: '1.91.0' };
  for (const name of names) fake[name] = class {};
  const compile: number[] = [], evaluate: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const script = new Script(Module.wrap(src), { filename: `${file}#${i}` });
    const t1 = performance.now();
    const fn = script.runInThisContext() as (e: object, r: NodeJS.Require, m: object, f: string, d: string) => void;
    const mod = { exports: {} };
    const req = ((id: string) => (id === 'vscode' ? fake : Module.createRequire(file)(id))) as NodeJS.Require;
    fn(mod.exports, req, mod, file, path.dirname(file));
    compile.push(t1 - t0);
    evaluate.push(performance.now() - t1);
  }
  return { compileMs: median(compile), evalMs: median(evaluate) };
}

async function main(): Promise<void> {
  // ---- .vsix size -------------------------------------------------------------------------------
  const out = run(['scripts/package.mjs']);
  const vsix = /package: (\S+\.vsix)/.exec(out)?.[1];
  if (!vsix) throw new Error(`no .vsix reported:\n${out}`);
  const entries = zipEntries(vsix);
  const total = readFileSync(vsix).length;
  const esbuildFiles = entries.filter((e) => e.name.includes('node_modules/esbuild/') || e.name.includes('node_modules/@esbuild/'));
  console.log(`\n.vsix ${path.basename(vsix)}: ${mb(total)} (${entries.length} files; target ≤ 3 MB)`);
  console.log(`  esbuild files in the package: ${esbuildFiles.length} (expected 0: the engine uses the workspace's esbuild, or Node loads the workload)`);
  for (const e of entries.sort((a, b) => b.compressed - a.compressed).slice(0, 6)) console.log(`  ${mb(e.compressed).padStart(8)}  ${e.name}`);

  // ---- the unpacked .vsix works on its own (no esbuild anywhere): JS on this Node, TS on Node 24 ------
  {
    const dir = mkdtempSync(path.join(tmpdir(), 'scalescope-vsix-'));
    unzip(vsix, path.join(dir, 'pkg'));
    const ws = path.join(dir, 'ws');
    cpSync('examples', ws, { recursive: true });
    const node24 = path.resolve('.tools/node24/bin/node');
    const cases: [string, string][] = [[process.execPath, 'scales-well.workload.js'], ...(existsSync(node24) ? [[node24, 'typescript.workload.ts'] as [string, string]] : [])];
    for (const [node, workload] of cases) {
      const h = await startServer(ws, { workers: [1, 2], repeat: 1, warmup: 0 }, { serverJs: path.join(dir, 'pkg', 'extension', 'dist', 'server.js'), node });
      try {
        const t0 = performance.now();
        const r = await h.conn.sendRequest('scalescope/startRun', { workload: pathToFileURL(path.join(ws, workload)).href }) as { run: { status: string } };
        console.log(`unpacked .vsix: its server on Node ${spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()} ran examples/${workload} (unbundled, piscina from the package): ${r.run.status} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      } finally {
        await h.close();
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }

  // ---- activation: compile + evaluate in Node (production bundles) --------------------------------
  const coreFile = path.resolve('dist/bench-extension-core.js');
  esbuild.buildSync({ entryPoints: ['extension/core.ts'], outfile: coreFile, bundle: true, minify: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'piscina', 'esbuild'], logLevel: 'warning' });
  const entry = loadCost(path.resolve('dist/extension.js'));
  const deferred = loadCost(coreFile);
  rmSync(coreFile, { force: true });
  console.log(`\nactivation path, plain Node, vscode faked (median of 7; production bundles):`);
  console.log(`  dist/extension.js (whole bundle): compile ${entry.compileMs.toFixed(1)} ms + evaluate ${entry.evalMs.toFixed(1)} ms`);
  console.log(`  baseline — loading client, zod schemas and panels eagerly: evaluate ${deferred.evalMs.toFixed(1)} ms more (now deferred until after activate())`);

  // ---- activation in the real host ------------------------------------------------------------------
  if (!process.argv.includes('--no-host') && existsSync('.tools/code-server')) {
    run(['scripts/e2e-build.mjs']);
    const ws = prepareE2eWorkspace();
    const r = spawnSync(process.execPath, ['scripts/e2e-code-server.mjs', '--workspace', ws, '--screenshot', 'test-artifacts/bench-workbench.png'], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    const metricsFile = path.join(ws, '.e2e-out', 'metrics.json');
    if (existsSync(metricsFile)) {
      const m = JSON.parse(readFileSync(metricsFile, 'utf8')) as Record<string, number | string>;
      console.log(`\nactivation in the extension host (code-server ${m.vscodeVersion}, production bundle):`);
      console.log(`  bundle evaluation ${Number(m.bundleEvalMs).toFixed(1)} ms + activate() ${Number(m.activateBodyMs).toFixed(1)} ms = ${Number(m.activationMs).toFixed(1)} ms; with compile ≈ ${(Number(m.activationMs) + entry.compileMs).toFixed(1)} ms  (target ≤ 50 ms)`);
      console.log(`  language server started and saved runs listed ${Number(m.readyMs).toFixed(0)} ms after the bundle started (in the background)`);
    } else console.log(`\nin-host activation not measured: the e2e driver exited ${r.status}\n${r.stderr.slice(-2000)}`);
    rmSync(ws, { recursive: true, force: true });
  } else console.log('\nin-host activation skipped (--no-host, or .tools/ missing: scripts/setup-e2e.sh)');

  // Leave the dev bundles (with source maps) that tests and others expect.
  run(['scripts/build.mjs']);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
