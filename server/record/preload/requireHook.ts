// One hook on Module._load for the pool libraries' parts that are found by who requires them
// (piscina's task modules, piscinaHooks.ts; tinypool's `require`, tinypoolHooks.ts): each adapter may
// return other exports for a require, or undefined to pass. Main files: libraryMains.ts.
import Module from 'node:module';

export type Parent = { filename?: string } | null | undefined;
export type RequireAdapter = (request: string, parent: Parent, exports: unknown) => unknown;

type Load = (request: string, parent: Parent, isMain: boolean) => unknown;

export function hookRequire(adapters: RequireAdapter[]): void {
  const internals = Module as unknown as { _load: Load };
  const originalLoad = internals._load;
  internals._load = function (request, parent, isMain) {
    const exports = originalLoad.call(this, request, parent, isMain);
    for (const adapt of adapters) {
      const out = adapt(request, parent, exports);
      if (out !== undefined) return out;
    }
    return exports;
  };
}
