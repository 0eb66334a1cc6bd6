import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { replaceRange } from '../../node/js-edits.js';
import type { SourceTree } from '../../source/source-tree.js';
import { objectShape } from '../python/contract-schema.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { guardTest } from './case-folded-membership.js';
import { keyName, linesOf, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { propertyName, unwrap } from './object-keys.js';
import { projectBindings } from './project-bindings.js';
import { messageSites } from './thrown-message-site.js';
import { projectStringEnums } from './ts-string-enums.js';
import { refusedViolations } from '../shared/refusals.js';

const ID = 'node.enum-keys-membership';

/** The names and the string values of an enum-like object (`{ APPRENTICE: 'apprentice', … }`). */
interface EnumObject {
  readonly keys: readonly string[];
  readonly values: readonly string[];
}

/**
 * A valid request refused with a 4xx by a membership check against an enum object's keys where its
 * values are meant: `Object.keys(GRADES).includes(body.grade)` (or `body.grade in GRADES`) with
 * `GRADES = { APPRENTICE: 'apprentice', … }` refuses every documented grade. The answer's message names the guard
 * (thrown-message-site.ts); the check sits in its condition. Evidence that the values are meant:
 * the contract's enum for the field checked (a request body property or parameter of its name)
 * lies among the object's values and shares none of its keys. `Object.keys` becomes
 * `Object.values` (`v in X` becomes `Object.values(X).includes(v)`): the check stays, now on what
 * the contract allows (an unknown value, or a key, is still refused).
 */
export const nodeEnumKeysMembership: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'a value checked against an enum object’s keys where the contract allows its values → Object.values',
  evidence: { kinds: ['status_mismatch'], contract: true },
  async *candidates({ cause, tree, operation }) {
    const refused = refusedViolations(cause.violations);
    if (refused.length === 0 || !operation) return;
    const sites = await messageSites(tree, refused);
    if (sites.length === 0) return;
    const objects = await enumObjects(tree);
    const seen = new Set<string>();
    for (const site of sites) {
      for (const guard of site.ancestors) {
        const test = guardTest(guard);
        if (!test) continue;
        for (const { node } of walk(test)) {
          const check = keysCheck(node);
          const object = check ? objects.get(check.object) : undefined;
          const field = check ? fieldName(check.value) : null;
          const allowed = field ? documentedEnum(operation, field) : null;
          if (!check || !object || !allowed || !meantValues(object, allowed)) continue;
          const [start, end] = spanOf(check.replaced);
          const key = `${site.file}:${start}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const source = await tree.read(site.file);
          if (source !== site.source) continue;
          // The message listing the allowed keys (`one of ${Object.keys(X).join(', ')}`) lists the values too.
          const edits = [{ start, end, text: check.replacement(source) }, ...listedKeys(site.node, check.object)];
          const patched = edits
            .sort((a, b) => b.start - a.start)
            .reduce((text, e) => replaceRange(text, e.start, e.end, e.text), source);
          await tree.write(site.file, patched);
          const line = linesOf(check.replaced)[0];
          yield {
            key: siteKey(ID, site.file, line),
            summary:
              `check ${field} against Object.values(${check.object}), the ${allowed.length} values the contract ` +
              `allows, not its keys (${site.file}:${line})`,
            template: { recipe: ID, object: check.object },
          };
        }
      }
    }
  },
};

/** A check of `value` against the keys of `object`, and how it becomes one against its values. */
interface KeysCheck {
  readonly object: string;
  readonly value: EsNode;
  /** The node rewritten, and its text checking the values instead. */
  readonly replaced: EsNode;
  readonly replacement: (source: string) => string;
}

// `Object.keys(X).includes(v)` / `.indexOf(v)` (the `keys` identifier becomes `values`), or `v in X`
// (becomes `Object.values(X).includes(v)`); X's name is its last member.
function keysCheck(node: EsNode): KeysCheck | null {
  if (node.type === 'BinaryExpression' && node['operator'] === 'in') {
    const right = node['right'] as EsNode;
    const left = node['left'] as EsNode;
    const path = pathOf(unwrap(right));
    if (!path || left.type === 'PrivateIdentifier') return null;
    return {
      object: path.split('.').at(-1)!,
      value: left,
      replaced: node,
      replacement: (source) => `Object.values(${textOf(source, right)}).includes(${textOf(source, left)})`,
    };
  }
  if (node.type !== 'CallExpression') return null;
  const callee = node['callee'] as EsNode;
  const args = node['arguments'] as EsNode[];
  if (callee.type !== 'MemberExpression' || args.length !== 1) return null;
  if (!['includes', 'indexOf'].includes(propertyName(callee) ?? '')) return null;
  const list = unwrap(callee['object'] as EsNode);
  if (list.type !== 'CallExpression' || (list['arguments'] as EsNode[]).length !== 1) return null;
  const keysCallee = list['callee'] as EsNode;
  if (keysCallee.type !== 'MemberExpression' || pathOf(keysCallee) !== 'Object.keys') return null;
  const path = pathOf((list['arguments'] as EsNode[])[0]!);
  return path
    ? {
        object: path.split('.').at(-1)!,
        value: args[0]!,
        replaced: keysCallee['property'] as EsNode,
        replacement: () => 'values',
      }
    : null;
}

// `Object.keys(X)` inside the refusal's message (X's last name the checked object): `keys` → `values`.
function listedKeys(message: EsNode, object: string): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  for (const { node } of walk(message)) {
    if (node.type !== 'CallExpression' || (node['arguments'] as EsNode[]).length !== 1) continue;
    const callee = node['callee'] as EsNode;
    const path = pathOf((node['arguments'] as EsNode[])[0]!);
    if (callee.type !== 'MemberExpression' || pathOf(callee) !== 'Object.keys') continue;
    if (path?.split('.').at(-1) !== object) continue;
    const [start, end] = spanOf(callee['property'] as EsNode);
    out.push({ start, end, text: 'values' });
  }
  return out;
}

// The request field a checked value names: `body.grade`, `req.query.grade`, a local `grade`.
function fieldName(value: EsNode): string | null {
  const node = unwrap(value);
  if (node.type === 'Identifier') return node['name'] as string;
  return propertyName(node);
}

// The string enum the contract gives a request body property or a parameter of this name.
function documentedEnum(operation: ApiOperation, field: string): readonly string[] | null {
  const property = objectShape(operation.requestBody?.schema)?.properties[field];
  const parameter = operation.parameters.find((p) => p.name === field)?.schema;
  for (const schema of [property, parameter]) {
    const values = schema && typeof schema === 'object' ? (schema as Record<string, unknown>)['enum'] : undefined;
    if (Array.isArray(values) && values.length > 0 && values.every((v) => typeof v === 'string')) return values;
  }
  return null;
}

// Every documented value is one of the object's values, and none is one of its keys.
function meantValues(object: EnumObject, allowed: readonly string[]): boolean {
  return allowed.every((v) => object.values.includes(v) && !object.keys.includes(v));
}

// Names bound to an object literal of string values anywhere in the project (`const GRADES =
// Object.freeze({ … })`, `{ … } as const`, a `GRADES: { … }` property); null for a name bound to two
// different objects.
async function enumObjects(tree: SourceTree): Promise<Map<string, EnumObject | null>> {
  const out = new Map<string, EnumObject | null>();
  const add = (name: string, found: EnumObject) => {
    const known = out.get(name);
    const same = known && known.keys.join('\0') === found.keys.join('\0');
    out.set(name, known === undefined || same ? found : null);
  };
  for await (const { name, value } of projectBindings(tree)) {
    const found = objectValue(value);
    if (found) add(name, found);
  }
  // A TypeScript string enum is such an object at run time (ts-string-enums.ts).
  for (const [name, found] of await projectStringEnums(tree)) {
    if (found) add(name, found);
    else out.set(name, null);
  }
  return out;
}

function objectValue(given: EsNode): EnumObject | null {
  let node = unwrap(given);
  if (node.type === 'CallExpression' && pathOf(node['callee'] as EsNode) === 'Object.freeze')
    node = unwrap((node['arguments'] as EsNode[])[0] ?? node);
  if (node.type !== 'ObjectExpression') return null;
  const keys: string[] = [];
  const values: string[] = [];
  for (const p of node['properties'] as EsNode[]) {
    const key = p.type === 'Property' && !p['computed'] ? keyName(p['key'] as EsNode) : null;
    const value = p.type === 'Property' ? unwrap(p['value'] as EsNode) : null;
    if (!key || value?.type !== 'Literal' || typeof value['value'] !== 'string') return null;
    keys.push(key);
    values.push(value['value']);
  }
  return keys.length > 0 ? { keys, values } : null;
}
