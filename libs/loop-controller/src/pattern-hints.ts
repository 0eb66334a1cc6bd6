import {
  patternHints,
  type PatternHints,
  type PatternHintsOptions,
  type PatternStore,
} from '@smoke-repair/pattern-store';
import { describeFixTemplate } from '@smoke-repair/repair-agent';

/**
 * What the loop learned, as hints for the code generator that wrote the app (`patterns hints`):
 * the pattern store's hints with each recipe's general rule filled in from the repair agent's
 * built-in templates. Only fixes the loop verified count.
 */
export function repairPatternHints(
  store: PatternStore,
  options: Omit<PatternHintsOptions, 'describe'> = {},
): Promise<PatternHints> {
  return patternHints(store, { ...options, describe: describeFixTemplate });
}
