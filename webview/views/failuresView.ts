// Failures tab: every failed task with its cause, message and source line.
import type { View } from './view';
import { append, table } from '../dom';

export const failuresView: View = {
  id: 'failures',
  title: (s) => `Failures (${s.run.failures.length})`,
  available: (s) => s.run.failures.length > 0,
  render(container, { run }) {
    append(container, 'p', 'ss-muted', 'Failed tasks were recorded and the run went on; their worker was replaced when it died.');
    container.appendChild(table(
      ['workers', 'repeat', 'task', 'cause', 'message', 'location'],
      run.failures.map((f) => [String(f.workers), f.repeat === undefined ? '—' : String(f.repeat + 1), String(f.taskIndex), f.cause, f.message, f.location ? `${f.location.file}:${f.location.line}` : '—']),
      'ss-table ss-failures',
    ));
    const stacks = run.failures.filter((f) => f.stack);
    if (stacks.length) {
      append(container, 'h3', undefined, 'Stacks');
      for (const f of stacks) {
        const d = append(container, 'details', 'ss-stack');
        append(d, 'summary', undefined, `task ${f.taskIndex} on ${f.workers} workers: ${f.message}`);
        append(d, 'pre', undefined, f.stack);
      }
    }
  },
};
