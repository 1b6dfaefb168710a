// The structured-clone size of a value: what crosses between threads for a task's input or result.
// Primitives are sized without the serializer (≈ 1.4 µs a call, paid per task for results).
import { serialize } from 'node:v8';

export function cloneSize(value: unknown): number {
  switch (typeof value) {
    case 'undefined': return 0;
    case 'boolean': return 3;
    case 'number': {
      // V8 writes an int32 as a zigzag varint after a 3-byte header, anything else as a double.
      if (!Number.isInteger(value) || value < -2147483648 || value > 2147483647 || Object.is(value, -0)) return 11;
      let z = value >= 0 ? value * 2 : -value * 2 - 1;
      let n = 4;
      while (z >= 128) { z = Math.floor(z / 128); n++; }
      return n;
    }
    default:
      if (value === null) return 3;
      try { return serialize(value).byteLength; } catch { return NaN; }
  }
}
