import { z } from 'zod';
import { endpointKey } from './events.js';
import { DEFAULT_MIN_SUCCESS_RATE } from './ranking.js';
import { fixPatternSchema, patternStatusSchema } from './schema.js';
import type { AttemptEvent, FixPattern, PatternStore } from './types.js';

/** A hint needs at least this many validated successes by default (one fix could be luck). */
const DEFAULT_HINT_MIN_SUCCESSES = 2;
// Examples per hint: enough to show the variety, few enough for a prompt.
const MAX_EXAMPLES = 3;

/** One validated success: the error it fixed, where, and the fix as it was described then. */
const hintExampleSchema = z.object({
  /** `KeyError: 'phone_number'`, as the trace said it (redacted like the store). */
  error: z.string(),
  /** `POST /{collection} 500`, when the failure was an HTTP one. */
  endpoint: z.string().optional(),
  /** The concrete fix of that attempt (`fill total from order.total_cents (app/x.py:12)`). */
  fix: z.string().optional(),
});

/** The fix shape of a hint: the rule a recipe stands for, or an edit template's lines. */
const hintFixSchema = z.object({
  kind: z.enum(['recipe', 'edit', 'other']),
  /** The general rule, when the caller's `describe` knows the template (a built-in recipe's summary). */
  rule: z.string().optional(),
  /** The recipe id (`python.model-kwargs`), for `kind: recipe`. */
  recipe: z.string().optional(),
  /** The lines before and after, app names as holes `⟨1⟩`, for `kind: edit`. */
  before: z.array(z.string()).optional(),
  after: z.array(z.string()).optional(),
});

/** A lesson for a code generator, from one learned pattern with enough validated successes. */
const patternHintSchema = z.object({
  patternId: z.string(),
  status: patternStatusSchema,
  language: z.string(),
  signatureClass: z.string(),
  /**
   * What was wrong, in words: the error class read back (`KeyError: '<str>'`, `answered 200 where 201 is documented`).
   */
  problem: z.string(),
  fix: hintFixSchema,
  /** Validated successes only, newest first. */
  examples: z.array(hintExampleSchema),
  record: fixPatternSchema
    .pick({ successes: true, failures: true, regressions: true, trials: true, successRate: true })
    .extend({
      /** Distinct apps it was validated on. */
      apps: z.number().int().nonnegative(),
    }),
});

/** What `patternHints` returns and `patterns hints --json` prints. */
export const patternHintsSchema = z.object({
  store: z.string(),
  minSuccesses: z.number().int().nonnegative(),
  minSuccessRate: z.number().min(0).max(1),
  hints: z.array(patternHintSchema),
});

/** One hint. */
export type PatternHint = z.infer<typeof patternHintSchema>;
/** Hints with the thresholds that chose them. */
export type PatternHints = z.infer<typeof patternHintsSchema>;

/** Options of `patternHints`. */
export interface PatternHintsOptions {
  /** Validated successes (outcome `fixed`) a pattern needs. Default 2. */
  minSuccesses?: number;
  /** Success rate it needs, at least. Default 0.7 (the promotion threshold). */
  minSuccessRate?: number;
  language?: string;
  /** Default: all. */
  limit?: number;
  /** The general rule a template stands for (the repair agent knows its recipes'); undefined: none. */
  describe?: (template: unknown) => string | undefined;
}

/**
 * Turns the learned patterns into hints a code generator can put in its prompt: per pattern not
 * retired, with at least `minSuccesses` validated successes and the success rate, the error class,
 * what was wrong, the fix shape and its record. Only outcomes count — an attempt the loop never
 * verified (no outcome yet) is no success — and the examples come from `fixed` attempts only.
 */
export async function patternHints(store: PatternStore, options: PatternHintsOptions = {}): Promise<PatternHints> {
  const minSuccesses = options.minSuccesses ?? DEFAULT_HINT_MIN_SUCCESSES;
  const minSuccessRate = options.minSuccessRate ?? DEFAULT_MIN_SUCCESS_RATE;
  const patterns = (await store.list(options.language ? { language: options.language } : {})).filter(
    (p) => p.status !== 'retired' && p.successes >= Math.max(1, minSuccesses) && p.successRate >= minSuccessRate,
  );
  const chosen = options.limit === undefined ? patterns : patterns.slice(0, options.limit);
  const validated = await validatedAttempts(store, new Set(chosen.map((p) => p.id)));
  const hints = chosen.map((pattern) => hintOf(pattern, validated.get(pattern.id) ?? [], options.describe));
  return { store: store.uri, minSuccesses, minSuccessRate, hints };
}

// The attempts of these patterns whose outcome is `fixed`, newest first.
async function validatedAttempts(store: PatternStore, ids: ReadonlySet<string>): Promise<Map<string, AttemptEvent[]>> {
  const attempts = new Map<string, AttemptEvent>();
  const fixed: AttemptEvent[] = [];
  for await (const event of store.exportEvents()) {
    if (event.type === 'attempt' && ids.has(event.patternId)) attempts.set(event.id, event);
    else if (event.type === 'outcome' && event.outcome === 'fixed') {
      const attempt = attempts.get(event.attemptId);
      if (attempt) fixed.push(attempt);
    }
  }
  const byPattern = new Map<string, AttemptEvent[]>();
  for (const attempt of fixed.reverse())
    byPattern.set(attempt.patternId, [...(byPattern.get(attempt.patternId) ?? []), attempt]);
  return byPattern;
}

// A fix the pattern strategy re-applied says where it came from (`known pattern fp_… (same
// signature class, 100% of 4): …`): store bookkeeping, not part of the lesson.
const PROVENANCE = /^known pattern fp_\w+ \([^)]*\): /;

function hintOf(
  pattern: FixPattern,
  validated: readonly AttemptEvent[],
  describe: PatternHintsOptions['describe'],
): PatternHint {
  const seen = new Set<string>();
  const examples: PatternHint['examples'] = [];
  for (const attempt of validated) {
    const error = errorOf(attempt);
    const shape = attempt.context.endpointShape;
    const endpoint = shape === undefined ? undefined : endpointKey(shape, attempt.context.errorKind);
    const key = `${error}\u0000${endpoint ?? ''}`;
    if (seen.has(key) || examples.length >= MAX_EXAMPLES) continue;
    seen.add(key);
    const fix = attempt.pattern.description?.replace(PROVENANCE, '');
    examples.push({ error, ...(endpoint ? { endpoint } : {}), ...(fix ? { fix } : {}) });
  }
  return {
    patternId: pattern.id,
    status: pattern.status,
    language: pattern.language,
    signatureClass: pattern.signatureClass,
    problem: problemOf(pattern.signatureClass, pattern.language),
    fix: fixOf(pattern.template, describe),
    examples,
    record: {
      successes: pattern.successes,
      failures: pattern.failures,
      regressions: pattern.regressions,
      trials: pattern.trials,
      successRate: pattern.successRate,
      apps: new Set(validated.map((a) => a.context.app)).size,
    },
  };
}

function errorOf(attempt: AttemptEvent): string {
  const { exceptionType, message } = attempt.signature;
  const first = message.split('\n')[0]!.trim();
  // A failure without a trace has its violation kind (`status_mismatch`) as type: the message says it all.
  if (/^[a-z_]*$/.test(exceptionType)) return first || exceptionType;
  return first ? `${exceptionType}: ${first}` : exceptionType;
}

// The signature class read back: `http:status_mismatch:201->200`, `http:route_missing`,
// `<language>:<Type>:<normalised message>`.
function problemOf(signatureClass: string, language: string): string {
  const status = /^http:status_mismatch:([^-]+)->(.+)$/.exec(signatureClass);
  if (status) return `answered ${status[2]} where the contract documents ${status[1]}`;
  if (signatureClass === 'http:route_missing')
    return 'a documented route answered 404: it was not served (router not mounted, wrong prefix or path)';
  const [lang, type, ...message] = signatureClass.split(':');
  if (lang === language && type) return `${type}${message.join(':') ? `: ${message.join(':')}` : ''}`;
  return signatureClass;
}

function fixOf(template: unknown, describe: PatternHintsOptions['describe']): PatternHint['fix'] {
  const rule = describe?.(template);
  const t = (template ?? {}) as { kind?: unknown; recipe?: unknown; before?: unknown; after?: unknown };
  const lines = (value: unknown) =>
    Array.isArray(value) && value.every((l) => typeof l === 'string') ? (value as string[]) : undefined;
  if (typeof t.recipe === 'string') return { kind: 'recipe', recipe: t.recipe, ...(rule ? { rule } : {}) };
  const before = lines(t.before);
  const after = lines(t.after);
  if (t.kind === 'edit' && before && after) return { kind: 'edit', before, after, ...(rule ? { rule } : {}) };
  return { kind: 'other', ...(rule ? { rule } : {}) };
}
