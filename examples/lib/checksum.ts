export interface Block { id: number; size: number }

/** A deterministic checksum over a generated block: CPU-bound, no allocation in the loop. */
export function checksum(block: Block): number {
  let h = 0x811c9dc5 ^ block.id;
  for (let i = 0; i < block.size * 10; i++) h = Math.imul(h ^ (i & 0xff), 16777619);
  return h >>> 0;
}
