// Writes what is derived from the run options (common/runOptions.ts): package.json's
// `contributes.configuration` run-option settings and docs/options.md. `--check` writes nothing
// and fails when either is stale (CI, test/unit/run-options.test.ts checks the same). Run by
// scripts/build.mjs.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';

const check = process.argv.includes('--check');

// The generator is TypeScript: bundle it (zod included) and import it from memory.
const bundled = await esbuild.build({ entryPoints: ['common/runOptionManifest.ts'], bundle: true, write: false, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
const { withRunOptionSettings, optionsMarkdown } = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);

const pkgText = readFileSync('package.json', 'utf8');
const pkg = JSON.parse(pkgText);
pkg.contributes.configuration.properties = withRunOptionSettings(pkg.contributes.configuration.properties);
const wanted = { 'package.json': JSON.stringify(pkg, null, 2) + '\n', 'docs/options.md': optionsMarkdown() };

const stale = [];
for (const [file, text] of Object.entries(wanted)) {
  let current = null;
  try { current = readFileSync(file, 'utf8'); } catch { /* missing: stale */ }
  if (current === text) continue;
  stale.push(file);
  if (!check) writeFileSync(file, text);
}
if (check && stale.length) {
  console.error(`scripts/manifest.mjs: ${stale.join(' and ')} ${stale.length > 1 ? 'are' : 'is'} stale: run node scripts/manifest.mjs (common/runOptions.ts changed)`);
  process.exit(1);
}
if (!check && stale.length) console.log(`scripts/manifest.mjs: wrote ${stale.join(', ')}`);
