import { spanOf, walk, type EsNode } from './estree.js';

/** A `row.name` read (or write) of a plain identifier's member. */
export interface RowMember {
  readonly row: string;
  readonly name: string;
  /** Offset of the property's name. */
  readonly at: number;
  readonly assigned: boolean;
  /** Called as a method (`d.getTime()`). */
  readonly called: boolean;
}

/** `row.name` reads under a node: a non-computed member of a plain identifier. */
export function members(root: EsNode): RowMember[] {
  const out: RowMember[] = [];
  for (const { node, ancestors } of walk(root)) {
    if (node.type !== 'MemberExpression' || node['computed']) continue;
    const object = node['object'] as EsNode;
    const property = node['property'] as EsNode;
    if (object.type !== 'Identifier' || property.type !== 'Identifier') continue;
    const parent = ancestors.at(-1);
    const assigned = parent?.type === 'AssignmentExpression' && parent['left'] === node;
    const called = parent?.type === 'CallExpression' && parent['callee'] === node;
    out.push({
      row: object['name'] as string,
      name: property['name'] as string,
      at: spanOf(property)[0],
      assigned,
      called,
    });
  }
  return out;
}

const wordsOf = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split('_')
    .filter((w) => w.length > 1 && w !== 'id');

/** Whether two names share a word (snake or camel case; `id` and one-letter words aside). */
export function sharesWord(a: string, b: string): boolean {
  const words = new Set(wordsOf(b));
  return wordsOf(a).some((w) => words.has(w));
}

/** The one column sharing a word with `name`, or null. */
export function onlySharing(name: string, columns: string[]): string | null {
  const sharing = columns.filter((c) => sharesWord(name, c));
  return sharing.length === 1 ? sharing[0]! : null;
}

/** The one table whose columns hold every other member read on the row (two at least), or null. */
export function ownerTable(
  reads: readonly RowMember[],
  name: string,
  tables: ReadonlyMap<string, ReadonlySet<string>>,
): string | null {
  const others = [...new Set(reads.filter((m) => m.name !== name && !m.assigned).map((m) => m.name))];
  if (others.length < 2) return null;
  const owners = [...tables].filter(([, columns]) => others.every((o) => columns.has(o))).map(([t]) => t);
  return owners.length === 1 ? owners[0]! : null;
}

/** The initialiser of a local `const x = …` the function declares once, when `node` is that `x`. */
export function localValue(fn: EsNode, node: EsNode): EsNode | null {
  if (node.type !== 'Identifier') return null;
  const inits: EsNode[] = [];
  for (const { node: d } of walk(fn)) {
    const id = d.type === 'VariableDeclarator' ? (d['id'] as EsNode) : null;
    if (id?.type === 'Identifier' && id['name'] === node['name'] && d['init']) inits.push(d['init'] as EsNode);
  }
  return inits.length === 1 ? inits[0]! : null;
}
