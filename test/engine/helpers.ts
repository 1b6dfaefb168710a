// Shared helpers for engine tests: real sweeps on real pools, into a temp runs folder.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runSweep } from '../../server/engine/sweep';
import type { SweepRequest } from '../../server/engine/api';
import { validateRunFile, type RunFile, type Suggestion } from '../../common/runFile';

export const ROOT = resolve(__dirname, '..', '..');
export const example = (name: string): string => join(ROOT, 'examples', name);
export const fixture = (name: string): string => join(ROOT, 'test', 'fixtures', 'engine', name);

export function tempRuns(): string {
  return mkdtempSync(join(tmpdir(), 'scalescope-test-'));
}

export async function sweep(workloadPath: string, overrides: SweepRequest['overrides'] = {}, extra: Partial<SweepRequest> = {}): Promise<{ run: RunFile; file: string; runsDir: string }> {
  const runsDir = extra.runsDir ?? tempRuns();
  const r = await runSweep({ workloadPath, runsDir, overrides, ...extra });
  return { ...r, runsDir };
}

/** The run as saved on disk, validated against the schema. */
export function savedRun(file: string): RunFile {
  return validateRunFile(JSON.parse(readFileSync(file, 'utf8')), file);
}

/**
 * The suggestion of `kind`, or null when the noise verdict withheld it because this shared machine
 * stayed busy (then it must be among the withheld ones: the rule fired, on untrusted points).
 */
export function suggestionOrWithheld(run: RunFile, kind: string): Suggestion | null {
  const a = run.analysis!;
  const s = a.suggestions.find((x) => x.kind === kind);
  if (s) return s;
  if (a.quality && a.quality.verdict !== 'ok' && a.withheld?.some((w) => w.kind === kind)) {
    console.log(`${kind}: withheld on this busy machine (${a.quality.reasons.join(' ')})`);
    return null;
  }
  throw new Error(`no ${kind} suggestion (got ${a.suggestions.map((x) => x.kind).join(', ') || 'none'}; withheld ${(a.withheld ?? []).map((w) => w.kind).join(', ') || 'none'})`);
}
