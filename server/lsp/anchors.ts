// Keeps line-based findings (hints, load errors) on the right line while the file changes.
// At run time the text of each named line is remembered; later the finding is shown only where that
// exact text still is: on its own line, or on the one line it moved to. Anything else is dropped,
// never shown on the wrong line.

export interface Anchor {
  /** 1-based line the finding named. */
  line: number;
  /** That line's text when the finding was made; null when unknown (then it is never shown). */
  text: string | null;
}

export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** The text of 1-based `line` in `lines`, or null past the end. */
export function lineTextAt(lines: readonly string[], line: number): string | null {
  return line >= 1 && line <= lines.length ? lines[line - 1] : null;
}

/** Current 0-based line of an anchor in the document lines, or null when it cannot be placed. */
export function placeAnchor(anchor: Anchor, lines: readonly string[]): number | null {
  if (anchor.text === null) return null;
  if (lineTextAt(lines, anchor.line) === anchor.text) return anchor.line - 1;
  const wanted = anchor.text.trim();
  if (wanted === '') return null;
  let found: number | null = null;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== anchor.text) continue;
    if (found !== null) return null; // ambiguous: two candidates, show neither
    found = i;
  }
  return found;
}
