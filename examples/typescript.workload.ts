// A TypeScript workload: bundled on the fly with esbuild, with source maps, so every stack frame,
// failure and hint points at this file's lines. Imports a local TypeScript module.
import { checksum, type Block } from './lib/checksum';

export const options = { workers: [1, 2], repeat: 2, warmup: 1 };

export function tasks(): Block[] {
  return Array.from({ length: 40 }, (_, i) => ({ id: i, size: 200_000 + (i % 4) * 50_000 }));
}

export default function task(block: Block): number {
  if (block.size <= 0) throw new RangeError(`block ${block.id} has no data`);
  return checksum(block);
}
