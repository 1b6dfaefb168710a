// Allocation-heavy: every task builds and drops many short-lived objects, so the workers spend a
// visible share of their time in garbage collection (recorded per task and per worker).

export const options = { workers: [1, 2], repeat: 2, warmup: 1 };

export function tasks() {
  return Array.from({ length: 48 }, (_, i) => ({ id: i, objects: 200_000 }));
}

export default function task(input) {
  let keep = [];
  let sum = 0;
  for (let i = 0; i < input.objects; i++) {
    const o = { i, name: `item-${i}`, values: [i, i * 2, i * 3] };
    keep.push(o);
    if (keep.length > 5_000) { sum += keep.length; keep = []; }
  }
  return sum + keep.length;
}
