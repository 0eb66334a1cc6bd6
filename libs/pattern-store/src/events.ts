import { randomUUID } from 'node:crypto';
import { errorSignatureSchema } from '@smoke-repair/log-parser';
import { z } from 'zod';
import { endpointShape } from './endpoint-shape.js';
import { PatternStoreInputError } from './errors.js';
import { patternId } from './pattern-id.js';
import { attemptContextSchema, attemptOutcomeSchema, fixPatternSpecSchema, patternStatusSchema } from './schema.js';
import type {
  AttemptEvent,
  OutcomeEvent,
  PatternStatus,
  RecordAttemptInput,
  RecordOutcomeInput,
  StatusEvent,
} from './types.js';

const dateInput = z.union([z.date(), z.iso.datetime({ offset: true })]).optional();

const attemptInputSchema = z.object({
  id: z.string().min(1).optional(),
  at: dateInput,
  signature: errorSignatureSchema,
  strategy: z.string().min(1),
  pattern: fixPatternSpecSchema,
  context: attemptContextSchema,
});

const outcomeInputSchema = z.object({ attemptId: z.string().min(1), outcome: attemptOutcomeSchema, at: dateInput });

function parseInput<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new PatternStoreInputError(`invalid ${what}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function iso(at: Date | string | undefined): string {
  return (at === undefined ? new Date() : new Date(at)).toISOString();
}

/** A JSON value of the template: what survives a round trip through the store. */
function jsonValue(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value ?? null)) as unknown;
  } catch (error) {
    throw new PatternStoreInputError('pattern.template must be JSON-serialisable', { cause: error });
  }
}

/** Validates a `recordAttempt` input and turns it into the event every backend stores. */
export function toAttemptEvent(input: RecordAttemptInput): AttemptEvent {
  const parsed = parseInput(attemptInputSchema, input, 'attempt');
  const pattern = { ...parsed.pattern, template: jsonValue(parsed.pattern.template) };
  const context = { ...parsed.context };
  if (context.endpointShape === undefined && context.method && context.path) {
    context.endpointShape = endpointShape(context.method, context.path);
  }
  return {
    v: 1,
    type: 'attempt',
    id: parsed.id ?? randomUUID(),
    at: iso(parsed.at),
    signature: parsed.signature,
    strategy: parsed.strategy,
    patternId: patternId(pattern),
    pattern,
    context,
  };
}

/** Validates a `recordOutcome` input. The event id is derived from the attempt: one outcome each. */
export function toOutcomeEvent(input: RecordOutcomeInput): OutcomeEvent {
  const parsed = parseInput(outcomeInputSchema, input, 'outcome');
  return {
    v: 1,
    type: 'outcome',
    id: `outcome:${parsed.attemptId}`,
    at: iso(parsed.at),
    attemptId: parsed.attemptId,
    outcome: parsed.outcome,
  };
}

/** A promotion or retirement event. */
export function toStatusEvent(
  patternIdValue: string,
  status: PatternStatus,
  options: { reason?: string; at?: Date | string } = {},
): StatusEvent {
  patternStatusSchema.parse(status);
  return {
    v: 1,
    type: 'status',
    id: randomUUID(),
    at: iso(options.at),
    patternId: patternIdValue,
    status,
    ...(options.reason === undefined ? {} : { reason: options.reason }),
  };
}

/** The key of an endpoint context: `POST /{collection} 500`. */
export function endpointKey(shape: string, errorKind: string | undefined): string {
  return errorKind === undefined ? shape : `${shape} ${errorKind}`;
}
