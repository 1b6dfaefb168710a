// Value parsers for the CLI flags. Each throws commander's InvalidArgumentError, so that the
// message names the option and the bad value ("option '--workers <list>' argument '0,x' is invalid. ...").
import { InvalidArgumentError } from 'commander';

/** Upper bound that catches typos (e.g. 1000 for 10) without limiting real machines. */
export const MAX_WORKERS = 1024;

function integer(text: string): number | null {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}

/** "1,2,4,8" → [1, 2, 4, 8], sorted ascending without duplicates. */
export function parseWorkerList(text: string): number[] {
  const parts = text.split(',');
  const counts: number[] = [];
  for (const part of parts) {
    const n = integer(part);
    if (part.trim() === '') throw new InvalidArgumentError('expected a comma-separated list of worker counts such as 1,2,4,8 (found an empty item).');
    if (n === null || n < 1 || n > MAX_WORKERS) throw new InvalidArgumentError(`worker counts must be whole numbers from 1 to ${MAX_WORKERS} ("${part.trim()}" is not).`);
    counts.push(n);
  }
  return [...new Set(counts)].sort((a, b) => a - b);
}

/** A parser for a whole number ≥ min. */
export function wholeNumberAtLeast(min: number): (text: string) => number {
  return (text: string) => {
    const n = integer(text);
    if (n === null || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}.`);
    return n;
  };
}
