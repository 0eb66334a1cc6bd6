import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor, type NodeProject } from '../../node/node-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { ARRAY_METHODS } from './iterator-array.js';
import { isFunction, propertyName } from './object-keys.js';

const ID = 'node.map-as-array';
// What a Map's values answer as an array does: these yield items (or a value made of them).
// `findIndex`, `indexOf`, `includes`, `at`, … index or test the array, which a Map never was.
const MAP_METHODS = new Set([
  'map',
  'filter',
  'find',
  'some',
  'every',
  'reduce',
  'flatMap',
  'join',
  'toSorted',
  'sort',
  'slice',
]);
// Roots that hold what a request sent, never the project's own collections.
const REQUEST_ROOTS = new Set(['req', 'request', 'ctx', 'body']);

type Collection = 'Map' | 'Set' | 'array';

/**
 * An array method called on a `Map` or a `Set` (`TypeError: db.rooms.filter is not a function`,
 * where the project makes `rooms` with `new Map(…)`: a store keyed by id) → the collection's items
 * as an array first: `[...db.rooms.values()].filter(…)` for a Map (its values are the records;
 * its keys only index them), `[...tags].filter(…)` for a Set. The name's kind is read from how the
 * project makes it: a local or a module variable of the failing file (`const rooms = new Map()`),
 * or a property of that name anywhere in the sources (`rooms: new Map()` in a store literal,
 * `this.rooms = new Map()`, a class field); a name also made as an array (`rooms: []`) somewhere,
 * or never made as a Map or a Set, gets no candidate. `forEach` is not one: a Map has its own.
 * For a Map only the methods that yield items (`map`, `filter`, `find`, `reduce`, `join`, …):
 * the index `findIndex`/`indexOf` gives, or what `includes`/`at` test, is no Map's. A path
 * (`db.rooms`) counts only when its own root makes the property: a binding of the same file
 * (`const db = { rooms: new Map() }`, `db.rooms = new Map()`), `this` of the same class, or the
 * object imported from the module that makes it; never a root that holds a request (`req`,
 * `request`, `ctx`, `body`) or a parameter (`req.body.tags` is no store's `tags`).
 */
export const nodeMapAsArray: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'read a Map or Set as an array before an array method ([...map.values()].filter)',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates(context) {
    const { exception, culprit, tree } = context;
    const named = /^((?:this\.)?[\w$]+(?:\.[\w$]+)*)\.(\w+) is not a function/.exec(exception?.message ?? '');
    if (!culprit || !named || !ARRAY_METHODS.has(named[2]!) || named[2] === 'forEach') return;
    const node = context.node ?? nodeProjectFor(tree);
    const [path, method] = [named[1]!, named[2]!];
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    const found = [...walk(program)].find(({ node }) => {
      const [first, last] = linesOf(node);
      return (
        node.type === 'MemberExpression' &&
        propertyName(node) === method &&
        pathOf(node['object'] as EsNode) === path &&
        first <= culprit.line &&
        culprit.line <= last
      );
    });
    if (!found) return;
    const member = found.node;
    const segments = path.split('.');
    let kind: Collection | null;
    if (segments.length === 1) kind = kindOf(madeIn(program, segments[0]!, false));
    else {
      // The property's name made as something else anywhere still refuses; its own root must make it.
      const made = await propertyMakings(tree, segments.at(-1)!);
      const own = await rootKind(node, tree, culprit.file, program, found.ancestors, segments);
      // An element a callback is handed (`layouts.filter((l) => l.tags.includes(t))`) has no making
      // of its own: the property's Map or Set making across the project decides. Arrays of that name
      // are other objects' (a response's `tags: [...l.tags]`): this one answered no array method.
      kind = own === 'element' ? kindOf(made.filter((k) => k !== 'array')) : kindOf(made);
      if (own !== kind && own !== 'element') kind = null;
    }
    if (kind !== 'Map' && kind !== 'Set') return;
    if (kind === 'Map' && !MAP_METHODS.has(method)) return;
    const object = member['object'] as EsNode;
    const [start, end] = spanOf(object);
    const items = kind === 'Map' ? `[...${textOf(source, object)}.values()]` : `[...${textOf(source, object)}]`;
    await tree.write(culprit.file, replaceRange(source, start, end, items));
    yield {
      key: `${ID}#${kind.toLowerCase()}`,
      summary: `${path} is a ${kind}: read ${items} before .${method}() (${culprit.file}:${culprit.line})`,
      template: { recipe: `${ID}#${kind.toLowerCase()}` },
    };
  },
};

// What the project makes a property of this name with, in every source file that names it.
async function propertyMakings(tree: SourceTree, name: string): Promise<Collection[]> {
  const made: Collection[] = [];
  for (const file of await projectSourceFiles(tree)) {
    const source = await tree.read(file);
    if (source === null || !source.includes(name)) continue;
    const program = parseFile(file, source);
    if (program) made.push(...madeIn(program, name, true));
  }
  return made;
}

// The one kind every making agrees on, or null (none, or a name made as two things).
function kindOf(made: readonly Collection[]): Collection | null {
  const kinds = new Set(made);
  return kinds.size === 1 ? [...kinds][0]! : null;
}

// How a program makes `name`: as a variable (`const x = new Map()`, `x = new Set()`), or with
// `property`, as a property (`{ x: new Map() }`, `this.x = []`, a class field `x = new Map()`).
function madeIn(program: EsNode, name: string, property: boolean): Collection[] {
  const made: Collection[] = [];
  for (const { node } of walk(program)) {
    let target: EsNode | undefined;
    let value: EsNode | undefined;
    if (node.type === 'VariableDeclarator') [target, value] = [node['id'] as EsNode, node['init'] as EsNode];
    else if (node.type === 'AssignmentExpression') [target, value] = [node['left'] as EsNode, node['right'] as EsNode];
    else if ((node.type === 'Property' || node.type === 'PropertyDefinition') && !node['computed'] && property) {
      if (keyName(node['key'] as EsNode) === name) made.push(...collectionOf(node['value'] as EsNode | null));
      continue;
    } else continue;
    const named = property
      ? target?.type === 'MemberExpression' && propertyName(target) === name
      : target?.type === 'Identifier' && target['name'] === name;
    if (named) made.push(...collectionOf(value ?? null));
  }
  return made;
}

function collectionOf(value: EsNode | null): Collection[] {
  if (value?.type === 'ArrayExpression') return ['array'];
  const callee = value?.type === 'NewExpression' ? (value['callee'] as EsNode) : null;
  if (callee?.type === 'Identifier' && (callee['name'] === 'Map' || callee['name'] === 'Set')) return [callee['name']];
  return [];
}

// What the receiver's own root makes its property with: the same file's binding, `this` of the
// enclosing class, or the object the root is imported as. Null for a request or a parameter.
async function rootKind(
  node: NodeProject,
  tree: SourceTree,
  file: string,
  program: EsNode,
  ancestors: readonly EsNode[],
  segments: readonly string[],
): Promise<Collection | 'element' | null> {
  const [root, ...rest] = segments as [string, ...string[]];
  if (REQUEST_ROOTS.has(root)) return null;
  const names = (fn: EsNode) =>
    (fn['params'] as EsNode[]).some((param) =>
      [...walk(param)].some(({ node: n }) => n.type === 'Identifier' && n['name'] === root),
    );
  const owner = [...ancestors].reverse().find((n) => isFunction(n) && names(n));
  if (owner) return elementCallback(owner, ancestors, root) ? 'element' : null;
  if (root === 'this') {
    const owner = [...ancestors].reverse().find((n) => n.type === 'ClassBody');
    return owner ? kindOf(madeBy(owner, root, rest)) : null;
  }
  const local = madeBy(program, root, rest);
  if (local.length > 0) return kindOf(local);
  const module = (await node.modules()).get(file);
  const imp = module?.imports.find((i) => i.names.some((n) => n.local === root));
  const binding = imp?.names.find((n) => n.local === root);
  const target = imp && binding && binding.imported !== '*' ? await node.resolve(file, imp.source) : undefined;
  if (!target || !binding) return null;
  const exported = (await node.modules()).get(target)?.exports.find((e) => e.name === binding.imported);
  const source = exported?.local ? await tree.read(target) : null;
  const targetProgram = source === null ? null : parseFile(target, source);
  return targetProgram && exported?.local ? kindOf(madeBy(targetProgram, exported.local, rest)) : null;
}

// `fn` is the callback of an array method (`xs.filter((x) => …)`) whose first parameter is the element.
function elementCallback(fn: EsNode, ancestors: readonly EsNode[], root: string): boolean {
  const call = ancestors[ancestors.indexOf(fn) - 1];
  const first = (fn['params'] as EsNode[])[0];
  if (call?.type !== 'CallExpression' || !(call['arguments'] as EsNode[]).includes(fn)) return false;
  const callee = call['callee'] as EsNode;
  return (
    callee.type === 'MemberExpression' &&
    ARRAY_METHODS.has(propertyName(callee) ?? '') &&
    first?.type === 'Identifier' &&
    first['name'] === root
  );
}

// How `root.rest…` is made under `scope`: a literal it is declared with (`const db = { rooms: new
// Map() }`), an assignment to the whole path (`db.rooms = new Map()`), or, for `this`, a class field.
function madeBy(scope: EsNode, root: string, rest: readonly string[]): Collection[] {
  const made: Collection[] = [];
  const path = [root, ...rest].join('.');
  for (const { node } of walk(scope)) {
    if (node.type === 'AssignmentExpression' && pathOf(node['left'] as EsNode) === path)
      made.push(...collectionOf(node['right'] as EsNode));
    else if (root === 'this' && rest.length === 1 && node.type === 'PropertyDefinition' && !node['computed']) {
      if (keyName(node['key'] as EsNode) === rest[0]) made.push(...collectionOf(node['value'] as EsNode | null));
    } else if (node.type === 'VariableDeclarator' && (node['id'] as EsNode)['name'] === root) {
      let value = node['init'] as EsNode | null;
      for (const key of rest) {
        const properties = value?.type === 'ObjectExpression' ? (value['properties'] as EsNode[]) : [];
        const property = properties.find(
          (p) => p.type === 'Property' && !p['computed'] && keyName(p['key'] as EsNode) === key,
        );
        value = (property?.['value'] as EsNode | undefined) ?? null;
      }
      made.push(...collectionOf(value));
    }
  }
  return made;
}
