import { projectSourceFiles } from '../../node/project-source-files.js';
import type { SourceTree } from '../../source/source-tree.js';
import { keyName, parseFile, walk, type EsNode } from './estree.js';

/** What the project builds or stores objects of one kind with: each member's literal values. */
export interface KindMembers {
  /** Every key any object of the project (code or JSON data) is written with. */
  readonly written: ReadonlySet<string>;
  /** Member → the string literals objects of the kind hold there (other values are not known). */
  readonly values: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * The members objects named `variable` (`spoon`) are built and stored with: object literals bound
 * to that name (`const spoon = { … }`), and elements of a collection named its plural (`spoons: [{ …
 * }]` in seed code or a JSON data file, `db.spoons.push({ … })`). The same kind of object is made
 * there, so what those hold is what a value of that name has.
 */
export async function kindMembers(tree: SourceTree, variable: string): Promise<KindMembers> {
  const plurals = new Set([`${variable}s`, `${variable}es`, variable.replace(/y$/, 'ies')]);
  const written = new Set<string>();
  const values = new Map<string, Set<string>>();
  const add = (member: string, value: unknown) => {
    if (typeof value !== 'string') return;
    if (!values.has(member)) values.set(member, new Set());
    values.get(member)!.add(value);
  };
  for (const file of await projectSourceFiles(tree)) {
    const source = await tree.read(file);
    const program = source === null ? null : parseFile(file, source);
    if (!program) continue;
    for (const { node, ancestors } of walk(program)) {
      // `x.stage = …` writes the member as much as a literal's key does.
      if (node.type === 'AssignmentExpression') written.add(nameOf(node['left']) ?? '');
      if (node.type !== 'ObjectExpression') continue;
      const properties = (node['properties'] as EsNode[]).filter((p) => p.type === 'Property' && !p['computed']);
      for (const p of properties) written.add(keyName(p['key'] as EsNode) ?? '');
      if (!ofKind(node, ancestors, variable, plurals)) continue;
      for (const p of properties) {
        const value = p['value'] as EsNode;
        if (value.type === 'Literal') add(keyName(p['key'] as EsNode) ?? '', value['value']);
      }
    }
  }
  // JSON data files (fixtures, seeds): objects in arrays under the plural.
  for (const file of (await tree.list()).filter(dataFile)) {
    let data: unknown;
    const text = (await tree.read(file)) ?? 'null';
    for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"\s*:/g)) written.add(m[1]!);
    try {
      data = JSON.parse(text);
    } catch {
      continue;
    }
    jsonObjects(data, false, plurals, (object) => {
      for (const [key, value] of Object.entries(object)) add(key, value);
    });
  }
  return { written, values };
}

const dataFile = (f: string) =>
  f.endsWith('.json') &&
  !/(^|\/)(node_modules|dist|build|coverage)\//.test(f) &&
  !/(^|\/)(package(-lock)?|tsconfig[^/]*|openapi[^/]*)\.json$/.test(f);

// `const spoon = {…}` / `spoon = {…}`, or an element of `spoons: […]`, `const spoons = […]`, `x.spoons.push({…})`.
function ofKind(node: EsNode, ancestors: readonly EsNode[], variable: string, plurals: ReadonlySet<string>): boolean {
  const parent = ancestors.at(-1);
  if (parent?.type === 'VariableDeclarator' && parent['init'] === node) return nameOf(parent['id']) === variable;
  if (parent?.type === 'AssignmentExpression' && parent['right'] === node) return nameOf(parent['left']) === variable;
  if (parent?.type === 'ArrayExpression') {
    const holder = ancestors.at(-2);
    if (holder?.type === 'Property' && holder['value'] === parent) return plurals.has(nameOf(holder['key']) ?? '');
    if (holder?.type === 'VariableDeclarator') return plurals.has(nameOf(holder['id']) ?? '');
    return false;
  }
  if (parent?.type === 'CallExpression' && (parent['arguments'] as EsNode[]).includes(node)) {
    const callee = parent['callee'] as EsNode;
    const list = callee.type === 'MemberExpression' ? (callee['object'] as EsNode) : null;
    return (
      nameOf(callee.type === 'MemberExpression' ? callee['property'] : null) === 'push' &&
      plurals.has(nameOf(list) ?? '')
    );
  }
  return false;
}

// `spoon`, `'spoons'`, or the member's name of `db.spoons`.
function nameOf(node: unknown): string | null {
  const n = node as EsNode | null | undefined;
  if (!n) return null;
  if (n.type === 'MemberExpression' && !n['computed']) return nameOf(n['property']);
  return keyName(n);
}

function jsonObjects(
  data: unknown,
  inKind: boolean,
  plurals: ReadonlySet<string>,
  visit: (o: Record<string, unknown>) => void,
): void {
  if (Array.isArray(data)) {
    for (const item of data) jsonObjects(item, inKind, plurals, visit);
    return;
  }
  if (!data || typeof data !== 'object') return;
  if (inKind) visit(data as Record<string, unknown>);
  for (const [key, value] of Object.entries(data)) {
    if (Array.isArray(value) || (value && typeof value === 'object'))
      jsonObjects(value, Array.isArray(value) && plurals.has(key), plurals, visit);
  }
}
