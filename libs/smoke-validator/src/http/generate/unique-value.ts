/**
 * One value made unique: which fields plausibly hold values a unique constraint guards (by their
 * name's words: an e-mail, a username, a login, a slug, a SKU, a code, a name, a title), and a
 * suffixed form of a value that still fits its schema (the local part of an e-mail, `maxLength`,
 * `pattern`), or none.
 */
import { mergeAllOf, typesOf } from './schema-utils.js';

type Obj = Record<string, unknown>;

// Any of these words: the field identifies someone or something.
const IDENTIFYING = new Set(['email', 'mail', 'username', 'login', 'nickname', 'handle', 'slug', 'sku']);
// As the last word: the name of what is created (`name`, `full_name`, `title`, `promo_code`).
const NAMING = new Set(['name', 'title', 'code', 'label', 'alias']);
// Qualifiers that make a name or code a shared vocabulary value, not an identity.
const SHARED = new Set([
  'country',
  'currency',
  'postal',
  'zip',
  'post',
  'language',
  'lang',
  'locale',
  'timezone',
  'tz',
  'status',
  'state',
  'type',
  'kind',
  'color',
  'colour',
  'unit',
  'region',
  'area',
  'dial',
  'http',
  'error',
  'response',
  'file',
  'host',
  'first',
  'last',
  'middle',
  'given',
  'family',
  'method',
  'mime',
  'content',
]);

/** The words of a field name: `contactEmail` → contact, email; `promo-code` → promo, code. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Whether values of a field called `name` plausibly collide on a unique constraint run after run. */
export function isCollidingField(name: string): boolean {
  const words = wordsOf(name);
  if (words.some((w) => IDENTIFYING.has(w))) return true;
  return words.length > 0 && NAMING.has(words[words.length - 1]!) && !words.some((w) => SHARED.has(w));
}

/** The string schema of `schema` (an `anyOf`/`oneOf` option allowing strings, `allOf` merged). */
export function stringSchemaOf(schema: Obj): Obj | undefined {
  const merged = mergeAllOf(schema);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = merged[key];
    if (Array.isArray(options)) {
      const pick = options
        .map((o) => mergeAllOf((o ?? {}) as Obj))
        .find((o) => (typesOf(o).length === 0 ? o['type'] !== 'null' : typesOf(o).includes('string')));
      return pick;
    }
  }
  const types = typesOf(merged);
  return types.length === 0 || types.includes('string') ? merged : undefined;
}

/**
 * Suffix forms tried in order: base-36, upper case, digits, then letters only (for patterns of capitals, numbers or
 * words).
 */
export interface Suffix {
  readonly token: string;
  readonly digits: string;
}

/**
 * `value` with `suffix` added so that it still fits `schema`: e-mails get it in the local part;
 * a value too long for `maxLength` is shortened before the suffix; under a `pattern` the first
 * separator and suffix form the pattern accepts. Undefined when nothing fits (an `enum`, a
 * `const`, another `format`, a pattern or a length that forbids it).
 */
export function uniqueForm(value: string, schema: Obj, suffix: Suffix): string | undefined {
  if (value === '' || 'enum' in schema || 'const' in schema) return undefined;
  const format = typeof schema['format'] === 'string' ? schema['format'] : undefined;
  const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
  const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Infinity;
  const pattern = typeof schema['pattern'] === 'string' ? compile(schema['pattern']) : undefined;
  if (pattern === null) return undefined;
  const at = value.lastIndexOf('@');
  const email =
    format === 'email' || format === 'idn-email' || (format === undefined && at > 0 && /^[^@\s]+@[^@\s]+$/.test(value));
  if (format !== undefined && !email) return undefined;
  const [head, tail] = email ? [value.slice(0, at), value.slice(at)] : [value, ''];
  const letters = suffix.token.replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)]!);
  const forms = [suffix.token, suffix.token.toUpperCase(), suffix.digits, letters, letters.toUpperCase()];
  const separators = email ? ['.', '-', '_', ''] : ['-', '_', '.', ' ', ''];
  for (const form of forms) {
    for (const sep of separators) {
      const room = max - tail.length - sep.length - form.length;
      if (room < 1) continue;
      const candidate = `${head.slice(0, room)}${sep}${form}${tail}`;
      if (candidate.length < min || (pattern && !pattern.test(candidate))) continue;
      if (
        email &&
        (!/^[^@\s.][^@\s]*@[^@\s]+$/.test(candidate) || candidate.slice(0, candidate.lastIndexOf('@')).includes('..'))
      )
        continue;
      return candidate;
    }
  }
  return undefined;
}

// A pattern that does not compile as a JavaScript regex cannot be honoured: null leaves the value alone.
function compile(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return null;
  }
}

/** Whether `value` fits the length and pattern limits of a string schema. */
export function fitsString(value: string, schema: Obj): boolean {
  const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
  const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Infinity;
  if (value.length < min || value.length > max) return false;
  if ('enum' in schema || 'const' in schema) return false;
  const pattern = typeof schema['pattern'] === 'string' ? compile(schema['pattern']) : undefined;
  return pattern === undefined || (pattern !== null && pattern.test(value));
}
