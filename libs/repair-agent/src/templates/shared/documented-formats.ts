import type { ApiOperation, Violation } from '@smoke-repair/smoke-validator';
import { objectShape } from '../python/contract-schema.js';

/** A sound pattern for a field, as a regular expression's source and flags. */
interface SoundPattern {
  readonly pattern: string;
  readonly flags: string;
}

/** A string format the contract names, the words a pattern for it is named with, and a sound pattern. */
interface KnownFormat extends SoundPattern {
  /** The words of a name that stand for the format (`CONTACT_EMAIL_RE`, `emailPattern`). */
  readonly words: readonly string[];
}

// Sound, not exhaustive: each refuses what is plainly not of the format (no `@`, a space, no dot in
// the domain) and accepts what the format's RFC allows in practice (hyphens, sub-domains, `+` tags).
// Each is valid in JavaScript and Python alike.
const FORMATS: Record<string, KnownFormat> = {
  email: { words: ['email', 'mail'], pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]{2,}$', flags: '' },
  uuid: {
    words: ['uuid', 'guid'],
    pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
    flags: '',
  },
  date: { words: ['date'], pattern: '^\\d{4}-\\d{2}-\\d{2}$', flags: '' },
  uri: { words: ['url', 'uri', 'link', 'website', 'href'], pattern: '^https?://[^\\s/$.?#][^\\s]*$', flags: '' },
};

/**
 * A request-body field the contract constrains and documents an example of: the example's value,
 * the sound pattern it must pass (the contract's own `pattern`, else one for its `format`), and
 * what a hand-written pattern for it may be named after (the field, the format's words).
 */
export interface DocumentedField {
  readonly field: string;
  readonly value: string;
  /** `email`, `uuid`, …, or `pattern` when the contract spells the pattern itself. */
  readonly kind: string;
  readonly sound: SoundPattern;
  /** Whether a binding, key or argument name stands for this field. */
  names(name: string): boolean;
}

/**
 * The body fields of the documented example that a 4xx refusal names (its answer mentions the
 * field) and that have a sound pattern the example passes. Empty when the answer is no refusal of
 * a request the contract calls valid.
 */
export function refusedDocumentedFields(
  operation: ApiOperation | null,
  violations: readonly Violation[],
): DocumentedField[] {
  const refusals = violations.filter(
    (v) => v.actualStatus !== null && v.actualStatus >= 400 && v.actualStatus < 500 && (v.expectedStatus ?? 200) < 300,
  );
  const body = operation?.requestBody;
  if (refusals.length === 0 || !body) return [];
  const answers = refusals.map((v) => v.responseExcerpt.toLowerCase()).join('\n');
  const properties = objectShape(body.schema)?.properties ?? {};
  const example = body.example && typeof body.example === 'object' ? (body.example as Record<string, unknown>) : {};
  const out: DocumentedField[] = [];
  for (const [field, schema] of Object.entries(properties)) {
    const examples = Array.isArray(schema['examples']) ? (schema['examples'] as unknown[]) : [];
    const value = example[field] ?? schema['example'] ?? examples[0];
    if (typeof value !== 'string' || !answers.includes(field.toLowerCase())) continue;
    const formatName = typeof schema['format'] === 'string' ? schema['format'].replace(/^url$/, 'uri') : '';
    const format = FORMATS[formatName];
    const documented = typeof schema['pattern'] === 'string' ? { pattern: schema['pattern'], flags: '' } : null;
    const sound = documented ?? format;
    if (!sound || !matches(sound, value)) continue;
    out.push({
      field,
      value,
      kind: documented ? 'pattern' : formatName,
      sound: { pattern: sound.pattern, flags: sound.flags },
      names: (name) => name === field || (format?.words.some((w) => nameWords(name).includes(w)) ?? false),
    });
  }
  return out;
}

/** Whether a pattern (JavaScript syntax; `g`/`y` ignored) accepts the value; false when it does not compile. */
export function matches(sound: SoundPattern, value: string): boolean {
  try {
    return new RegExp(sound.pattern, sound.flags.replace(/[gy]/g, '')).test(value);
  } catch {
    return false;
  }
}

// `CONTACT_EMAIL_RE` → contact, email, re; `emailPattern` → email, pattern (whole words: `validate`
// names no date).
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}
