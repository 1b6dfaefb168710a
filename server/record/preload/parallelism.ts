// The swept worker count, as a program sees the machine: os.availableParallelism() and
// os.cpus().length report it (the usual way Node programs size their pools). ESM importers see
// the patched functions too (syncBuiltinESMExports).
import os from 'node:os';
import { syncBuiltinESMExports } from 'node:module';

export function reportParallelism(count: number): void {
  const realCpus = os.cpus.bind(os);
  os.availableParallelism = () => count;
  os.cpus = () => {
    const real = realCpus();
    // More counts than cores: the real entries repeated, so each looks like a core.
    return Array.from({ length: count }, (_, i) => real[i % Math.max(1, real.length)]);
  };
  syncBuiltinESMExports();
}
