// The one grammar for worker counts, shared by the CLI's --workers and the editor's "Run with
// options" input (docs/cli.md "Worker counts"): "1,2,4,8" (a list), "1-8" (every count from 1 to 8),
// "1..16" (the powers of two from 1 to 16), mixed with commas or spaces.

/** Upper bound that catches typos (e.g. 1000 for 10) without limiting real machines. */
export const MAX_WORKERS = 1024;

/** The sorted distinct counts, or an error message naming the bad part. */
export function parseWorkerCounts(text: string, maxWorkers = MAX_WORKERS): { counts: number[] } | { error: string } {
  const counts = new Set<number>();
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (!parts.length) return { error: 'enter worker counts, e.g. 1,2,4,8 or 1-8 or 1..16' };
  const tooMany = (n: number): { error: string } => ({ error: `"${n}": at most ${maxWorkers} workers` });
  for (const part of parts) {
    const range = /^(\d+)(-|\.\.)(\d+)$/.exec(part);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[3])];
      if (a < 1 || b < a) return { error: `"${part}": a range needs 1 ≤ from ≤ to` };
      if (b > maxWorkers) return tooMany(b);
      if (range[2] === '-') for (let n = a; n <= b; n++) counts.add(n);
      else for (let n = 1; n <= b; n *= 2) if (n >= a) counts.add(n);
      if (range[2] === '..' && ![...counts].some((n) => n >= a && n <= b)) return { error: `"${part}": no power of two lies between ${a} and ${b}` };
    } else if (/^\d+$/.test(part)) {
      const n = Number(part);
      if (n < 1) return { error: `"${part}": worker counts start at 1` };
      if (n > maxWorkers) return tooMany(n);
      counts.add(n);
    } else return { error: `"${part}" is not a worker count (use numbers, a-b or a..b)` };
  }
  return { counts: [...counts].sort((x, y) => x - y) };
}
