import { smokeConfigSchema } from '@smoke-repair/smoke-validator';
import { z } from 'zod';
import { patternsSectionSchema, repairSectionSchema, loopSectionSchema } from './loop-config.js';

/**
 * JSON Schema (draft 2020-12) of the whole `smoke-repair.config.json` — the smoke part and the
 * loop's sections, as written (defaults optional), unknown keys refused as the loader refuses
 * them. Generated from the zod schemas the loader uses, so it cannot drift from them; what JSON
 * cannot express (a `.mjs` config's functions) is left open.
 */
export function repairLoopConfigJsonSchema(): Record<string, unknown> {
  const schema = smokeConfigSchema.extend({
    loop: loopSectionSchema.optional(),
    repair: repairSectionSchema.optional(),
    patterns: patternsSectionSchema.optional(),
  });
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    // zod writes `format: "starts_with"` beside the `pattern` that says it: not a JSON Schema format.
    override: ({ jsonSchema }) => {
      if (jsonSchema.format === 'starts_with' && jsonSchema.pattern) delete jsonSchema.format;
    },
  }) as Record<string, unknown>;
  return {
    ...json,
    title: 'smoke-repair config',
    description:
      'smoke-repair.config.json: how to start the app, what to smoke, the repair loop and the pattern store.',
  };
}
