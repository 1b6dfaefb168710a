// How a suggestion's gain is defined, recorded in its evidence so that a re-run made to try it is
// measured the same way it was predicted (tried.ts).
//  - 'sum-of-makespans': gain on Σ makespan over `gainOverWorkers` (policy changes: order, batch);
//  - 'best-vs-reference': the fastest point of the (changed) sweep vs the makespan at
//    `referenceWorkers` (changes of the worker counts).

export type GainBasis =
  | { gainBasis: 'sum-of-makespans'; gainOverWorkers: number[] }
  | { gainBasis: 'best-vs-reference'; referenceWorkers: number };

export function readGainBasis(evidence: Record<string, unknown>): GainBasis | null {
  if (evidence.gainBasis === 'sum-of-makespans' && Array.isArray(evidence.gainOverWorkers) && evidence.gainOverWorkers.every((w) => typeof w === 'number')) {
    return { gainBasis: 'sum-of-makespans', gainOverWorkers: evidence.gainOverWorkers as number[] };
  }
  if (evidence.gainBasis === 'best-vs-reference' && typeof evidence.referenceWorkers === 'number') {
    return { gainBasis: 'best-vs-reference', referenceWorkers: evidence.referenceWorkers };
  }
  return null;
}
