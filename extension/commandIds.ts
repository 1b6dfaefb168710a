// Every command the extension contributes (package.json "contributes.commands"). Kept apart from
// their implementation so that activation can register them without loading it.
export const COMMAND_IDS = [
  'scalescope.runWorkload',
  'scalescope.runWorkloadPick',
  'scalescope.runWithOptions',
  'scalescope.recordCommand',
  'scalescope.recordNpmScript',
  'scalescope.cancelRun',
  'scalescope.runActions',
  'scalescope.openRun',
  'scalescope.compareRuns',
  'scalescope.exportRun',
  'scalescope.deleteRun',
  'scalescope.revealWorkload',
  'scalescope.openRunFile',
  'scalescope.refreshRuns',
  'scalescope.showLog',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];
