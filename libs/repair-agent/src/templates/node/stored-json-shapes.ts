import { projectSourceFiles } from '../../node/project-source-files.js';
import type { SourceTree } from '../../source/source-tree.js';
import { keyName, parseFile, pathOf, walk, type EsNode } from './estree.js';
import { unwrap } from './object-keys.js';

/** The keys of a stored JSON object, each with the shape of its value when that is an object too. */
export interface JsonShape {
  readonly [key: string]: JsonShape | null;
}

/**
 * What a value parsed from stored JSON is made of: for `const t = JSON.parse(row.telemetryJson)`,
 * the object literals the project's code stringifies into a `telemetryJson` — as a property
 * (`{ telemetryJson: JSON.stringify({ … }) }`), an assignment (`row.telemetryJson =
 * JSON.stringify({ … })`), or through a constant of the same file bound to one (`telemetryJson:
 * EMPTY`, `const EMPTY = JSON.stringify({ … })`), or a JSON text literal (a seed's
 * `telemetryJson: '{"speed":{…}}'`). Empty when the parsed text is not read from a
 * named property, or the project writes that property in any other way (then its shape is unknown).
 */
export async function storedJsonShapes(tree: SourceTree, fn: EsNode, x: string): Promise<JsonShape[]> {
  const key = storedKey(fn, x);
  if (!key) return [];
  const out: JsonShape[] = [];
  for (const file of await projectSourceFiles(tree)) {
    const source = await tree.read(file);
    if (source === null || !source.includes(key)) continue;
    const program = parseFile(file, source);
    if (!program) continue;
    for (const { node, ancestors } of walk(program)) {
      const written = ancestors.at(-1)?.type === 'ObjectPattern' ? null : writtenValue(node, key);
      if (!written) continue;
      const shape = stringified(written, program);
      if (!shape) return [];
      out.push(shape);
    }
  }
  return out;
}

/** The one key of the stored shapes whose value is an object having `member`, in every shape having the key. */
export function keyHolding(shapes: readonly JsonShape[], member: string): string | undefined {
  const holders = new Set<string>();
  const others = new Set<string>();
  for (const shape of shapes) {
    for (const [name, value] of Object.entries(shape)) (value && member in value ? holders : others).add(name);
  }
  const fitting = [...holders].filter((h) => !others.has(h));
  return fitting.length === 1 ? fitting[0] : undefined;
}

// `x` bound in `fn` to `JSON.parse(a.key)` → `key`.
function storedKey(fn: EsNode, x: string): string | null {
  for (const { node } of walk(fn)) {
    if (
      node.type !== 'VariableDeclarator' ||
      (node['id'] as EsNode).type !== 'Identifier' ||
      (node['id'] as EsNode)['name'] !== x
    )
      continue;
    const init = node['init'] ? unwrap(node['init'] as EsNode) : null;
    if (init?.type !== 'CallExpression' || pathOf(init['callee'] as EsNode) !== 'JSON.parse') return null;
    const arg = (init['arguments'] as EsNode[])[0];
    const path = arg ? pathOf(unwrap(arg)) : null;
    return path?.includes('.') ? path.slice(path.lastIndexOf('.') + 1) : null;
  }
  return null;
}

// The value a node writes under `key`: a property `key: v` or an assignment `o.key = v`.
function writtenValue(node: EsNode, key: string): EsNode | null {
  if (node.type === 'Property' && !node['computed'] && keyName(node['key'] as EsNode) === key)
    return node['value'] as EsNode;
  if (node.type === 'AssignmentExpression' && node['operator'] === '=') {
    const left = node['left'] as EsNode;
    if (left.type === 'MemberExpression' && !left['computed'] && keyName(left['property'] as EsNode) === key)
      return node['right'] as EsNode;
  }
  return null;
}

// `JSON.stringify({ … })`, a name the file binds to one, or a JSON object text → its shape.
function stringified(value: EsNode, program: EsNode): JsonShape | null {
  const node = unwrap(value);
  if (node.type === 'Literal' && typeof node['value'] === 'string') return shapeOfText(node['value']);
  if (node.type === 'Identifier') {
    for (const { node: d } of walk(program)) {
      if (
        d.type === 'VariableDeclarator' &&
        (d['id'] as EsNode).type === 'Identifier' &&
        (d['id'] as EsNode)['name'] === node['name'] &&
        d['init']
      )
        return stringified(d['init'] as EsNode, { type: 'Program' });
    }
    return null;
  }
  if (node.type !== 'CallExpression' || pathOf(node['callee'] as EsNode) !== 'JSON.stringify') return null;
  const arg = (node['arguments'] as EsNode[])[0];
  const literal = arg ? unwrap(arg) : null;
  return literal?.type === 'ObjectExpression' ? shapeOfLiteral(literal) : null;
}

function shapeOfLiteral(literal: EsNode): JsonShape | null {
  const out: Record<string, JsonShape | null> = {};
  for (const property of literal['properties'] as EsNode[]) {
    const name = property.type === 'Property' && !property['computed'] ? keyName(property['key'] as EsNode) : null;
    // A spread or a computed key: the shape is not all there.
    if (!name) return null;
    const value = unwrap(property['value'] as EsNode);
    out[name] = value.type === 'ObjectExpression' ? shapeOfLiteral(value) : null;
  }
  return out;
}

function shapeOfText(text: string): JsonShape | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const shape = (v: unknown): JsonShape | null =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, shape(inner)]))
      : null;
  return shape(value);
}
