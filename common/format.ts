// Wording shared by every front (CLI, LSP, extension, webview): counts with their nouns.
// (Number formats still live per front: webview/format.ts, server/cli/numbers.ts.)

/** "1 worker", "2 workers"; `pluralWord` for irregular nouns ("1 process", "2 processes"). */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}
