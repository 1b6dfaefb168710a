// The run options are defined once (common/runOptions.ts): the workload schema, the run file's
// config, the CLI flags, the editor settings, package.json and docs/options.md all follow it, and
// a bad value anywhere gets one message naming the option.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { z } from 'zod';
import {
  RUN_OPTION_KEYS, RUN_OPTIONS, RunOverrides, SETTING_OPTION_KEYS, WORKLOAD_OPTION_KEYS, WorkloadOptions,
  type RunOptionDef, type RunOptionKey,
} from '../../common/runOptions';
import { optionsMarkdown, runOptionSettings } from '../../common/runOptionManifest';
import { RunConfig } from '../../common/runFile';
import { ServerSettings } from '../../common/lsp';
import { defaultConfig, resolveConfig } from '../../server/engine/config';
import { ConfigError } from '../../server/engine/errors';
import { noiseOverridesOf, overridesOf, runOptionFlags } from '../../server/cli/runFlags';
import { changeAsFlags } from '../../server/cli/flags';
import { effectiveOverrides, parseSettings } from '../../server/lsp/settings';
import { validationMessage } from '../../common/validationMessage';

const def = (key: RunOptionKey): RunOptionDef => RUN_OPTIONS[key];

/** A valid value of each option and one just outside its bounds (or of the wrong type). */
function samples(key: RunOptionKey): { good: unknown; bad: unknown; goodText?: string; badText?: string } {
  const s = def(key).schema;
  if (s instanceof z.ZodNumber) {
    const max = s.maxValue !== null && s.maxValue < Number.MAX_SAFE_INTEGER ? s.maxValue : null;
    const bad = max === null ? (s.minValue ?? 0) - 1 : max + 1;
    return { good: s.minValue, bad, goodText: String(s.minValue), badText: String(bad) };
  }
  if (s instanceof z.ZodEnum) return { good: s.options[1], bad: 'sideways', goodText: String(s.options[1]), badText: 'sideways' };
  if (s instanceof z.ZodBoolean) return { good: true, bad: 'yes' };
  // batch: a whole number or `auto`.
  if (s instanceof z.ZodUnion) return { good: 'auto', bad: 'sometimes', goodText: 'auto', badText: 'sometimes' };
  return { good: [1, 2], bad: [1, 0], goodText: '1,2', badText: '1,0' };
}

test('every default is a valid value of its option, and the defaults make a valid run config', () => {
  for (const key of RUN_OPTION_KEYS) {
    const d = def(key).default;
    if (d !== undefined) assert.ok(def(key).schema.safeParse(d).success, key);
    assert.ok(def(key).description.length > 0 && def(key).defaultText.length > 0, key);
  }
  assert.ok(RunConfig.safeParse(defaultConfig()).success);
});

test('the workload schema, the overrides and the run file take every option with the same bounds', () => {
  assert.deepEqual(Object.keys(WorkloadOptions.shape).sort(), [...WORKLOAD_OPTION_KEYS].sort());
  assert.deepEqual(Object.keys(RunOverrides.shape).sort(), [...RUN_OPTION_KEYS].sort());
  for (const key of RUN_OPTION_KEYS) {
    const { good, bad } = samples(key);
    assert.ok(RunOverrides.safeParse({ [key]: good }).success, `${key} = ${JSON.stringify(good)}`);
    assert.ok(!RunOverrides.safeParse({ [key]: bad }).success, `${key} = ${JSON.stringify(bad)}`);
    assert.ok(!RunConfig.safeParse({ ...defaultConfig(), [key]: bad }).success, `run file ${key} = ${JSON.stringify(bad)}`);
    if (def(key).workload) {
      assert.ok(WorkloadOptions.safeParse({ [key]: good }).success, key);
      assert.ok(!WorkloadOptions.safeParse({ [key]: bad }).success, key);
    }
  }
  assert.equal(WorkloadOptions.shape.workers.unwrap().element.maxValue, 1024, 'the worker limit of common/workerCounts.ts');
});

test('a bad option gets one message naming it, in the workload, in the flags and in the settings', () => {
  for (const key of RUN_OPTION_KEYS) {
    const { bad, badText } = samples(key);
    // The workload's `options` (or, for the options a workload cannot set, the overrides).
    const source = def(key).workload ? { options: { [key]: bad }, overrides: undefined } : { options: undefined, overrides: { [key]: bad } };
    assert.throws(() => resolveConfig(source.options, source.overrides), (e: unknown) => {
      if (!(e instanceof ConfigError)) return false;
      const named = e.message.split('; ').filter((part) => part.includes(key));
      return named.length === 1 && e.message.split('; ').length === 1;
    }, key);
    // The flag.
    const cli = def(key).cli;
    if (cli?.arg && cli.sets === undefined && badText !== undefined) {
      const cmd = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
      for (const option of runOptionFlags('run')) cmd.addOption(option);
      assert.throws(() => cmd.parse([cli.flag, badText], { from: 'user' }), (e: unknown) => e instanceof CommanderError && e.message.includes(`'${cli.flag} ${cli.arg}'`), `${cli.flag} ${badText}`);
    }
    // The setting: reported once, named, and left to the workload.
    if (def(key).setting) {
      const problems: string[] = [];
      const settings = parseSettings({ [key]: bad }, (p) => problems.push(p));
      assert.equal(problems.length, 1, key);
      assert.match(problems[0], new RegExp(`^setting scalescope\\.${key}\\b.* ignored: `));
      assert.equal((settings as Record<string, unknown>)[key], undefined);
    }
  }
  // Unknown keys are named as such, every problem on one line.
  const r = WorkloadOptions.safeParse({ repeat: 0, colour: 'red' });
  assert.ok(!r.success);
  assert.equal(validationMessage(r.error, { unknownKey: 'not an option' }), 'repeat (too small: expected number to be >=1); colour (not an option)');
});

test('the CLI has one flag per option that names one, parsed and bounded by its schema', () => {
  const flags = runOptionFlags('run');
  const withFlag = RUN_OPTION_KEYS.filter((k) => def(k).cli);
  assert.deepEqual(flags.map((f) => f.long), withFlag.map((k) => def(k).cli?.flag));
  assert.deepEqual(runOptionFlags('try').map((f) => f.long), ['--settle', '--retry-noisy']);
  for (const key of withFlag) {
    const cli = def(key).cli!;
    const option = flags.find((f) => f.long === cli.flag)!;
    assert.ok(option.description.startsWith(def(key).description.replace(/`/g, '')), key);
    const { good, goodText } = samples(key);
    const given = !cli.arg ? true : cli.sets !== undefined ? 'dir' : option.parseArg ? option.parseArg(goodText!, undefined) : goodText;
    // What the flag sets is what the option holds (--cpuprofile <dir> turns profiling on).
    assert.deepEqual(overridesOf({ [option.attributeName()]: given }), { [key]: cli.sets ?? good }, key);
    if (cli.arg && cli.sets === undefined) assert.equal(changeAsFlags({ [key]: good }), `${cli.flag} ${goodText}`, key);
  }
  assert.deepEqual(noiseOverridesOf({ settle: true, retryNoisy: 2, repeat: 9 } as never), { settle: true, retryNoisy: 2 });
});

test('the settings, package.json and docs/options.md follow the schema', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { contributes: { configuration: { properties: Record<string, unknown> } } };
  const properties = pkg.contributes.configuration.properties;
  const generated = runOptionSettings();
  for (const key of SETTING_OPTION_KEYS) {
    assert.deepEqual(properties[`scalescope.${key}`], generated[`scalescope.${key}`], `package.json scalescope.${key} is stale: run node scripts/manifest.mjs`);
    assert.ok(key in ServerSettings.shape, key);
  }
  for (const key of RUN_OPTION_KEYS.filter((k) => !def(k).setting)) assert.equal(properties[`scalescope.${key}`], undefined, key);
  assert.equal(readFileSync('docs/options.md', 'utf8'), optionsMarkdown(), 'docs/options.md is stale: run node scripts/manifest.mjs');
  // A set setting overrides the workload; a switch only when on; the request's overrides win.
  for (const key of SETTING_OPTION_KEYS) {
    const { good } = samples(key);
    const s = parseSettings({ [key]: good }, () => assert.fail(key));
    assert.deepEqual(effectiveOverrides(s, {}), { [key]: good }, key);
    assert.deepEqual(effectiveOverrides(parseSettings({ [key]: null }, () => assert.fail(key)), {}), {}, `${key}: null`);
  }
});
