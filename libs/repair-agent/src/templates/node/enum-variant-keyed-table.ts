import type { ApiModel, JsonSchema } from '@smoke-repair/smoke-validator';
import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { tableLiteral } from './enum-name-keyed-table.js';
import { keyName, linesOf, parseFile, spanOf, type EsNode } from './estree.js';
import { lookedUpTables } from './table-lookups.js';

const ID = 'node.enum-variant-keyed-table';

/**
 * node.enum-name-keyed-table's sibling: `Cannot read properties of undefined (reading 'includes')`
 * at `TABLE[record.status].includes(…)` where the module-level literal `TABLE` is keyed by the
 * contract's enum values save one, written in another case or with other separators
 * (`{ queued: …, inProgress: …, done: … }` for the documented `queued, in_progress, done`), so
 * the lookup of that value misses. Evidence: the failing line reads a member of `TABLE[…]`, and
 * exactly one string enum of the contract holds every other key of the table and, among its values
 * the table lacks, exactly one the odd key spells with other case or separators → that key
 * becomes the documented value (quoted when it is no identifier); its entry stays as it is. A
 * table written wholly in another spelling (`{ NARROW_GAUGE: …, STANDARD: … }` for `narrow-gauge,
 * standard`), no key a value and each the spelling of a distinct one, has every key respelled. The
 * entry may be read a line later (`const rate = RATES[kind];` then `rate.perDay`). Never `?.` or
 * `?? []` on the lookup: that would refuse every valid change from that value (or price at zero).
 * Not when some keys but not all are variants, or two enums would rename them differently.
 */
export const nodeEnumVariantKeyedTable: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "key a lookup table by the contract's spelling of an enum value it writes another way",
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, contract }) {
    if (!culprit || !/^Cannot read properties of undefined\b/.test(exception?.message ?? '')) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    const enums = contractEnums(contract);
    if (!program || source === null || enums.length === 0) return;
    const tables = lookedUpTables(program, culprit.line);
    for (const name of tables) {
      const table = tableLiteral(program, name);
      if (!table) continue;
      const keys = table.properties.map((p) => keyName(p['key'] as EsNode));
      if (keys.some((k) => k === null)) continue;
      // Two enums renaming the keys, or one key two ways: no single spelling to trust.
      const renames = new Map<string, Rename[]>();
      for (const values of enums) {
        const found = variantKeys(keys as string[], values);
        if (found) renames.set(found.map((r) => `${r.index}\0${r.value}`).join('\n'), found);
      }
      if (renames.size !== 1) continue;
      const chosen = [...renames.values()][0]!;
      let edited = source;
      // Right to left: each key's offsets stay valid while the ones after it change.
      for (const { index, value } of [...chosen].sort((a, b) => b.index - a.index)) {
        const [start, end] = spanOf(table.properties[index]!['key'] as EsNode);
        const quote = /^['"]/.exec(source.slice(start, end))?.[0] ?? (/^[A-Za-z_$][\w$]*$/.test(value) ? '' : "'");
        edited = replaceRange(edited, start, end, `${quote}${value}${quote}`);
      }
      await tree.write(culprit.file, edited);
      const first = chosen[0]!;
      const at = linesOf(table.properties[first.index]!['key'] as EsNode)[0];
      yield {
        key: ID,
        summary:
          chosen.length === 1
            ? `key ${name} by '${first.value}', the contract's spelling of its key ${keys[first.index]} ` +
              `(${culprit.file}:${at})`
            : `key ${name} by the contract's spelling of its ${chosen.length} keys ` +
              `('${first.value}' for ${keys[first.index]}) (${culprit.file}:${at})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

interface Rename {
  readonly index: number;
  readonly value: string;
}

/**
 * The keys to respell: the one key that spells the enum's one value the table lacks another way,
 * every other key a value; or every key, when the whole table is written in another case or with
 * other separators (`NARROW_GAUGE` for `narrow-gauge`), one value per key and none of them a value.
 */
function variantKeys(keys: readonly string[], values: readonly string[]): Rename[] | null {
  if (keys.length < 2) return null;
  const fold = (s: string) => s.replace(/[-_\s.]+/g, '').toLowerCase();
  const spelling = (key: string) => values.filter((v) => !keys.includes(v) && v !== key && fold(v) === fold(key));
  const odd = keys.map((k, i) => (values.includes(k) ? -1 : i)).filter((i) => i >= 0);
  if (odd.length === 1) {
    const spelled = spelling(keys[odd[0]!]!);
    return spelled.length === 1 ? [{ index: odd[0]!, value: spelled[0]! }] : null;
  }
  if (odd.length !== keys.length) return null;
  const renames = keys.map((key, index) => ({ index, spelled: spelling(key) }));
  if (renames.some((r) => r.spelled.length !== 1)) return null;
  const out = renames.map(({ index, spelled }) => ({ index, value: spelled[0]! }));
  return new Set(out.map((r) => r.value)).size === out.length ? out : null;
}

// Every distinct string enum of the contract's request and response schemas.
function contractEnums(contract: ApiModel | null): string[][] {
  const out = new Map<string, string[]>();
  const seen = new Set<object>();
  const visit = (schema: unknown): void => {
    if (typeof schema !== 'object' || schema === null || seen.has(schema)) return;
    seen.add(schema);
    const values = (schema as Record<string, unknown>)['enum'];
    if (Array.isArray(values) && values.length >= 2 && values.every((v) => typeof v === 'string'))
      out.set(values.join('\0'), values);
    for (const value of Object.values(schema)) visit(value);
  };
  for (const op of contract?.operations ?? []) {
    const schemas: JsonSchema[] = [
      ...op.parameters.map((p) => p.schema),
      ...(op.requestBody ? [op.requestBody.schema] : []),
      ...op.responses.flatMap((r) => (r.schema === undefined ? [] : [r.schema])),
    ];
    schemas.forEach(visit);
  }
  return [...out.values()];
}
