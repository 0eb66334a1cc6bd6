import { z } from 'zod';
import { patternHintsSchema } from './hints.js';
import { fixPatternSchema, patternDetailsSchema, patternEventSchema, patternStoreStatsSchema } from './schema.js';

/** JSON Schemas (draft 2020-12) of the JSON the `patterns` commands print. */
export function patternStoreJsonSchemas(): {
  /** `patterns list --json`: an array of FixPattern. */
  list: Record<string, unknown>;
  /** `patterns show --json`. */
  show: Record<string, unknown>;
  /** `patterns stats --json`. */
  stats: Record<string, unknown>;
  /** One line of `patterns export` / `patterns import`. */
  event: Record<string, unknown>;
  /** `patterns hints --format json`. */
  hints: Record<string, unknown>;
} {
  const schema = (type: z.ZodType): Record<string, unknown> =>
    z.toJSONSchema(type, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    list: schema(z.array(fixPatternSchema)),
    show: schema(patternDetailsSchema),
    stats: schema(patternStoreStatsSchema),
    event: schema(patternEventSchema),
    hints: schema(patternHintsSchema),
  };
}
