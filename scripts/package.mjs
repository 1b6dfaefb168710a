// Builds the .vsix: production bundles, then @vscode/vsce with the runtime packages the bundles keep
// external (see .vscodeignore). esbuild's native binary makes the package platform-specific, so it
// is built for one VS Code target (default: this machine's) holding only that target's binary.
// Usage: node scripts/package.mjs [--target linux-x64|linux-arm64|darwin-arm64|darwin-x64|win32-x64|win32-arm64|alpine-x64]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';

const i = process.argv.indexOf('--target');
const target = i > 0 ? process.argv[i + 1] : `${process.platform}-${process.arch}`;
const esbuildPlatform = target.replace(/^alpine-/, 'linux-');
const installed = existsSync('node_modules/@esbuild') ? readdirSync('node_modules/@esbuild') : [];
if (installed.length !== 1 || installed[0] !== esbuildPlatform) {
  console.error(`package: the .vsix for ${target} needs exactly node_modules/@esbuild/${esbuildPlatform}; installed: ${installed.join(', ') || 'none'}.\n` +
    `Install it with: npm i --no-save --force @esbuild/${esbuildPlatform}@$(node -p "require('esbuild/package.json').version") (and remove the others).`);
  process.exit(2);
}

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(process.execPath, ['scripts/build.mjs', '--production']);
mkdirSync('dist-pkg', { recursive: true });
const out = `dist-pkg/scalescope-${target}.vsix`;
const args = ['vsce', 'package', '--target', target, '-o', out];
if (!['LICENSE', 'LICENSE.md', 'LICENSE.txt'].some((f) => existsSync(f))) args.push('--skip-license');
run('npx', args);
console.log(`package: ${out} ${(statSync(out).size / 1024 / 1024).toFixed(2)} MB`);
