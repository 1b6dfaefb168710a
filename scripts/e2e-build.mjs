// Bundles the in-host test suite (test/e2e/suite) to dist/test/e2e-suite.js for the extension
// host: `vscode` comes from the host, mocha from node_modules. Not part of the .vsix.
import * as esbuild from 'esbuild';

await esbuild.build({
  entryPoints: ['test/e2e/suite/index.ts'],
  outfile: 'dist/test/e2e-suite.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
