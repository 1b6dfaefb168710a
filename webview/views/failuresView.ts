// Failures tab: every failed task with its cause, message and source line. In VS Code a location is
// a link that opens the file at the line; in the standalone report it is a copyable file:line.
import type { Failure } from '../../common/runFile';
import type { View, ViewState } from './view';
import { append, el } from '../dom';
import { NOT_MEASURED, plural } from '../../common/format';
import { userStack } from '../stackText';

function locationCell(f: Failure, state: ViewState): HTMLElement {
  const td = el('td', 'ss-failure-location');
  if (!f.location) { td.textContent = NOT_MEASURED; return td; }
  const text = `${f.location.file}:${f.location.line}`;
  if (state.host.connected) {
    const link = append(td, 'a', 'ss-link ss-open-location', text);
    link.href = '#';
    link.title = 'Open the file at this line';
    const location = f.location;
    link.addEventListener('click', (ev) => { ev.preventDefault(); state.host.post({ type: 'revealSource', location }); });
  } else {
    const code = append(td, 'code', 'ss-copyable', text);
    code.title = 'Select to copy (file:line)';
  }
  return td;
}

export const failuresView: View = {
  id: 'failures',
  title: (s) => `Failures (${s.run.failures.length})`,
  available: (s) => s.run.failures.length > 0,
  render(container, state) {
    const { run } = state;
    append(container, 'p', 'ss-muted', 'Failed tasks were recorded and the run went on; their worker was replaced when it died.');
    const t = append(container, 'table', 'ss-table ss-failures');
    const head = append(append(t, 'thead'), 'tr');
    for (const h of ['workers', 'repeat', 'task', 'cause', 'message', 'location']) append(head, 'th', undefined, h);
    const body = append(t, 'tbody');
    // Recorded in measurement order (interleaved across worker counts): listed by count, repeat, task.
    const failures = [...run.failures].sort((a, b) => a.workers - b.workers || (a.repeat ?? -1) - (b.repeat ?? -1) || a.taskIndex - b.taskIndex);
    for (const f of failures) {
      const tr = append(body, 'tr');
      for (const c of [String(f.workers), f.repeat === undefined ? NOT_MEASURED : String(f.repeat + 1), String(f.taskIndex), f.cause, f.message]) append(tr, 'td', undefined, c);
      tr.appendChild(locationCell(f, state));
    }
    const stacks = failures.filter((f) => f.stack);
    if (stacks.length) {
      append(container, 'h3', undefined, 'Stacks');
      for (const f of stacks) {
        const d = append(container, 'details', 'ss-stack');
        append(d, 'summary', undefined, `task ${f.taskIndex} on ${plural(f.workers, 'worker')}${f.repeat === undefined ? '' : `, repeat ${f.repeat + 1}`}: ${f.message}`);
        append(d, 'pre', undefined, userStack(f.stack!).text);
      }
    }
  },
};
