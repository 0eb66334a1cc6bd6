import { replaceRange } from '../../node/js-edits.js';
import { admitsNull, successSchema, typesOf } from '../python/contract-schema.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { documentedField } from './schema-field.js';

const ID = 'node.nullable-date-field';
// Null only: an undefined receiver is more often a misnamed field, which a null answer would hide.
const NULL_READ = /^Cannot read properties of null \(reading '([\w$]+)'\)/;
// Date methods a response field is formatted with.
const DATE_METHOD = new RegExp(
  '^(?:toISOString|toJSON|getTime|valueOf|to(?:Locale)?(?:Date|Time)?String|toUTCString|' +
    'get(?:UTC)?(?:FullYear|Month|Date|Day|Hours|Minutes|Seconds))$',
);

/**
 * A response field the contract documents as a nullable date (`completedOn: string, format date,
 * nullable`) formatted from a stored date that is null until something happens (`completedOn:
 * cask.completedAt.toISOString().slice(0, 10)` for a cask still on the bench): `Cannot read
 * properties of null (reading 'toISOString')` → `completedOn: cask.completedAt ? … : null`. Never
 * `?.`, which answers undefined and drops the documented key from the JSON. Evidence, all required:
 * the property spanning the culprit line, its value calling that Date method once on a plain member
 * path, and the success schema documenting the property as a nullable date, date-time or number.
 */
export const nodeNullableDateField: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'answer null for a nullable date field whose stored date is null',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true, contract: true },
  async *candidates({ exception, culprit, tree, operation }) {
    const method = NULL_READ.exec(exception?.message ?? '')?.[1];
    const schema = successSchema(operation);
    if (!culprit || !method || !DATE_METHOD.test(method) || !schema) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    for (const { node } of walk(program)) {
      if (node.type !== 'Property' || node['computed'] || node['shorthand']) continue;
      const [first, last] = linesOf(node);
      if (first > culprit.line || culprit.line > last) continue;
      const key = keyName(node['key'] as EsNode);
      const documented = key ? documentedField(schema, key) : null;
      if (!key || !documented || !admitsNull(documented) || !isDate(documented)) continue;
      const value = node['value'] as EsNode;
      const receivers = receiversOf(source, value, method);
      const receiver = receivers[0];
      if (receivers.length !== 1 || !receiver) continue;
      const [start, end] = spanOf(value);
      const text = textOf(source, value);
      await tree.write(culprit.file, replaceRange(source, start, end, `${receiver} ? ${text} : null`));
      yield {
        key: siteKey(ID, culprit.file, first),
        summary: `${key}: null when ${receiver} is null, as the contract allows (${culprit.file}:${first})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

// The member paths the value calls `method` on (`cask.completedAt` of `cask.completedAt.toISOString()`),
// none when any call of it is optional or on something other than a plain path.
function receiversOf(source: string, value: EsNode, method: string): string[] {
  const out: string[] = [];
  for (const { node } of walk(value)) {
    if (node.type !== 'CallExpression') continue;
    const callee = node['callee'] as EsNode;
    if (callee.type !== 'MemberExpression' || callee['computed']) continue;
    const property = callee['property'] as EsNode;
    if (property.type !== 'Identifier' || property['name'] !== method) continue;
    const object = callee['object'] as EsNode;
    const path = object.type === 'MemberExpression' && !callee['optional'] ? pathOf(object) : null;
    // Written as the plain path: `a?.b` (already guarded) or `a.b!` is no site for this fix.
    if (!path || textOf(source, object) !== path) return [];
    out.push(path);
  }
  return out;
}

// A field documented as a date or date-time string, or as a number (a timestamp).
function isDate(schema: Record<string, unknown>): boolean {
  const types = typesOf(schema).filter((t) => t !== 'null');
  if (types.length !== 1) return false;
  if (types[0] === 'number' || types[0] === 'integer') return true;
  const members = ['anyOf', 'oneOf'].flatMap((k) => (Array.isArray(schema[k]) ? (schema[k] as unknown[]) : []));
  const formats = [schema, ...members].map((m) =>
    m && typeof m === 'object' ? (m as Record<string, unknown>)['format'] : undefined,
  );
  return types[0] === 'string' && formats.some((f) => f === 'date' || f === 'date-time');
}
