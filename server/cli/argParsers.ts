// Value parsers for the CLI flags. Each throws commander's InvalidArgumentError, so that the
// message names the option and the bad value ("option '--workers <list>' argument '0,x' is invalid. ...").
import { InvalidArgumentError } from 'commander';
import { parseWorkerCounts } from '../../common/workerCounts';

function integer(text: string): number | null {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}

/** --workers: the grammar of common/workerCounts.ts ("1,2,4,8", "1-8", "1..16"). */
export function parseWorkerList(text: string): number[] {
  const parsed = parseWorkerCounts(text);
  if ('error' in parsed) throw new InvalidArgumentError(`${parsed.error}.`);
  return parsed.counts;
}

/** A parser for a whole number ≥ min. */
export function wholeNumberAtLeast(min: number): (text: string) => number {
  return (text: string) => {
    const n = integer(text);
    if (n === null || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}.`);
    return n;
  };
}
