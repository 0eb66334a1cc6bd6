import {
  fixPatternSchema,
  patternDetailsSchema,
  patternHintsSchema,
  patternStoreStatsSchema,
} from '@smoke-repair/pattern-store';
import { z } from 'zod';

// What `patterns import` and `sync` report: the store's ImportResult.
const importResult = { applied: z.number().int().nonnegative(), duplicates: z.number().int().nonnegative() };

/**
 * The zod schema of what `patterns <subcommand> --json` prints, one per subcommand; `export`
 * to standard output prints JSON Lines events (the `event` schema of `patternStoreJsonSchemas`),
 * its `--json` summary is for a FILE target.
 */
export const patternsOutputSchemas = {
  list: z.array(fixPatternSchema),
  show: patternDetailsSchema,
  stats: patternStoreStatsSchema.extend({ store: z.string() }),
  export: z.strictObject({ store: z.string(), file: z.string(), exported: z.number().int().nonnegative() }),
  import: z.strictObject({ store: z.string(), ...importResult }),
  sync: z.strictObject({ from: z.string(), to: z.string(), ...importResult }),
  retire: fixPatternSchema,
  hints: patternHintsSchema,
} as const;

/** The JSON Schema (draft 2020-12) of `patterns <subcommand> --json`. */
export function patternsJsonSchema(subcommand: keyof typeof patternsOutputSchemas): Record<string, unknown> {
  return z.toJSONSchema(patternsOutputSchemas[subcommand], {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
}
