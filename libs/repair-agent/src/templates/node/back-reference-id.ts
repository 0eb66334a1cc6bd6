import { replaceRange } from '../../node/js-edits.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import { successSchema } from '../python/contract-schema.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { isFunction, propertyName } from './object-keys.js';

const ID = 'node.back-reference-id';

/**
 * `TypeError: Converting circular structure to JSON`: a child record keeps its parent object
 * (`const usage = { id, batch, sheets }` then `batch.usages.push(usage)`), so the parent's JSON
 * runs round the circle. The contract documents the child with the parent's id (`batch_id`, or
 * `batchId`) and no `batch` → the record keeps the id: `batch_id: batch.id`. Evidence, all
 * required: the failure is that TypeError; the literal and the push of it into a collection of
 * that same parent are in one function; a schema of the failing operation's answer has the id
 * property and every other key the literal writes, and not the parent's own name.
 */
export const nodeBackReferenceId: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "a child record that keeps its parent object → the parent's id the contract documents",
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], contract: true },
  async *candidates({ exception, tree, operation }) {
    if (!/Converting circular structure to JSON/.test(exception?.message ?? '')) return;
    const schemas = objectSchemas(successSchema(operation));
    if (schemas.length === 0) return;
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      const program = source === null ? null : parseFile(file, source);
      if (!program || source === null) continue;
      for (const { node: fn } of walk(program)) {
        if (!isFunction(fn)) continue;
        for (const found of backReferences(fn, source)) {
          const id = idProperty(schemas, found.key, found.otherKeys);
          if (!id) continue;
          const [start, end] = spanOf(found.property);
          await tree.write(file, replaceRange(source, start, end, `${id}: ${found.parent}.id`));
          yield {
            key: siteKey(ID, file, linesOf(found.property)[0]),
            summary:
              `keep ${id}: ${found.parent}.id in the record pushed onto ${found.parent}, not the parent ` +
              `itself (${file}:${linesOf(found.property)[0]})`,
            template: { recipe: ID, id },
          };
          return;
        }
      }
    }
  },
};

interface BackReference {
  readonly property: EsNode;
  readonly key: string;
  readonly parent: string;
  readonly otherKeys: readonly string[];
}

// `const child = { …, key: parent, … }` and `parent.items.push(child)` in the function's own body.
function* backReferences(fn: EsNode, source: string): Generator<BackReference> {
  const pushed = new Map<string, string>(); // child name → parent expression it is pushed onto
  for (const { node } of walk(fn)) {
    if (node.type !== 'CallExpression' || propertyName(node['callee'] as EsNode) !== 'push') continue;
    const list = (node['callee'] as EsNode)['object'] as EsNode;
    const [arg] = node['arguments'] as EsNode[];
    if (list.type !== 'MemberExpression' || arg?.type !== 'Identifier') continue;
    const owner = pathOf(list['object'] as EsNode);
    if (owner) pushed.set(arg['name'] as string, owner);
  }
  for (const { node } of walk(fn)) {
    if (node.type !== 'VariableDeclarator' || (node['id'] as EsNode).type !== 'Identifier') continue;
    const init = node['init'] as EsNode | null;
    const parent = pushed.get((node['id'] as EsNode)['name'] as string);
    if (!parent || init?.type !== 'ObjectExpression') continue;
    const properties = (init['properties'] as EsNode[]).filter((p) => p.type === 'Property');
    const keys = properties.map((p) => keyName(p['key'] as EsNode) ?? '');
    for (const property of properties) {
      const value = property['value'] as EsNode;
      if (pathOf(value) !== parent || textOf(source, value) !== parent) continue;
      const key = keyName(property['key'] as EsNode);
      if (key) yield { property, key, parent, otherKeys: keys.filter((k) => k && k !== key) };
    }
  }
}

// The id property (`batch_id`, `batchId`) of the one documented object that has the literal's other
// keys and no property named like the parent.
function idProperty(
  schemas: readonly Record<string, unknown>[],
  key: string,
  others: readonly string[],
): string | null {
  const names = [`${key}_id`, `${key}Id`];
  const fits = schemas.flatMap((props) => {
    if (key in props || !others.every((k) => k in props)) return [];
    return names.filter((n) => n in props);
  });
  return new Set(fits).size === 1 ? fits[0]! : null;
}

// Every object schema's properties under a response schema (items, properties), 6 levels deep. An
// `allOf` is one object: its parts' properties count together (`Child` plus `{ parent }` documents
// the parent by name, so the child's own part alone is no evidence that the parent is undocumented).
function objectSchemas(schema: unknown, depth = 0): Record<string, unknown>[] {
  if (!schema || typeof schema !== 'object' || depth > 6) return [];
  const properties = mergedProperties(schema as Record<string, unknown>, depth);
  const nested = [(schema as Record<string, unknown>)['items'], ...Object.values(properties ?? {})];
  return [...(properties ? [properties] : []), ...nested.flatMap((n) => objectSchemas(n, depth + 1))];
}

// A schema's own properties together with those of its `allOf` parts; undefined where it has none.
function mergedProperties(s: Record<string, unknown>, depth: number): Record<string, unknown> | undefined {
  const parts = ((s['allOf'] as unknown[]) ?? []).filter(
    (p): p is Record<string, unknown> => !!p && typeof p === 'object',
  );
  const all = [
    s['properties'] as Record<string, unknown> | undefined,
    ...parts.map((p) => mergedProperties(p, depth + 1)),
  ];
  const found = all.filter((p): p is Record<string, unknown> => p !== undefined);
  return found.length === 0 || depth > 6 ? undefined : Object.assign({}, ...found);
}
