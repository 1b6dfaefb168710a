// One reading of a workload module's exports, for the loader and the pool workers alike. An ES
// module has named exports; a CommonJS module (a .cjs file, or a .js file without "type": "module")
// reaches us as `default` = its `module.exports`, both when esbuild bundles it into ESM and when
// Node imports it. Two CommonJS shapes are accepted:
//   module.exports = function task(input, ctx) {…}; module.exports.tasks = …
//   exports.default = function task(input, ctx) {…}; exports.tasks = …

export interface WorkloadExports {
  task: unknown;
  tasks: unknown;
  shared: unknown;
  setup: unknown;
  options: unknown;
  /** The export names the user wrote (for messages). */
  names: string[];
}

type Bag = Record<string, unknown>;

function isBag(x: unknown): x is Bag {
  return (typeof x === 'object' && x !== null) || typeof x === 'function';
}

export function workloadExports(mod: Bag): WorkloadExports {
  const cjs = isBag(mod.default) ? mod.default : null;
  // A named export wins; otherwise the same name on module.exports.
  const pick = (name: string): unknown => (mod[name] !== undefined ? mod[name] : cjs?.[name]);
  const task = typeof mod.default === 'function' ? mod.default : cjs?.default;
  const names = new Set(Object.keys(mod).filter((k) => k !== 'default'));
  if (task !== undefined) names.add('default');
  if (cjs) for (const k of Object.keys(cjs)) if (k !== 'default' && k !== '__esModule') names.add(k);
  return { task, tasks: pick('tasks'), shared: pick('shared'), setup: pick('setup'), options: pick('options'), names: [...names] };
}
