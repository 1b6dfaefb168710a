// Builds the .vsix: production bundles, then @vscode/vsce with piscina, the one runtime package the
// bundles keep external (see .vscodeignore). The package is universal: it does not ship esbuild's
// native binary (4.5 MB, per platform); the engine bundles with the workspace's esbuild when there is
// one, and otherwise lets Node load the workload itself (docs/decisions/extension.md).
// Usage: node scripts/package.mjs [--out FILE]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

const i = process.argv.indexOf('--out');
const out = i > 0 ? process.argv[i + 1] : 'dist-pkg/scalescope.vsix';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(process.execPath, ['scripts/build.mjs', '--production']);
mkdirSync(dirname(out), { recursive: true });
// The README links to docs/ inside the package (they ship with it): no rewriting to a repository URL.
const args = ['vsce', 'package', '-o', out, '--no-rewrite-relative-links'];
if (!['LICENSE', 'LICENSE.md', 'LICENSE.txt'].some((f) => existsSync(f))) args.push('--skip-license');
run('npx', args);
console.log(`package: ${out} ${(statSync(out).size / 1024 / 1024).toFixed(2)} MB`);
