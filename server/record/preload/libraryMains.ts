// Pool libraries written as CommonJS (piscina, workerpool) adapted as their main file loads: once
// the file has run (Module.prototype._compile), its `module.exports` is replaced by the adapted
// exports, before Module#load snapshots them for ES modules. So `require('piscina')`,
// `import Piscina from 'piscina'` and `import { Piscina } from 'piscina'` all get the adapted class
// (an `import` of a CommonJS module takes its exports from that snapshot; other exports returned by
// Module._load never reach it: docs/decisions/record.md). tsx compiles through _compile too.
import Module from 'node:module';
import { dirname, join } from 'node:path';

/** The adapted exports of a library's main file, or undefined to keep its own. */
export type MainAdapter = (exports: unknown) => unknown;

type Compile = (this: { exports: unknown }, content: string, filename: string, ...rest: unknown[]) => unknown;

const IN_PACKAGE = /[\\/]node_modules[\\/](piscina|workerpool)[\\/]/;

export function hookLibraryMains(adapters: Record<string, MainAdapter>): void {
  // Per copy of a library (its folder in node_modules): the file `require(name)` loads from there.
  const mains = new Map<string, string | null>();
  const mainOf = (root: string, name: string): string | null => {
    let main = mains.get(root);
    if (main === undefined) {
      try { main = Module.createRequire(join(dirname(root), 'noop.js')).resolve(name); } catch { main = null; }
      mains.set(root, main);
    }
    return main;
  };
  const proto = Module.prototype as unknown as { _compile: Compile };
  const compile = proto._compile;
  proto._compile = function (content, filename, ...rest) {
    const out = compile.call(this, content, filename, ...rest);
    const m = typeof filename === 'string' ? IN_PACKAGE.exec(filename) : null;
    const adapt = m ? adapters[m[1]] : undefined;
    if (m && adapt && mainOf(filename.slice(0, m.index + m[0].length - 1), m[1]) === filename) {
      const adapted = adapt(this.exports);
      if (adapted !== undefined) this.exports = adapted;
    }
    return out;
  };
}
