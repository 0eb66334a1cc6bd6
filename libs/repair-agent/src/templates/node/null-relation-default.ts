import { replaceRange } from '../../node/js-edits.js';
import { admitsNull, successSchema } from '../python/contract-schema.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, parseFile, spanOf, textOf, walk, type EsNode } from './estree.js';
import { isFunction, propertyName } from './object-keys.js';
import { documentedField } from './schema-field.js';

const ID = 'node.null-relation-default';

/**
 * An optional related record read through although it may be absent: `const rate = owner.ratePerHour`
 * after a lookup that answers null for a record without one (`Cannot read properties of null (reading
 * 'ratePerHour')`), while the module already holds the default for that value, a constant named after
 * the member (`DEFAULT_RATE_PER_HOUR`, `RATE_PER_HOUR`, imported or declared at its top level) → read
 * `owner ? owner.ratePerHour : DEFAULT_RATE_PER_HOUR`. Evidence: the message (null, not undefined: a
 * lookup that found nothing is a 404's business), the one plain read of that member on the culprit
 * line, the success schema documenting a field of that name that is never null (the answer needs a
 * value), and exactly one such constant in the module. Not when the record is read through anywhere
 * else in the function (the guard would only move the crash), nor when no or several constants fit.
 */
export const nodeNullRelationDefault: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'fall back to the module default constant when an optional related record is null',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true, contract: true },
  async *candidates({ exception, culprit, tree, operation }) {
    const m = /^Cannot read properties of null \(reading '([\w$]+)'\)$/.exec(exception?.message ?? '');
    const schema = successSchema(operation);
    const documented = m && schema ? documentedField(schema, m[1]!) : null;
    if (!culprit || !m || !documented || admitsNull(documented)) return;
    const member = m[1]!;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    const reads: { read: EsNode; parent: EsNode | undefined; fn: EsNode | undefined }[] = [];
    for (const { node, ancestors } of walk(program)) {
      if (node.type !== 'MemberExpression' || node['computed'] || node['optional']) continue;
      if (propertyName(node) !== member || (node['object'] as EsNode).type !== 'Identifier') continue;
      if (linesOf(node)[0] !== culprit.line) continue;
      reads.push({ read: node, parent: ancestors.at(-1), fn: [...ancestors].reverse().find(isFunction) });
    }
    const constant = defaultConstant(program, member);
    if (reads.length !== 1 || !constant) return;
    const { read, parent, fn } = reads[0]!;
    const record = (read['object'] as EsNode)['name'] as string;
    if (!fn || readsElsewhere(fn, record, read)) return;
    const text = `${record} ? ${textOf(source, read)} : ${constant}`;
    // The conditional binds looser than anything but a plain value position: parenthesise elsewhere.
    const bare = parent && ['VariableDeclarator', 'Property', 'ReturnStatement'].includes(parent.type);
    const [start, end] = spanOf(read);
    await tree.write(culprit.file, replaceRange(source, start, end, bare ? text : `(${text})`));
    yield {
      key: ID,
      summary: `read ${member} of ${record} only when there is one, else ${constant} (${culprit.file}:${culprit.line})`,
      template: { recipe: ID },
    };
  },
};

// The one top-level constant (declared, destructured from a require, or imported) named after the
// member in upper snake case, alone or with a qualifier before it (`STANDARD_RATE_PER_HOUR`).
function defaultConstant(program: EsNode, member: string): string | null {
  const wanted = member.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
  const names: string[] = [];
  for (const statement of program['body'] as EsNode[]) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? (statement['declaration'] as EsNode) : statement;
    if (declaration?.type === 'ImportDeclaration')
      for (const s of declaration['specifiers'] as EsNode[]) names.push((s['local'] as EsNode)['name'] as string);
    if (declaration?.type !== 'VariableDeclaration' || declaration['kind'] !== 'const') continue;
    for (const d of declaration['declarations'] as EsNode[]) {
      const id = d['id'] as EsNode;
      if (id.type === 'Identifier') names.push(id['name'] as string);
      if (id.type === 'ObjectPattern')
        for (const p of id['properties'] as EsNode[])
          if ((p['value'] as EsNode | undefined)?.type === 'Identifier')
            names.push((p['value'] as EsNode)['name'] as string);
    }
  }
  const fits = names.filter((n) => /^[A-Z][A-Z0-9_]*$/.test(n) && (n === wanted || n.endsWith(`_${wanted}`)));
  return fits.length === 1 ? fits[0]! : null;
}

// Whether the function reads a member of the record anywhere but at the failing read.
function readsElsewhere(fn: EsNode, record: string, read: EsNode): boolean {
  for (const { node } of walk(fn)) {
    if (node === read || node.type !== 'MemberExpression' || node['optional']) continue;
    const object = node['object'] as EsNode;
    if (object.type === 'Identifier' && object['name'] === record) return true;
  }
  return false;
}
