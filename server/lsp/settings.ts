// Reads and validates the `scalescope.*` settings (workspace/configuration) into run inputs. Pure
// apart from the values handed in.
import * as path from 'node:path';
import { ServerSettings, type RunOverrides } from '../../common/lsp';
import { overridesOfSettings } from '../../common/runOptions';
import { issuePath, issueText } from '../../common/validationMessage';

/** Validates raw settings; a bad value is reported and replaced by its default, never fatal. */
export function parseSettings(raw: unknown, report: (problem: string) => void): ServerSettings {
  const obj = raw && typeof raw === 'object' ? { ...(raw as Record<string, unknown>) } : {};
  // VS Code hands unset settings over as null; they mean "use the workload's own options".
  for (const k of Object.keys(obj)) if (obj[k] === null) delete obj[k];
  const r = ServerSettings.safeParse(obj);
  if (r.success) return r.data;
  const bad = new Set(r.error.issues.map((i) => String(i.path[0])));
  for (const i of r.error.issues) report(`setting scalescope.${issuePath(i)} ignored: ${issueText(i)}`);
  for (const k of bad) delete obj[k];
  return ServerSettings.parse(obj);
}

/** Settings first, then the request's own overrides on top. */
export function effectiveOverrides(settings: ServerSettings, requested: RunOverrides | undefined): RunOverrides {
  return { ...overridesOfSettings(settings), ...(requested ?? {}) };
}

/** The runs folder for a workload: the setting, relative to the workspace folder holding it. */
export function runsDirFor(settings: ServerSettings, workloadPath: string, workspaceFolders: readonly string[]): string {
  if (path.isAbsolute(settings.runsFolder)) return settings.runsFolder;
  const folder = workspaceFolders
    .filter((f) => workloadPath === f || workloadPath.startsWith(f.endsWith(path.sep) ? f : f + path.sep))
    .sort((a, b) => b.length - a.length)[0]
    ?? workspaceFolders[0]
    ?? path.dirname(workloadPath);
  return path.resolve(folder, settings.runsFolder);
}
