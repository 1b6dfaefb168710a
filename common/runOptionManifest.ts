// The run options as the editor and the docs see them: package.json's `contributes.configuration`
// properties and the docs/options.md table, both derived from common/runOptions.ts. Written by
// scripts/manifest.mjs (part of scripts/build.mjs); test/unit/run-options.test.ts checks that the
// committed files agree.
import * as z from 'zod';
import { RUN_OPTION_KEYS, RUN_OPTIONS, SETTING_OPTION_KEYS, expectedText, type RunOptionDef, type RunOptionKey } from './runOptions';

const def = (key: RunOptionKey): RunOptionDef => RUN_OPTIONS[key];
const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1) + '.';

/** JSON Schema of a value (zod's), without the `$schema` line and the "safe integer" maxima zod adds to every integer. */
function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const strip = (node: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$schema' || (k === 'maximum' && v === Number.MAX_SAFE_INTEGER)) continue;
      out[k] = Array.isArray(v) ? v.map((x) => (x && typeof x === 'object' ? strip(x as Record<string, unknown>) : x))
        : v && typeof v === 'object' ? strip(v as Record<string, unknown>) : v;
    }
    return out;
  };
  return strip(z.toJSONSchema(schema) as Record<string, unknown>);
}

/** What a setting left at its default means. */
function whenUnset(key: RunOptionKey): string {
  const o = def(key);
  if (o.setting === 'when-on') return o.workload ? ` Off: the workload's \`options.${key}\` decides, else ${o.defaultText}.` : '';
  return o.workload ? ` \`null\`: the workload's \`options.${key}\`, else ${o.defaultText}.` : ` \`null\`: ${o.defaultText}.`;
}

/** The `scalescope.<option>` properties of package.json's `contributes.configuration`. */
export function runOptionSettings(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const key of SETTING_OPTION_KEYS) {
    const o = def(key);
    const markdownDescription = sentence(o.description) + whenUnset(key);
    if (o.setting === 'when-on') {
      out[`scalescope.${key}`] = { type: 'boolean', default: false, markdownDescription };
      continue;
    }
    const { type, anyOf, ...rest } = jsonSchemaOf(o.schema);
    // A union (batch: a whole number or `auto`) is one more alternative, null; a plain type gains null.
    out[`scalescope.${key}`] = Array.isArray(anyOf)
      ? { anyOf: [...anyOf, { type: 'null' }], ...rest, default: null, markdownDescription }
      : { type: [type, 'null'], ...rest, default: null, markdownDescription };
  }
  return out;
}

/** package.json's settings with the run options' properties replaced (first, in the order of runOptions.ts), the others kept. */
export function withRunOptionSettings(properties: Record<string, unknown>): Record<string, unknown> {
  const generated = runOptionSettings();
  const runOption = (name: string): boolean => RUN_OPTION_KEYS.some((k) => name === `scalescope.${k}`);
  return { ...generated, ...Object.fromEntries(Object.entries(properties).filter(([name]) => !runOption(name))) };
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** docs/options.md: one row per option. */
export function optionsMarkdown(): string {
  const rows = RUN_OPTION_KEYS.map((key) => {
    const o = def(key);
    const flag = o.cli ? `\`${o.cli.flag}${o.cli.arg ? ` ${o.cli.arg}` : ''}\`${o.cli.onTry ? ' (also `try`)' : ''}` : '—';
    const setting = o.setting ? `\`scalescope.${key}\`` : '—';
    return `| \`${key}\` | ${o.workload ? 'yes' : '—'} | ${flag} | ${setting} | ${cell(expectedText(key))} | ${cell(o.defaultText)} | ${cell(o.description)} |`;
  });
  return `# Run options

<!-- Generated from common/runOptions.ts by scripts/manifest.mjs (run by scripts/build.mjs): edit the
     definitions there, not this file. -->

Every option that decides how a run is measured, where it can be set, what it accepts and its
default. Later wins: the default < the workload's \`export const options\` < the editor settings or
the command-line flags < the editor's **Run Workload with Options…** inputs or a suggestion's
re-run. A bad value gets one message naming the option. How to add an option:
[decisions/run-options.md](decisions/run-options.md).

| option | in \`options\` | flag of \`scalescope run\` | editor setting | values | default | meaning |
|---|---|---|---|---|---|---|
${rows.join('\n')}

Worker counts on the command line and in the editor's inputs use one grammar:
[cli.md, "Worker counts"](cli.md#worker-counts). \`--cpuprofile\` takes the folder the \`.cpuprofile\`
files are written to.
`;
}
