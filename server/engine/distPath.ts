// Locates built files (dist/worker.js, dist/sync.mjs, ...) whether the engine runs bundled
// (dist/cli.js, dist/server.js: __dirname is dist/) or from sources under tsx (tests).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function distPath(name: string): string {
  const here = join(__dirname, name);
  if (existsSync(here)) return here;
  const fromSource = resolve(__dirname, '..', '..', 'dist', name);
  if (existsSync(fromSource)) return fromSource;
  throw new Error(`Scalescope is not built: ${name} not found next to ${__dirname} (run npm run build)`);
}
