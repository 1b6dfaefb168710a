// Plain-text table with aligned columns; numbers right-aligned, text left-aligned.
import { visibleLength } from './style';

export interface Column {
  header: string;
  align: 'left' | 'right';
}

export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[], indent = '  '): string {
  const widths = columns.map((c, i) => Math.max(visibleLength(c.header), ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const pad = (text: string, i: number) => {
    const gap = ' '.repeat(widths[i] - visibleLength(text));
    return columns[i].align === 'right' ? gap + text : text + gap;
  };
  const line = (cells: readonly string[]) => indent + cells.map((c, i) => pad(c, i)).join('  ').trimEnd();
  const rule = indent + widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(columns.map((c) => c.header)), rule, ...rows.map(line)].join('\n');
}
