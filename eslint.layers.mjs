// The layers of docs/architecture.md, enforced: who may import whom. Patterns are matched against
// the import specifier (relative paths included), gitignore-style.
import { builtinModules } from 'node:module';

const nodeBuiltins = ['node:*', ...builtinModules];
const server = { group: ['**/server/**', '../server', '../../server'], message: 'webview/ and extension/ import only common/ (docs/architecture.md): move what they share with the server to common/.' };

const fronts = { group: ['**/webview/**', '**/extension/**', '../webview', '../extension', '../../webview', '../../extension'], message: 'server/ does not import the page or the VS Code client (docs/architecture.md): shared pure code lives in common/; the HTML report reads the built page bundle.' };

export const layers = [
  {
    files: ['server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [fronts] }] },
  },
  {
    files: ['webview/**/*.ts', 'extension/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [server] }] },
  },
  {
    files: ['server/analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.filter((m) => !m.includes('*')).map((name) => ({ name, message: 'server/analysis/ is pure: no Node modules (docs/architecture.md).' })),
        patterns: [
          fronts,
          { group: ['node:*'], message: 'server/analysis/ is pure: no Node modules (docs/architecture.md).' },
          { group: ['**/engine/**', '**/lsp/**', '**/cli/**', '**/worker/**', '**/export/**', '../engine', '../lsp', '../cli', '../worker', '../export'], message: 'server/analysis/ imports only common/ and itself (docs/architecture.md).' },
        ],
      }],
    },
  },
  {
    // The preload runs inside the recorded program's every process and thread: it stays small and
    // free of side effects beyond its hooks, so it takes only the worker-side probes.
    files: ['server/record/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          fronts,
          { group: ['**/engine/**', '**/lsp/**', '**/cli/**', '**/analysis/**', '**/export/**', '**/common/**', '../../engine', '../../lsp', '../../cli', '../../analysis', '../../export'], message: 'server/record/preload/ runs inside the recorded program: it imports only server/worker/ probes, server/record/recordEnv.ts and itself (docs/architecture.md).' },
          { regex: '^\\.\\./(?!recordEnv$)[^./]', message: 'server/record/preload/ imports of server/record/ only recordEnv.ts: the rest runs in the CLI (docs/architecture.md).' },
        ],
      }],
    },
  },
  {
    // The fleet (server/fleet/) plugs into the engine through server/engine/remote.ts: the engine and
    // the pool threads never import it, and it imports no front (CLI, language server, exports).
    files: ['server/engine/**/*.ts', 'server/worker/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [fronts, { group: ['**/fleet/**', '../fleet'], message: 'server/engine/ and server/worker/ do not import server/fleet/: the fleet implements server/engine/remote.ts (docs/architecture.md).' }],
      }],
    },
  },
  {
    files: ['server/fleet/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [fronts, { group: ['**/lsp/**', '**/cli/**', '**/export/**', '../lsp', '../cli', '../export'], message: 'server/fleet/ imports common/, server/engine/ and server/worker/ only (docs/architecture.md).' }],
      }],
    },
  },
  {
    files: ['common/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/server/**', '**/webview/**', '**/extension/**', '../server', '../webview', '../extension'], message: 'common/ imports nothing of the other folders (docs/architecture.md).' }],
      }],
    },
  },
];
