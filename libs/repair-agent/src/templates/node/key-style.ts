import { replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { enclosingStatement, linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { isFunction, knownKeys, propertyName, unwrap } from './object-keys.js';
import { caseless } from './key-case.js';

const ID = 'node.key-style';

/**
 * An object read by a key in the other case style than the one it has (`b.created_at` on a DTO
 * whose mapper writes `createdAt`; `log.recipeId` on a raw row a mapper reads as
 * `row.recipe_id`), failing where the undefined is used: `Cannot read properties of undefined
 * (reading 'localeCompare')` on `b.created_at.localeCompare(…)`, or on `recipe.title` after
 * `const recipe = await repo.findById(log.recipeId)` → read the key the code around the object
 * says it has. The evidence is the object's own maker (the literal its mapper returns) or reader
 * (the keys a function it is passed to reads), never a key seen elsewhere in the app; the wrong
 * key must be absent from both, and exactly one key one case style apart present. Every read of
 * that key on the same callback's parameters in the statement is renamed (`a.` beside `b.`).
 */
export const nodeKeyStyle: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'read an object by the key its maker or reader says it has (camelCase vs snake_case)',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, node: given }) {
    const project = given ?? nodeProjectFor(tree);
    const prop = /^Cannot (?:read|set) properties of (?:undefined|null) \((?:reading|setting) '([^']+)'\)/.exec(
      exception?.message ?? '',
    )?.[1];
    if (!culprit || !prop) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    for (const { node, ancestors } of walk(program)) {
      const [first, last] = linesOf(node);
      if (
        node.type !== 'MemberExpression' ||
        propertyName(node) !== prop ||
        first > culprit.line ||
        culprit.line > last
      )
        continue;
      const functions = ancestors.filter(isFunction);
      for (const read of await undefinedReads(node['object'] as EsNode, functions)) {
        const object = read['object'] as EsNode;
        const name = object['name'] as string;
        const key = propertyName(read)!;
        const keys = await knownKeys(project, tree, culprit.file, functions, name);
        const all = [...keys.made, ...keys.read];
        if (all.includes(key) || (keys.made.length > 0 && !keys.complete)) continue;
        const twins = [...new Set(all.filter((k) => caseless(k) === caseless(key)))];
        if (twins.length !== 1) continue;
        const to = twins[0]!;
        const sites = siblingReads(read, node, ancestors, key);
        let patched = source;
        for (const site of sites.sort((a, b) => spanOf(b)[0] - spanOf(a)[0])) {
          const property = site['property'] as EsNode;
          const [start, end] = spanOf(property);
          patched = replaceRange(patched, start, end, to);
        }
        await tree.write(culprit.file, patched);
        yield {
          key: siteKey(ID, culprit.file, linesOf(read)[0]),
          summary: `read .${to} instead of .${key} on ${name} (${culprit.file}:${linesOf(read)[0]})`,
          template: { recipe: ID, from: key, to },
        };
        return;
      }
    }
  },
};

// The `v.key` reads that may be the undefined: the object of the failing read itself, or a
// member read in the arguments of the call whose result the failing read's variable holds.
async function undefinedReads(object: EsNode, functions: readonly EsNode[]): Promise<EsNode[]> {
  const inner = object.type === 'ChainExpression' ? (object['expression'] as EsNode) : object;
  if (inner.type === 'MemberExpression' && !inner['computed'] && (inner['object'] as EsNode).type === 'Identifier')
    return [inner];
  if (inner.type !== 'Identifier') return [];
  const out: EsNode[] = [];
  for (const fn of functions) {
    for (const { node } of walk(fn)) {
      if (
        node.type !== 'VariableDeclarator' ||
        (node['id'] as EsNode).type !== 'Identifier' ||
        (node['id'] as EsNode)['name'] !== inner['name'] ||
        !node['init']
      )
        continue;
      const init = unwrap(node['init'] as EsNode);
      if (init.type !== 'CallExpression') continue;
      for (const arg of init['arguments'] as EsNode[]) {
        const a = unwrap(arg);
        if (a.type === 'MemberExpression' && !a['computed'] && (a['object'] as EsNode).type === 'Identifier')
          out.push(a);
      }
    }
  }
  return out;
}

// The read to rename, and in the failing statement every read of the same key on a parameter of
// the function that declares the read's object (`a.created_at` beside `b.created_at`).
function siblingReads(read: EsNode, failing: EsNode, ancestors: readonly EsNode[], key: string): EsNode[] {
  const name = (read['object'] as EsNode)['name'];
  const owner = [...ancestors]
    .reverse()
    .find((a) => isFunction(a) && (a['params'] as EsNode[]).some((p) => p.type === 'Identifier' && p['name'] === name));
  if (!owner) return [read];
  const params = new Set((owner['params'] as EsNode[]).filter((p) => p.type === 'Identifier').map((p) => p['name']));
  const statement = enclosingStatement(failing, ancestors) ?? failing;
  const sites = [...walk(statement)]
    .map((w) => w.node)
    .filter(
      (n) =>
        n.type === 'MemberExpression' &&
        !n['computed'] &&
        propertyName(n) === key &&
        (n['object'] as EsNode).type === 'Identifier' &&
        params.has((n['object'] as EsNode)['name']),
    );
  return sites.includes(read) ? sites : [read, ...sites];
}
