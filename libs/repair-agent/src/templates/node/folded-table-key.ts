import { replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor, type NodeProject } from '../../node/node-project.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { kindMembers } from './kind-member-values.js';
import { lookupsReadAt } from './table-lookups.js';
import { unwrap } from './object-keys.js';

const ID = 'node.folded-table-key';
const FOLDS: Readonly<Record<string, (s: string) => string>> = {
  toUpperCase: (s) => s.toUpperCase(),
  toLowerCase: (s) => s.toLowerCase(),
};
const OTHER: Readonly<Record<string, string>> = { toUpperCase: 'toLowerCase', toLowerCase: 'toUpperCase' };

/**
 * A table keyed in one case looked up with the key folded to the other:
 * `STATUS_TRANSITIONS[order.status.toUpperCase()]` where the table's keys are `'pending'`,
 * `'carving'` (plain, quoted, or `[OrderStatus.PENDING]` through a module constant object), so
 * every lookup misses and the entry's read fails (`Cannot read properties of undefined (reading
 * 'includes')`). Evidence: the failing line reads the entry (directly or through the `const` it
 * initialises); the table is a literal of the file or of the project module it is imported from;
 * every key is already in the other case and differs from its folded form.
 *
 * Fix: when the key is `obj.m` and the objects of that kind the project builds or stores hold only
 * keys of the table under `m` (seed rows `status: 'pending'`), the fold goes: `T[order.status]`;
 * else the key is folded to the table's case. Never a `?.` or a `|| []` default on the miss.
 */
export const nodeFoldedTableKey: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'look a table up in the case its keys are written in, not the key folded to the other',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, node: given }) {
    const read = /^Cannot read properties of undefined \(reading '([^']+)'\)/.exec(exception?.message ?? '')?.[1];
    const source = culprit && read ? await tree.read(culprit.file) : null;
    const program = source === null || !culprit ? null : parseFile(culprit.file, source);
    if (!program || !culprit || !read || source === null) return;
    const project = given ?? nodeProjectFor(tree);
    for (const lookup of lookupsReadAt(program, culprit.line, read, lookupOf)) {
      const keys = await tableKeys(project, tree, culprit.file, program, lookup.table);
      const fold = FOLDS[lookup.fold]!;
      if (!keys || keys.size === 0 || [...keys].some((k) => fold(k) === k || FOLDS[OTHER[lookup.fold]!]!(k) !== k))
        continue;
      const key = (lookup.call['callee'] as EsNode)['object'] as EsNode;
      const path = pathOf(key)?.split('.');
      const values = path?.length === 2 ? (await kindMembers(tree, path[0]!)).values.get(path[1]!) : undefined;
      const stored = values !== undefined && values.size > 0 && [...values].every((v) => keys.has(v));
      const text = textOf(source, key);
      const by = stored ? text : `${text}.${OTHER[lookup.fold]!}()`;
      await tree.write(culprit.file, replaceRange(source, ...spanOf(lookup.call), by));
      const line = linesOf(lookup.call)[0];
      yield {
        key: siteKey(ID, culprit.file, line),
        summary:
          `look ${lookup.table} up by ${by}, the case its keys are in, ` +
          `not ${lookup.fold}() (${culprit.file}:${line})`,
        template: { recipe: ID, fold: lookup.fold },
      };
      return;
    }
  },
};

interface FoldedLookup {
  readonly table: string;
  /** `k.toUpperCase()`, the table's key. */
  readonly call: EsNode;
  readonly fold: string;
}

function lookupOf(node: EsNode): FoldedLookup | null {
  const table = node['object'] as EsNode | undefined;
  const call = node['property'] as EsNode | undefined;
  if (node.type !== 'MemberExpression' || !node['computed'] || table?.type !== 'Identifier') return null;
  const callee = call?.type === 'CallExpression' ? (call['callee'] as EsNode) : undefined;
  const fold = callee?.type === 'MemberExpression' ? (callee['property'] as EsNode)['name'] : undefined;
  if (!call || typeof fold !== 'string' || !FOLDS[fold] || (call['arguments'] as EsNode[]).length > 0) return null;
  return { table: table['name'] as string, call, fold };
}

// The keys of the table: a top-level literal of the file, else of the project module it is imported from.
async function tableKeys(
  project: NodeProject,
  tree: Parameters<RepairTemplate['candidates']>[0]['tree'],
  file: string,
  program: EsNode,
  table: string,
): Promise<Set<string> | null> {
  const own = literalKeys(program, table);
  if (own) return own;
  const module = (await project.modules()).get(file);
  const imp = module?.imports.find((i) => i.names.some((n) => n.local === table));
  const imported = imp?.names.find((n) => n.local === table)?.imported;
  const target = imp ? await project.resolve(file, imp.source) : undefined;
  const source = target ? await tree.read(target) : null;
  const other = source === null || !target ? null : parseFile(target, source);
  return other && imported ? literalKeys(other, imported === '*' ? table : imported) : null;
}

// Keys of a top-level `const T = { … }` / `Object.freeze({ … })`: names, strings, or `[E.NAME]`
// through a top-level object `E` of string values. Any other key: null (the keys are not known).
function literalKeys(program: EsNode, table: string): Set<string> | null {
  const literals = new Map<string, EsNode>();
  for (const { node } of walk(program)) {
    if (node.type !== 'VariableDeclarator' || (node['id'] as EsNode).type !== 'Identifier' || !node['init']) continue;
    const raw = unwrap(node['init'] as EsNode);
    // `Object.freeze({ … })` keeps the literal's keys; any other call may make other ones.
    const frozen = raw.type === 'CallExpression' && pathOf(raw['callee'] as EsNode) === 'Object.freeze';
    const init = frozen ? (raw['arguments'] as EsNode[])[0] : raw;
    if (init?.type === 'ObjectExpression') literals.set((node['id'] as EsNode)['name'] as string, init);
  }
  const literal = literals.get(table);
  if (!literal) return null;
  const keys = new Set<string>();
  for (const p of literal['properties'] as EsNode[]) {
    const key = p['key'] as EsNode | undefined;
    if (p.type !== 'Property' || !key) return null;
    const constant = p['computed'] ? pathOf(key)?.split('.') : undefined;
    const value = constant?.length === 2 ? constantValue(literals.get(constant[0]!), constant[1]!) : null;
    const name = p['computed'] ? value : keyName(key);
    if (name === null) return null;
    keys.add(name);
  }
  return keys;
}

function constantValue(object: EsNode | undefined, member: string): string | null {
  for (const p of (object?.['properties'] as EsNode[] | undefined) ?? []) {
    const value = p['value'] as EsNode | undefined;
    if (p.type === 'Property' && !p['computed'] && keyName(p['key'] as EsNode) === member)
      return value?.type === 'Literal' && typeof value['value'] === 'string' ? value['value'] : null;
  }
  return null;
}
