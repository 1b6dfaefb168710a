// The extension's one command list (extension/commandIds.ts, whose handlers the compiler holds
// complete in extension/commands.ts) agrees with package.json's contributes both ways: every
// contributed command is registered, every registered command is contributed, and menus name only
// registered commands. The language server's code lenses (which cannot import the extension) name
// registered commands too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { COMMAND_IDS } from '../../extension/commandIds';
import { OPEN_RUN_COMMAND, RUN_COMMAND } from '../../server/lsp/codeLens';

interface Contributes {
  commands: { command: string }[];
  menus: Record<string, { command: string }[]>;
}
const contributes = (JSON.parse(readFileSync('package.json', 'utf8')) as { contributes: Contributes }).contributes;
const registered = new Set<string>(COMMAND_IDS);

test('every command in package.json contributes.commands is registered by the extension', () => {
  const unregistered = contributes.commands.map((c) => c.command).filter((id) => !registered.has(id));
  assert.deepEqual(unregistered, []);
});

test('every command the extension registers is contributed in package.json', () => {
  const contributed = new Set(contributes.commands.map((c) => c.command));
  assert.deepEqual(COMMAND_IDS.filter((id) => !contributed.has(id)), []);
  assert.equal(contributed.size, contributes.commands.length, 'a command is contributed twice');
});

test('menus name only registered commands', () => {
  const unknown = Object.entries(contributes.menus).flatMap(([menu, items]) =>
    items.filter((i) => !registered.has(i.command)).map((i) => `${menu}: ${i.command}`));
  assert.deepEqual(unknown, []);
});

test("the language server's code lenses name registered commands", () => {
  assert.deepEqual([RUN_COMMAND, OPEN_RUN_COMMAND].filter((id) => !registered.has(id)), []);
});
