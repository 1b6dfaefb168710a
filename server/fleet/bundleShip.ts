// The workload travels to the agents through Redis: the coordinator's bundle (server/engine/bundle.ts)
// and its source map, stored once under their content hash; an agent fetches a hash it has not
// seen into a folder of its own and imports it from there. Agents need no copy of the workload.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Redis } from 'ioredis';
import { bundleKey } from './keys';

/** Kept this long in Redis after the last run that shipped it. */
const BUNDLE_TTL_S = 7 * 24 * 3600;

interface ShippedBundle { name: string; code: string; map: string | null }

/** Stores the bundle (if not there yet) and returns its hash. */
export async function shipBundle(redis: Redis, bundlePath: string): Promise<string> {
  const code = readFileSync(bundlePath, 'utf8');
  const map = existsSync(`${bundlePath}.map`) ? readFileSync(`${bundlePath}.map`, 'utf8') : null;
  const hash = createHash('sha256').update(code).update('\0').update(map ?? '').digest('hex');
  const value: ShippedBundle = { name: basename(bundlePath), code, map };
  await redis.set(bundleKey(hash), JSON.stringify(value), 'EX', BUNDLE_TTL_S, 'NX');
  await redis.expire(bundleKey(hash), BUNDLE_TTL_S);
  return hash;
}

/** The bundle of `hash` as a local file (fetched once per agent folder). */
export async function fetchBundle(redis: Redis, hash: string, cacheDir = join(tmpdir(), 'scalescope-agent')): Promise<string> {
  const dir = join(cacheDir, hash.slice(0, 32));
  const marker = join(dir, 'bundle-name');
  if (existsSync(marker)) return join(dir, readFileSync(marker, 'utf8'));
  const text = await redis.get(bundleKey(hash));
  if (!text) throw new Error(`the workload bundle ${hash.slice(0, 12)} is not in Redis (expired, or another Redis?)`);
  const b = JSON.parse(text) as ShippedBundle;
  if (createHash('sha256').update(b.code).update('\0').update(b.map ?? '').digest('hex') !== hash) throw new Error(`the workload bundle ${hash.slice(0, 12)} in Redis does not match its hash`);
  mkdirSync(dir, { recursive: true });
  writeWhole(join(dir, b.name), b.code);
  if (b.map !== null) writeWhole(join(dir, `${b.name}.map`), b.map);
  writeWhole(marker, b.name);
  return join(dir, b.name);
}

/**
 * Agents on one machine share the folder and may fetch the same hash at once: each file is written
 * under a name of this process's and renamed into place, so that no agent reads one half written
 * (an empty marker named the folder itself as the workload: "Directory import … is not supported").
 */
function writeWhole(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
