import { replaceRange } from '../../node/js-edits.js';
import { successSchema, typesOf } from '../python/contract-schema.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, parseFile, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { storesDateField } from './stored-date-field.js';

const ID = 'node.numeric-compare';

// `a.year.localeCompare is not a function`: the value compared as a string is not one.
const NOT_A_STRING = /^([\w$.]+)\.localeCompare is not a function$/;

/**
 * A comparator that orders a numeric field as a string (`(a, b) => a.year.localeCompare(b.year)`)
 * throws `TypeError: a.year.localeCompare is not a function` → the numeric comparison in the same
 * direction, `a.year - b.year`. Only when the contract documents that field, everywhere in the
 * operation's success response, as a number or integer that is never null, and both sides read
 * the same field; anything else (a nullable number, two fields): no candidate. `#date`: a field
 * documented as a non-null date-time that the project stores as a Date (`createdAt: new Date(…)`)
 * → `b.createdAt.getTime() - a.createdAt.getTime()`, ordering by time in the same direction.
 */
export const nodeNumericCompare: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'compare a numeric field with subtraction, not localeCompare',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true, contract: true },
  async *candidates({ exception, culprit, tree, operation }) {
    const receiver = NOT_A_STRING.exec(exception?.message ?? '')?.[1];
    const schema = successSchema(operation);
    if (!culprit || !receiver || !schema) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    for (const { node, ancestors } of walk(program)) {
      if (node.type !== 'CallExpression') continue;
      const callee = node['callee'] as EsNode;
      if (callee.type !== 'MemberExpression' || pathOf(callee) === null || !pathOf(callee)!.endsWith('.localeCompare'))
        continue;
      const [first, last] = linesOf(node);
      const left = callee['object'] as EsNode;
      const args = node['arguments'] as EsNode[];
      if (culprit.line < first || culprit.line > last || pathOf(left) !== receiver || args.length !== 1) continue;
      const right = pathOf(args[0]!);
      const field = receiver.split('.').at(-1)!;
      if (!right || right.split('.').at(-1) !== field || right === receiver) continue;
      // The message says the value is no string; a documented date-time the project stores as a Date is one.
      const date =
        !numericEverywhere(schema, field) &&
        documentedEverywhere(schema, field, isDateTime) &&
        (await storesDateField(tree, field));
      if (!date && !numericEverywhere(schema, field)) continue;
      const parent = ancestors.at(-1);
      const bare =
        parent?.type === 'ArrowFunctionExpression' ||
        parent?.type === 'ReturnStatement' ||
        parent?.type === 'LogicalExpression';
      const time = date ? '.getTime()' : '';
      const expression = `${textOf(source, left)}${time} - ${textOf(source, args[0]!)}${time}`;
      const [start, end] = spanOf(node);
      await tree.write(culprit.file, replaceRange(source, start, end, bare ? expression : `(${expression})`));
      const recipe = date ? `${ID}#date` : ID;
      const as = date ? 'by time' : 'as a number';
      yield { key: recipe, summary: `compare ${field} ${as} at ${culprit.file}:${first}`, template: { recipe } };
      return;
    }
  },
};

// Whether every property `field` in the schema (at any depth) is a non-null number/integer, and there is one.
function numericEverywhere(schema: Record<string, unknown>, field: string): boolean {
  return documentedEverywhere(schema, field, (types) => types.every((t) => t === 'integer' || t === 'number'));
}

// A non-null `string` of format `date-time`.
function isDateTime(types: string[], property: Record<string, unknown>): boolean {
  return types.length === 1 && types[0] === 'string' && property['format'] === 'date-time';
}

// Whether every property `field` in the schema (at any depth) is non-null and of the kind, and there is one.
function documentedEverywhere(
  schema: Record<string, unknown>,
  field: string,
  kind: (types: string[], property: Record<string, unknown>) => boolean,
): boolean {
  const found: Record<string, unknown>[] = [];
  const visit = (s: unknown, depth: number): void => {
    if (!s || typeof s !== 'object' || depth > 8) return;
    const node = s as Record<string, unknown>;
    const properties = node['properties'] as Record<string, unknown> | undefined;
    if (properties && typeof properties === 'object') {
      if (properties[field] && typeof properties[field] === 'object')
        found.push(properties[field] as Record<string, unknown>);
      for (const value of Object.values(properties)) visit(value, depth + 1);
    }
    visit(node['items'], depth + 1);
    for (const key of ['allOf', 'anyOf', 'oneOf'])
      if (Array.isArray(node[key])) for (const m of node[key] as unknown[]) visit(m, depth + 1);
  };
  visit(schema, 0);
  return (
    found.length > 0 &&
    found.every((p) => {
      const types = typesOf(p);
      return types.length > 0 && kind(types, p) && p['nullable'] !== true;
    })
  );
}
