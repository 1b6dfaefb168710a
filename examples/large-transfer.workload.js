// Large transfer: every task gets a big plain array as input and returns one just as big, but does
// little with it. Structured cloning of inputs and results (bytesIn / bytesOut per task) costs more
// than the work itself; Scalescope reports the transfer cost and suggests sharing or transferring
// the data instead (a SharedArrayBuffer in shared(), or typed arrays).

export const options = { workers: [1, 2], repeat: 2, warmup: 1 };

const VALUES = 100_000;

export function tasks() {
  return Array.from({ length: 12 }, (_, i) => ({ id: i, values: Array.from({ length: VALUES }, (_, k) => (k * 7 + i) % 1000) }));
}

export default function task(input) {
  const out = new Array(input.values.length);
  for (let k = 0; k < input.values.length; k++) out[k] = input.values[k] * 2 + 1;
  return out;
}
