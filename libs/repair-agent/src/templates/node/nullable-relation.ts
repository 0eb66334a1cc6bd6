import { replaceRange } from '../../node/js-edits.js';
import { admitsNull, successSchema } from '../python/contract-schema.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { propertyName } from './object-keys.js';
import { documentedField } from './schema-field.js';

const ID = 'node.nullable-relation';
const ABSENT = /^Cannot read properties of (?:undefined|null) \(reading '([\w$]+)'\)/;

/**
 * A response field the contract documents as nullable (`assignedBalloon: { … } | null`) built as an
 * object from a related record that may be absent (`assignedBalloon: { id: balloon.id, registration:
 * balloon.registration }` for a pilot with no balloon): `Cannot read properties of undefined (reading
 * 'id')` → the field is null when the record is: `assignedBalloon: balloon ? { … } : null`. Evidence,
 * all required: the property on the culprit line whose value is an object literal reading the member
 * of one variable only, or that member read alone (`ownerName: owner!.name` → `owner ? owner.name :
 * null`), and the success schema documenting that property as nullable. A field the
 * contract never lets be null: no candidate (a missing record is some other bug there). A TypeScript
 * non-null assertion on the record (`chauffeur!.id`) reads it too, and goes once the guard tests it.
 */
export const nodeNullableRelation: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'answer null for a nullable related object whose record is absent',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true, contract: true },
  async *candidates({ exception, culprit, tree, operation }) {
    const member = ABSENT.exec(exception?.message ?? '')?.[1];
    const schema = successSchema(operation);
    if (!culprit || !member || !schema) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    for (const { node } of walk(program)) {
      if (node.type !== 'Property') continue;
      const value = node['value'] as EsNode;
      const holder =
        value.type === 'ObjectExpression' ? literalHolder(value, source, member) : readHolder(value, member);
      if (!holder) continue;
      const [first, last] = linesOf(node);
      if (first > culprit.line || culprit.line > last) continue;
      const key = keyName(node['key'] as EsNode);
      const documented = key ? documentedField(schema, key) : null;
      if (!key || !documented || !admitsNull(documented)) continue;
      const [start, end] = spanOf(value);
      // `chauffeur!.id` asserted what the guard now tests: the assertion goes.
      const guarded = textOf(source, value).replace(new RegExp(`\\b${holder}!\\.`, 'g'), `${holder}.`);
      await tree.write(culprit.file, replaceRange(source, start, end, `${holder} ? ${guarded} : null`));
      yield {
        key: siteKey(ID, culprit.file, first),
        summary: `${key}: null when ${holder} is absent, as the contract allows (${culprit.file}:${first})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

// The one variable an object literal reads members of, when it reads `member` of it.
function literalHolder(value: EsNode, source: string, member: string): string | null {
  const read = new Set<string>();
  for (const { node: inner } of walk(value))
    if (inner.type === 'MemberExpression' && !inner['computed']) {
      const object = asserted(inner['object'] as EsNode);
      if (object.type === 'Identifier') read.add(pathOf(object)!);
    }
  const holder = [...read][0];
  if (read.size !== 1 || !holder || !new RegExp(`\\b${holder}!?\\.${member}\\b`).test(textOf(source, value)))
    return null;
  return holder;
}

// `record.member` (or `record!.member`) as the whole value: the variable read through.
function readHolder(value: EsNode, member: string): string | null {
  if (value.type !== 'MemberExpression' || value['computed'] || propertyName(value) !== member) return null;
  const object = asserted(value['object'] as EsNode);
  return object.type === 'Identifier' ? (object['name'] as string) : null;
}

// The expression a TypeScript non-null assertion (`chauffeur!`) asserts, or the node itself.
function asserted(node: EsNode): EsNode {
  return node.type === 'TSNonNullExpression' ? (node['expression'] as EsNode) : node;
}
