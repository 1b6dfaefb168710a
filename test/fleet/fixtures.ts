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
