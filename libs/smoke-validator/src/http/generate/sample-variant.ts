/**
 * The k-th deterministic variation of a schema's values (`smoke.examplesPerOperation`). Values
 * cycle through four steps (k = 1, 2, 3, 4, then again): lower bound / shortest string / fewest
 * items, upper bound / longest string, zero / non-ASCII text, middle of the range / quotes and
 * markup; `anyOf`/`oneOf` options and nulls rotate on their own schedule, enum members with k,
 * and k = 1 leaves optional properties out. Every value stays schema-valid; nothing is random, so
 * variation k of an operation always sends the same shapes.
 */

type Obj = Record<string, unknown>;

/** The member of `values` (nulls left out) variation `k` uses: k = 1 → the second member. */
export function variantMember(values: readonly unknown[], k: number): unknown {
  const usable = values.filter((v) => v !== null);
  return usable.length === 0 ? null : usable[k % usable.length];
}

/**
 * Index of the `anyOf`/`oneOf` option (and, for a nullable schema, 1 = null) variation `k`
 * takes: the first option in steps 0–1 of a round of four, the second in steps 2–3, shifted by
 * one each round so that later rounds pair the other options with every step.
 */
export function variantOption(count: number, k: number): number {
  const step = (k - 1) % 4;
  const round = Math.floor((k - 1) / 4);
  return ((step >= 2 ? 1 : 0) + round) % Math.max(1, count);
}

/** Only the first variation is the minimal request: optional properties and query parameters left out. */
export function variantOmitsOptional(k: number): boolean {
  return k === 1;
}

/** Items variation `k` puts in an array: `minItems` (possibly none) in the first step of a round, else up to 3. */
export function variantItemCount(schema: Obj, k: number): number {
  const min = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
  const max = typeof schema['maxItems'] === 'number' ? schema['maxItems'] : Infinity;
  return (k - 1) % 4 === 0 ? min : Math.min(max, Math.max(min, 3));
}

/**
 * A number for variation `k`, cycling through: the lower bound (else 0), the upper bound (else
 * 2^31 - 1, inside any 32-bit column), zero (else -1 when allowed, else just above the lower
 * bound), the middle of the range (else 100). Undefined when the candidate breaks the schema
 * (`multipleOf`, an empty range): the caller falls back to the typical value.
 */
export function variantNumber(schema: Obj, integer: boolean, k: number): number | undefined {
  const step = integer ? 1 : 0.01;
  let min = typeof schema['minimum'] === 'number' ? schema['minimum'] : -Infinity;
  let max = typeof schema['maximum'] === 'number' ? schema['maximum'] : Infinity;
  if (typeof schema['exclusiveMinimum'] === 'number') min = Math.max(min, schema['exclusiveMinimum'] + step);
  else if (schema['exclusiveMinimum'] === true) min += step;
  if (typeof schema['exclusiveMaximum'] === 'number') max = Math.min(max, schema['exclusiveMaximum'] - step);
  else if (schema['exclusiveMaximum'] === true) max -= step;
  if (integer) [min, max] = [Math.ceil(min), Math.floor(max)];
  const finiteMin = Number.isFinite(min);
  const finiteMax = Number.isFinite(max);
  const candidates = [
    finiteMin ? min : 0,
    finiteMax ? max : 2 ** 31 - 1,
    0 >= min && 0 <= max ? 0 : -1 >= min && -1 <= max ? -1 : min + step,
    finiteMin && finiteMax ? (integer ? Math.floor((min + max) / 2) : (min + max) / 2) : 100,
  ];
  let value = candidates[(k - 1) % candidates.length]!;
  const multipleOf = schema['multipleOf'];
  if (typeof multipleOf === 'number' && multipleOf > 0)
    value = Number((Math.round(value / multipleOf) * multipleOf).toFixed(10));
  if (integer) value = Math.round(value);
  const fits =
    value >= min &&
    value <= max &&
    (typeof multipleOf !== 'number' || multipleOf <= 0 || Number.isInteger(Number((value / multipleOf).toFixed(8))));
  return fits && Number.isFinite(value) ? value : undefined;
}

const FORMAT_VARIANTS: Record<string, readonly ((slug: string, unique: string) => string)[]> = {
  email: [(s, u) => `smoke+${s}.${u}@example.org`, (s, u) => `SMOKE.${s.toUpperCase()}.${u}@Example.COM`],
  'date-time': [() => '1970-01-01T00:00:00Z', () => '2099-12-31T23:59:59+14:00', () => '2024-02-29T00:00:00.123456Z'],
  date: [() => '1970-01-01', () => '2099-12-31', () => '2024-02-29'],
  time: [() => '00:00:00Z', () => '23:59:59+14:00'],
  uri: [
    (s, u) => `http://127.0.0.1:1/${s}/${u}?q=%C3%BC#frag`,
    (s, u) => `https://example.com/${s}/${u}/${'a'.repeat(200)}`,
  ],
  url: [(s, u) => `http://127.0.0.1:1/${s}/${u}?q=%C3%BC#frag`],
  ipv4: [() => '0.0.0.0', () => '255.255.255.255'],
  ipv6: [() => 'fe80::1', () => '2001:db8::ffff:0:1'],
};

/**
 * A string for variation `k`, or undefined to keep the typical one (patterns, unknown formats).
 * Plain strings cycle through: the shortest allowed (empty when `minLength` allows), the longest
 * (`maxLength`, else 255), non-ASCII letters, quotes and markup characters; `unique` keeps
 * values distinct wherever the length allows.
 */
export function variantString(schema: Obj, slug: string, unique: string, k: number): string | undefined {
  const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
  const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Infinity;
  const format = typeof schema['format'] === 'string' ? schema['format'] : undefined;
  if (typeof schema['pattern'] === 'string') return undefined;
  if (format) {
    const options = FORMAT_VARIANTS[format];
    const value = options?.[(k - 1) % options.length]?.(slug, unique);
    return value !== undefined && value.length >= min && value.length <= max ? value : undefined;
  }
  const pad = (text: string, length: number) =>
    text.length >= length ? text : text + 'x'.repeat(length - text.length);
  const fit = (text: string) => {
    const padded = pad(text, min);
    return padded.length <= max ? padded : undefined;
  };
  switch ((k - 1) % 4) {
    case 0:
      return min === 0 ? '' : (fit(unique.slice(-min)) ?? 'x'.repeat(min));
    case 1: {
      const length = Math.max(min, Number.isFinite(max) ? max : 255);
      const head = `${slug}-${unique}-`;
      return head.length <= length ? pad(head, length) : pad(unique.slice(-length), length);
    }
    case 2:
      return fit(`Ünïcødé ${slug} 日本語 ${unique}`) ?? fit(`é${unique}`);
    default:
      return fit(`O'Brien "${slug}" <b>&amp;</b> \\ ${unique}`) ?? fit(`'${unique}`);
  }
}
