// The dispatch order of a repeat as typed arrays (a point may hold a million inputs). Same policy
// as the replay's orderInputs (server/analysis/replay.ts), which the what-if simulation uses:
// given; longest-first by known duration, ties in given order; shuffle = seeded Fisher–Yates.
import type { Order } from '../../common/runFile';
import { seededRandom } from '../../common/stats';

export function orderIndexes(n: number, order: Order, durationOf: (index: number) => number, seed = 1): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  if (order === 'longest-first') {
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) d[i] = durationOf(i);
    out.sort((a, b) => d[b] - d[a] || a - b);
  } else if (order === 'shuffle') {
    const rnd = seededRandom(seed);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      const t = out[i]; out[i] = out[j]; out[j] = t;
    }
  }
  return out;
}
