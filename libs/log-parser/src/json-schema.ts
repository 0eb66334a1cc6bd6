import { z } from 'zod';
import { stackTraceListSchema } from './schema.js';

/** JSON Schema (draft 2020-12) of `parse-logs --json` output: an array of StackTrace. */
export function stackTraceListJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(stackTraceListSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
