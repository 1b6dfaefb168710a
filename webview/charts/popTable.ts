// POP efficiencies as a table: one column per worker count, cells shaded by value
// (POP convention: ≥ 80% good, 60–80% fair, below poor).
import { fmtPct } from '../../common/format';
import type { Analysis } from '../../common/runFile';
import { append, el } from '../dom';

const ROWS: [keyof Analysis['pop'][number], string][] = [
  ['parallelEfficiency', 'Parallel efficiency'],
  ['loadBalance', '· Load balance'],
  ['communicationEfficiency', '· Communication efficiency'],
  ['computationScalability', 'Computation scalability'],
];

export function grade(v: number): 'good' | 'fair' | 'poor' {
  return v >= 0.8 ? 'good' : v >= 0.6 ? 'fair' : 'poor';
}

export function renderPopTable(container: HTMLElement, pop: Analysis['pop']): void {
  const t = append(container, 'table', 'ss-table ss-pop');
  const head = append(append(t, 'thead'), 'tr');
  append(head, 'th', undefined, 'POP metric');
  for (const p of pop) append(head, 'th', undefined, `${p.workers} w`);
  const body = append(t, 'tbody');
  for (const [key, label] of ROWS) {
    const tr = append(body, 'tr');
    append(tr, 'th', undefined, label);
    for (const p of pop) {
      const v = p[key];
      const td = el('td', `ss-grade-${grade(v)}`, fmtPct(v));
      tr.appendChild(td);
    }
  }
}
