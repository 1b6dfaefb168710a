// Wording shared by every front (CLI, LSP, extension, webview): counts with their nouns.
// (Number formats still live per front: webview/format.ts, server/cli/numbers.ts.)

/** "1 worker", "2 workers"; `pluralWord` for irregular nouns ("1 process", "2 processes"). */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

/** "1 worker", "1 and 2 workers", "1, 2 and 4 workers". */
export function workerList(counts: readonly number[]): string {
  if (counts.length === 0) return 'no workers';
  const last = counts[counts.length - 1];
  const head = counts.slice(0, -1);
  const nums = head.length ? `${head.join(', ')} and ${last}` : `${last}`;
  return `${nums} ${counts.length === 1 && last === 1 ? 'worker' : 'workers'}`;
}

/** A suggestion's settings change in words: "order longest-first, batch 64"; "" when it sets nothing. */
export function describeChange(change: Record<string, unknown>): string {
  return Object.entries(change)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(',') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}
