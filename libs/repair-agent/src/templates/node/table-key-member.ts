import { replaceRange } from '../../node/js-edits.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, spanOf, type EsNode } from './estree.js';
import { kindMembers } from './kind-member-values.js';
import { lookupsReadAt } from './table-lookups.js';
import { unwrap } from './object-keys.js';

const ID = 'node.table-key-member';

/**
 * A table of the module (`const NEXT = { draft: ['review'], review: [] }`) looked up by a member
 * its objects never have (`const allowed = NEXT[doc.stage]` → `Cannot read properties of undefined
 * (reading 'includes')` where `allowed` is used), so every lookup misses. Evidence: the failing
 * line reads the looked-up entry (directly, or through the `const` it initialises); the key is
 * `obj.m` where no object literal, assignment or JSON data of the project writes `m`; and among
 * the objects of that kind the project builds or stores (`const doc = { … }`, `docs: [{ … }]`,
 * kind-member-values.ts) exactly one member holds only the table's keys (`state: 'draft'`) →
 * look the table up by that member. The miss is never defaulted (`|| []`): a real value the
 * table lacks still fails loudly.
 */
export const nodeTableKeyMember: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'look a table up by the member of the object whose values are its keys',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    const read = /^Cannot read properties of undefined \(reading '([^']+)'\)/.exec(exception?.message ?? '')?.[1];
    const source = culprit && read ? await tree.read(culprit.file) : null;
    const program = source === null || !culprit ? null : parseFile(culprit.file, source);
    if (!program || !culprit || !read) return;
    for (const lookup of lookupsReadAt(program, culprit.line, read, lookupOf)) {
      const keys = tableKeys(program, lookup.table);
      const object = (lookup.key['object'] as EsNode)['name'] as string;
      const wrong = (lookup.key['property'] as EsNode)['name'] as string;
      if (!keys) continue;
      const kind = await kindMembers(tree, object);
      if (kind.written.has(wrong)) continue;
      // The one member whose every known value is a key of the table (and has values at all).
      const members = [...kind.values].filter(
        ([m, vs]) => m !== wrong && vs.size > 0 && [...vs].every((v) => keys.has(v)),
      );
      if (members.length !== 1) continue;
      const member = members[0]![0];
      const [start, end] = spanOf(lookup.key['property'] as EsNode);
      await tree.write(culprit.file, replaceRange(source!, start, end, member));
      const line = linesOf(lookup.key)[0];
      yield {
        key: siteKey(ID, culprit.file, line),
        summary:
          `look ${lookup.table} up by ${object}.${member}, whose values are its keys, ` +
          `not by ${object}.${wrong}, which no ${object} has (${culprit.file}:${line})`,
        template: { recipe: ID, from: wrong, to: member },
      };
      return;
    }
  },
};

interface Lookup {
  readonly table: string;
  /** `obj.m`, the table's key. */
  readonly key: EsNode;
}

// `TABLE[obj.m].read` on the line, or `entry.read` where the enclosing function has
// `TABLE[obj.m]` → the table's name and the key.
function lookupOf(node: EsNode): Lookup | null {
  const table = node['object'] as EsNode | undefined;
  const key = node['property'] as EsNode | undefined;
  if (node.type !== 'MemberExpression' || !node['computed'] || table?.type !== 'Identifier') return null;
  if (key?.type !== 'MemberExpression' || key['computed'] || (key['object'] as EsNode).type !== 'Identifier')
    return null;
  return { table: table['name'] as string, key };
}

// The keys of a top-level `const TABLE = { … }` (every key a plain name, no spread), or null.
function tableKeys(program: EsNode, table: string): Set<string> | null {
  for (const statement of program['body'] as EsNode[]) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? (statement['declaration'] as EsNode) : statement;
    if (declaration?.type !== 'VariableDeclaration') continue;
    for (const d of declaration['declarations'] as EsNode[]) {
      if ((d['id'] as EsNode)['name'] !== table || !d['init']) continue;
      const init = unwrap(d['init'] as EsNode);
      // `Object.freeze({ … })` keeps the literal's keys; any other call may make other ones.
      const frozen = init.type === 'CallExpression' && textOfCallee(init) === 'Object.freeze';
      const literal = frozen ? (init['arguments'] as EsNode[])[0] : init;
      if (literal?.type !== 'ObjectExpression') return null;
      const keys = (literal['properties'] as EsNode[]).map((p) =>
        p.type === 'Property' && !p['computed'] ? keyName(p['key'] as EsNode) : null,
      );
      return keys.length > 0 && keys.every((k) => k !== null) ? new Set(keys as string[]) : null;
    }
  }
  return null;
}

function textOfCallee(call: EsNode): string | null {
  const callee = call['callee'] as EsNode;
  const object = callee['object'] as EsNode | undefined;
  return callee.type === 'MemberExpression' && object?.type === 'Identifier'
    ? `${object['name'] as string}.${((callee['property'] as EsNode)['name'] as string | undefined) ?? ''}`
    : null;
}
