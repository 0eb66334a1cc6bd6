import { replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor, type NodeProject } from '../../node/node-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';
import { parseExcerpt } from './response-body.js';
import { responseProducers } from './response-producers.js';

const ID = 'node.pending-array';
// A JSON array of Promises: every item `{}`.
const EMPTY_ITEMS = /^\[\s*\{\s*\}(?:\s*,\s*\{\s*\})*\s*\]$/;

/**
 * A function on a route's path to its response returns `xs.map(async (x) => …)`: an array of
 * Promises, which JSON sends as `[{}, {}]` (a 2xx, every item missing its required fields, no
 * trace) → `Promise.all(xs.map(async (x) => …))`, awaited by whoever awaits the function. Only
 * when the body is an array of empty objects and exactly one returned `map` with an async callback
 * is on the path (the handler and the function whose result it sends, one call deep); an `await`
 * before the map would change nothing, and a map with a plain callback is another bug. The same
 * array in a field of the body (`{ …, entries: [{}, {}] }`, no item carrying data) is the map a
 * returned literal sets that key to, directly or through a local of the same function (`const
 * entries = rows.map(async …)`; `{ …, entries }`): it is awaited where it is made, `await
 * Promise.all(rows.map(async …))` (`#field`), only in an `async` function (its result is a Promise
 * already, so no caller or declared return type changes), and only for exactly one such map.
 */
export const nodePendingArray: RepairTemplate = {
  id: ID,
  // No trace: a 2xx whose items are all `{}`, against the documented schema.
  evidence: { kinds: ['schema_mismatch'], contract: true },
  language: 'node',
  summary: 'wait for every Promise of an async map whose array is sent as the body',
  async *candidates({ cause, tree, node }) {
    for (const violation of cause.violations) {
      if ((violation.actualStatus ?? 500) >= 300) continue;
      const fields = pendingFields(parseExcerpt(violation.responseExcerpt));
      const field =
        fields.size > 0 ? await fieldAsyncMap(node ?? nodeProjectFor(tree), tree, violation.endpoint, fields) : null;
      const text = field ? await tree.read(field.file) : null;
      if (!field || text === null) continue;
      const wrapped = `await Promise.all(${text.slice(field.start, field.end)})`;
      await tree.write(field.file, replaceRange(text, field.start, field.end, wrapped));
      yield {
        key: `${ID}#field`,
        summary: `await Promise.all(...) around the async map sent as ${field.key} at ${field.file}:${field.line}`,
        template: { recipe: `${ID}#field` },
      };
      return;
    }
    for (const violation of cause.violations) {
      const site =
        EMPTY_ITEMS.test(violation.responseExcerpt.trim()) && (violation.actualStatus ?? 500) < 300
          ? await returnedAsyncMap(node ?? nodeProjectFor(tree), tree, violation.endpoint)
          : null;
      const source = site ? await tree.read(site.file) : null;
      if (!site || source === null) continue;
      await tree.write(
        site.file,
        replaceRange(replaceRange(source, site.end, site.end, ')'), site.start, site.start, 'Promise.all('),
      );
      yield {
        key: ID,
        summary: `Promise.all(...) around the async map returned at ${site.file}:${site.line}`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

// The one `return xs.map(async …)` on the endpoint's path to its response, if exactly one.
async function returnedAsyncMap(
  project: NodeProject,
  tree: SourceTree,
  endpoint: string,
): Promise<{ file: string; start: number; end: number; line: number } | null> {
  const sites: { file: string; start: number; end: number; line: number }[] = [];
  for (const { file, fn } of await responseProducers(project, tree, endpoint)) {
    const source = await tree.read(file);
    const program = source === null ? null : parseFile(file, source);
    for (const { node } of program ? walk(program) : []) {
      const [start, end] = spanOf(node);
      const ret = fn.returns.find((r) => r.argStart === start && r.argEnd === end);
      if (ret && isAsyncMap(node)) sites.push({ file, start, end, line: ret.line });
    }
  }
  return sites.length === 1 ? sites[0]! : null;
}

// `xs.map(async (x) => …)`.
function isAsyncMap(node: EsNode): boolean {
  if (node.type !== 'CallExpression') return false;
  const callee = node['callee'] as EsNode;
  const callback = (node['arguments'] as EsNode[])[0];
  return (
    callee.type === 'MemberExpression' &&
    !callee['computed'] &&
    keyName(callee['property'] as EsNode) === 'map' &&
    callback !== undefined &&
    isFunction(callback) &&
    callback['async'] === true
  );
}

// The keys of the body (at any depth) holding a non-empty array of nothing but `{}`.
function pendingFields(body: unknown, out = new Set<string>(), depth = 0): Set<string> {
  if (!body || typeof body !== 'object' || Array.isArray(body) || depth > 4) return out;
  for (const [key, value] of Object.entries(body)) {
    if (Array.isArray(value) && value.length > 0 && value.every((v) => EMPTY_ITEMS.test(JSON.stringify([v]))))
      out.add(key);
    else pendingFields(value, out, depth + 1);
  }
  return out;
}

interface FieldSite {
  readonly file: string;
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
}

// The one async map a returned literal on the endpoint's path sets a pending key to, directly
// (`{ entries: rows.map(async …) }`) or through a const of the same async function.
async function fieldAsyncMap(
  project: NodeProject,
  tree: SourceTree,
  endpoint: string,
  fields: ReadonlySet<string>,
): Promise<FieldSite | null> {
  const sites: FieldSite[] = [];
  for (const { file, fn } of await responseProducers(project, tree, endpoint)) {
    const source = await tree.read(file);
    const program = source === null ? null : parseFile(file, source);
    for (const { node, ancestors } of program ? walk(program) : []) {
      const [start, end] = spanOf(node);
      if (node.type !== 'ObjectExpression' || !fn.returns.some((r) => r.argStart === start && r.argEnd === end))
        continue;
      const owner = [...ancestors].reverse().find(isFunction);
      if (!owner?.['async']) continue;
      for (const property of node['properties'] as EsNode[]) {
        const key = property.type === 'Property' && !property['computed'] ? keyName(property['key'] as EsNode) : null;
        if (!key || !fields.has(key)) continue;
        const map = madeBy(owner, property['value'] as EsNode);
        if (map) sites.push({ file, key, start: spanOf(map)[0], end: spanOf(map)[1], line: linesOf(map)[0] });
      }
    }
  }
  return sites.length === 1 ? sites[0]! : null;
}

// The async map a literal's value is, or that a `const` of the function holding it was set to.
function madeBy(owner: EsNode, value: EsNode): EsNode | null {
  if (isAsyncMap(value)) return value;
  if (value.type !== 'Identifier') return null;
  const inits: EsNode[] = [];
  for (const { node, ancestors } of walk(owner)) {
    const id = node.type === 'VariableDeclarator' ? (node['id'] as EsNode) : null;
    if (id?.type !== 'Identifier' || id['name'] !== value['name']) continue;
    // Declared in this function, not a nested one: its value is the one this function returns.
    if ([...ancestors].reverse().find(isFunction) !== owner || ancestors.at(-1)?.['kind'] !== 'const') return null;
    inits.push(node['init'] as EsNode);
  }
  return inits.length === 1 && isAsyncMap(inits[0]!) ? inits[0]! : null;
}
