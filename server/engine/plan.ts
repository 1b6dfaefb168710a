// The order in which a sweep measures its repeats. 'blocks' (the default) is a randomised block
// design: block b measures every worker count once, in an order shuffled with (seed, b), so that a
// drift in the machine (another process starting, thermal throttling, a JIT state) spreads over
// every count instead of landing on whichever count happened to run then. 'sequential' runs all
// repeats of one count before the next (how runs were measured before; still chosen when
// keeping every count's pool open at once would need too many threads, and for a fleet run: a
// fleet point is placed over the agents there when it opens, so under 'blocks' every count would be
// placed in the first block and an agent that joins later would never be used; sequentially, it is
// used from the next count, docs/decisions/fleet.md).
import type { RunConfig } from '../../common/runFile';
import { shuffleInPlace } from '../analysis/replay';

export type Plan = NonNullable<RunConfig['plan']>;

export interface PlanStep {
  workers: number;
  repeat: number;
  /** Position in the whole measurement order. */
  order: number;
}

/** Threads of all pools open at once under 'blocks' above which the sweep measures sequentially. */
export const MAX_OPEN_THREADS = 256;

/** `fleet`: the points run on remote workers (server/engine/remote.ts): measured sequentially unless asked otherwise. */
export function choosePlan(counts: readonly number[], requested: Plan | undefined, seed = randomSeed(), fleet = false): Plan {
  if (requested) return requested;
  const threads = counts.reduce((a, b) => a + b, 0);
  return { kind: fleet || threads > MAX_OPEN_THREADS ? 'sequential' : 'blocks', seed };
}

export function randomSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}

/** Every (workers, repeat) pair once, in measurement order. */
export function planSteps(counts: readonly number[], repeats: number, plan: Plan): PlanStep[] {
  const steps: PlanStep[] = [];
  if (plan.kind === 'sequential') {
    for (const workers of counts) for (let repeat = 0; repeat < repeats; repeat++) steps.push({ workers, repeat, order: steps.length });
    return steps;
  }
  for (let repeat = 0; repeat < repeats; repeat++) {
    const block = [...counts];
    shuffleInPlace(block, (plan.seed + Math.imul(repeat + 1, 0x9e3779b1)) | 0);
    for (const workers of block) steps.push({ workers, repeat, order: steps.length });
  }
  return steps;
}
