import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { ARRAY_METHODS } from './iterator-array.js';
import { propertyName } from './object-keys.js';

const ID = 'node.map-as-array';

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
 */
export const nodeMapAsArray: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'read a Map or Set as an array before an array method ([...map.values()].filter)',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    const named = /^((?:this\.)?[\w$]+(?:\.[\w$]+)*)\.(\w+) is not a function/.exec(exception?.message ?? '');
    if (!culprit || !named || !ARRAY_METHODS.has(named[2]!) || named[2] === 'forEach') return;
    const [path, method] = [named[1]!, named[2]!];
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    const member = [...walk(program)]
      .map((w) => w.node)
      .find((node) => {
        const [first, last] = linesOf(node);
        return (
          node.type === 'MemberExpression' &&
          propertyName(node) === method &&
          pathOf(node['object'] as EsNode) === path &&
          first <= culprit.line &&
          culprit.line <= last
        );
      });
    if (!member) return;
    const segments = path.split('.');
    const kind =
      segments.length === 1 ? kindOf(madeIn(program, segments[0]!, false)) : await propertyKind(tree, segments.at(-1)!);
    if (kind !== 'Map' && kind !== 'Set') return;
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
async function propertyKind(tree: SourceTree, name: string): Promise<Collection | null> {
  const made: Collection[] = [];
  for (const file of await projectSourceFiles(tree)) {
    const source = await tree.read(file);
    if (source === null || !source.includes(name)) continue;
    const program = parseFile(file, source);
    if (program) made.push(...madeIn(program, name, true));
  }
  return kindOf(made);
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
