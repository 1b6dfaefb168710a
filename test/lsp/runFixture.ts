// A small, valid run file for tests of the editor surfaces (validated by the real schema).
import { validateRunFile, type Hint, type RunFile } from '../../common/runFile';

export interface FixtureOptions {
  id?: string;
  workloadPath: string;
  startedAt?: string;
  status?: RunFile['status'];
  /** [workers, makespanMs] per point; speedups and efficiencies follow from them. */
  makespans?: [number, number][];
  hints?: Hint[];
  failures?: RunFile['failures'];
}

export function makeRun(o: FixtureOptions): RunFile {
  const makespans = o.makespans ?? [[1, 800], [2, 420], [4, 230], [8, 138]];
  const t1 = makespans[0][1];
  const emptyTasks = { index: [], repeat: [], worker: [], dispatch: [], submitMs: [], startMs: [], endMs: [], queueMs: [], cpuMs: [], runQueueMs: [], coreStart: [], coreEnd: [], lockWaitMs: [], gcMs: [], bytesIn: [], bytesOut: [], ok: [] };
  const run = {
    schema: 'scalescope.run/1',
    id: o.id ?? 'run-fixture-1',
    startedAt: o.startedAt ?? new Date().toISOString(),
    finishedAt: null,
    status: o.status ?? 'complete',
    workload: { path: o.workloadPath, name: o.workloadPath.split(/[\\/]/).pop() ?? 'workload' },
    host: { cpus: 8, cpuModel: 'test cpu', platform: 'linux', node: 'v20.0.0' },
    config: { workers: makespans.map(([w]) => w), repeat: 1, warmup: 0, timeoutMs: 30000, batch: 1, order: 'given' },
    points: makespans.map(([workers, ms]) => ({ workers, makespanMs: ms, makespansMs: [ms], tasks: emptyTasks, cores: [], workerStats: [] })),
    failures: o.failures ?? [],
    analysis: {
      scaling: makespans.map(([workers, ms]) => ({ workers, speedup: t1 / ms, efficiency: t1 / ms / workers })),
      amdahl: null,
      karpFlatt: [],
      usl: { sigma: 0.02, kappa: 0.001, peakWorkers: 31.3, r2: 0.99, trusted: true },
      pop: makespans.map(([workers]) => ({ workers, loadBalance: 0.95, communicationEfficiency: 0.9, parallelEfficiency: 0.855, computationScalability: 0.97 })),
      imbalance: [],
      contention: makespans.map(([workers]) => ({ workers, queueWaitShare: 0.01, lockWaitShare: workers > 1 ? 0.3 : 0, runQueueShare: 0, gcShare: 0.01 })),
      suggestions: [],
      hints: o.hints ?? [],
      notes: [],
    },
  };
  return validateRunFile(run, 'fixture');
}
