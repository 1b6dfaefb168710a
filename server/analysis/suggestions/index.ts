// The registry of suggestion rules. To add one: write suggestions/<kind>.ts exporting a
// SuggestionRule and list it here. Rules run in this order; each one's errors are its own.
import type { Suggestion } from '../../../common/runFile';
import type { AnalysisContext } from '../context';
import { batchForNetworkRule } from './batchForNetwork';
import { fleetCoordinationRule } from './fleetCoordination';
import { dispatcherBoundRule } from './dispatcherBound';
import { gcPressureRule } from './gcPressure';
import { granularityRule } from './granularity';
import { hostImbalanceRule } from './hostImbalance';
import { imbalanceRule } from './imbalance';
import { libuvPoolRule } from './libuvPool';
import { lockContentionRule } from './lockContention';
import { memoryBandwidthRule } from './memoryBandwidth';
import { oversubscribedRule } from './oversubscribed';
import { oversubscriptionRule } from './oversubscription';
import { poolChurnRule } from './poolChurn';
import type { SuggestionRule } from './rule';
import { queueWaitRule } from './queueWait';
import { serialBottleneckRule } from './serialBottleneck';
import { slowHostRule } from './slowHost';
import { transferCostRule } from './transferCost';

export const suggestionRules: SuggestionRule[] = [
  imbalanceRule,
  granularityRule,
  oversubscriptionRule,
  serialBottleneckRule,
  memoryBandwidthRule,
  lockContentionRule,
  transferCostRule,
  gcPressureRule,
  queueWaitRule,
  poolChurnRule,
  // Fleet runs only (each returns nothing for a run made on one machine).
  batchForNetworkRule,
  slowHostRule,
  hostImbalanceRule,
  fleetCoordinationRule,
  dispatcherBoundRule,
  oversubscribedRule,
  libuvPoolRule,
];

/** Runs every rule; a rule that throws is reported in `notes` instead of sinking the analysis. */
export function runSuggestionRules(ctx: AnalysisContext, rules: readonly SuggestionRule[] = suggestionRules): { suggestions: Suggestion[]; notes: string[] } {
  const suggestions: Suggestion[] = [];
  const notes: string[] = [];
  for (const rule of rules) {
    try {
      suggestions.push(...rule(ctx));
    } catch (e) {
      notes.push(`suggestion rule ${rule.name || '(anonymous)'} failed: ${(e as Error).message}`);
    }
  }
  return { suggestions, notes };
}
