// Workloads the fleet tier runs, written to a temporary folder.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function workloadDir(): string {
  return mkdtempSync(join(tmpdir(), 'scalescope-fleet-'));
}

/** `count` tasks that each wait `ms`; input `throwAt` throws (once per repeat). */
export function writeSleepWorkload(dir: string, name: string, count: number, ms: number, throwAt = -1): string {
  const path = join(dir, `${name}.workload.js`);
  writeFileSync(path, `export function tasks() { return Array.from({ length: ${count} }, (_, i) => i); }
export default async function task(i) {
  await new Promise((r) => setTimeout(r, ${ms}));
  if (i === ${throwAt}) throw new Error('input ${throwAt} is bad');
  return i * 2;
}
`);
  return path;
}

/**
 * `count` tasks that each wait `ms`; shared() of the point at `gateWorkers` workers (run by the
 * coordinator as that point opens) writes `<gate>/waiting` and waits for `<gate>/go`, so that a test
 * can change the fleet between two points.
 */
export function writeGatedWorkload(dir: string, name: string, count: number, ms: number, gate: string, gateWorkers: number): string {
  const path = join(dir, `${name}.workload.js`);
  writeFileSync(path, `import { existsSync, writeFileSync } from 'node:fs';
export function tasks() { return Array.from({ length: ${count} }, (_, i) => i); }
export async function shared({ workers }) {
  if (workers !== ${gateWorkers}) return null;
  writeFileSync(${JSON.stringify(join(gate, 'waiting'))}, '');
  while (!existsSync(${JSON.stringify(join(gate, 'go'))})) await new Promise((r) => setTimeout(r, 20));
  return null;
}
export default async function task(i) {
  await new Promise((r) => setTimeout(r, ${ms}));
  return i;
}
`);
  return path;
}

/**
 * `count` CPU-bound tasks in a named function (`spinPrimes`, line 2), for profiles: each counts primes
 * below ~`limit`, then waits 1 ms in Atomics.wait in `holdOn` (line 8: one wait site, once per task).
 */
export function writeBusyWorkload(dir: string, name: string, count: number, limit: number): string {
  const path = join(dir, `${name}.workload.js`);
  writeFileSync(path, `export function tasks() { return Array.from({ length: ${count} }, (_, i) => ${limit} + i); }
function spinPrimes(limit) {
  let count = 0;
  for (let n = 2; n < limit; n++) { let prime = true; for (let d = 2; d * d <= n; d++) if (n % d === 0) { prime = false; break; } if (prime) count++; }
  return count;
}
const cell = new Int32Array(new SharedArrayBuffer(4));
function holdOn() { Atomics.wait(cell, 0, 0, 1); }
export default function task(limit) { const primes = spinPrimes(limit); holdOn(); return primes; }
`);
  return path;
}
