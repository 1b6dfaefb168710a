// Tiny DOM helpers. Text goes in through textContent only: strings from a run are never parsed as HTML.
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function append<K extends keyof HTMLElementTagNameMap>(parent: Element, tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  return parent.appendChild(el(tag, className, text));
}

/** A table from header cells and rows of text cells. */
export function table(headers: string[], rows: string[][], className = 'ss-table'): HTMLTableElement {
  const t = el('table', className);
  const tr = append(append(t, 'thead'), 'tr');
  for (const h of headers) append(tr, 'th', undefined, h);
  const body = append(t, 'tbody');
  for (const r of rows) {
    const row = append(body, 'tr');
    for (const c of r) append(row, 'td', undefined, c);
  }
  return t;
}
