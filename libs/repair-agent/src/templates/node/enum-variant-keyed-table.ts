import type { ApiModel, JsonSchema } from '@smoke-repair/smoke-validator';
import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { tableLiteral } from './enum-name-keyed-table.js';
import { keyName, linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';

const ID = 'node.enum-variant-keyed-table';

/**
 * node.enum-name-keyed-table's sibling: `Cannot read properties of undefined (reading 'includes')`
 * at `TABLE[record.status].includes(…)` where the module-level literal `TABLE` is keyed by the
 * contract's enum values save one, written in another case or with other separators
 * (`{ queued: …, inProgress: …, done: … }` for the documented `queued, in_progress, done`), so
 * the lookup of that value misses. Evidence: the failing line reads a member of `TABLE[…]`, and
 * exactly one string enum of the contract holds every other key of the table and, among its values
 * the table lacks, exactly one the odd key spells with other case or separators → that key
 * becomes the documented value (quoted when it is no identifier); its entry stays as it is.
 * Never `?.` or `?? []` on the lookup: that would refuse every valid change from that value.
 * Not when no key or several keys are variants, or two enums would rename it differently.
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
    const tables = new Set<string>();
    for (const { node, ancestors } of walk(program)) {
      // `TABLE[key].member`: the table's answer is read, so an undefined one fails there.
      const parent = ancestors.at(-1);
      if (node.type !== 'MemberExpression' || !node['computed'] || linesOf(node)[0] !== culprit.line) continue;
      const object = node['object'] as EsNode;
      if (object.type === 'Identifier' && parent?.type === 'MemberExpression' && parent['object'] === node)
        tables.add(object['name'] as string);
    }
    for (const name of tables) {
      const table = tableLiteral(program, name);
      if (!table) continue;
      const keys = table.properties.map((p) => keyName(p['key'] as EsNode));
      if (keys.some((k) => k === null)) continue;
      // Two enums renaming two keys, or one key two ways: no single spelling to trust.
      const renames = new Map<string, { index: number; value: string }>();
      for (const values of enums) {
        const rename = variantKey(keys as string[], values);
        if (rename) renames.set(`${rename.index}\0${rename.value}`, rename);
      }
      if (renames.size !== 1) continue;
      const { index, value } = [...renames.values()][0]!;
      const key = table.properties[index]!['key'] as EsNode;
      const [start, end] = spanOf(key);
      const quote = /^['"]/.exec(source.slice(start, end))?.[0] ?? (/^[A-Za-z_$][\w$]*$/.test(value) ? '' : "'");
      await tree.write(culprit.file, replaceRange(source, start, end, `${quote}${value}${quote}`));
      yield {
        key: ID,
        summary:
          `key ${name} by '${value}', the contract's spelling of its key ${keys[index]} ` +
          `(${culprit.file}:${linesOf(key)[0]})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

// The one key that spells the enum's one value the table lacks another way; every other key is a value.
function variantKey(keys: readonly string[], values: readonly string[]): { index: number; value: string } | null {
  const odd = keys.map((k, i) => (values.includes(k) ? -1 : i)).filter((i) => i >= 0);
  if (odd.length !== 1 || keys.length < 2) return null;
  const fold = (s: string) => s.replace(/[-_\s.]+/g, '').toLowerCase();
  const index = odd[0]!;
  const spelled = values.filter((v) => !keys.includes(v) && v !== keys[index] && fold(v) === fold(keys[index]!));
  return spelled.length === 1 ? { index, value: spelled[0]! } : null;
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
