import { replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor, type NodeProject } from '../../node/node-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { keyName, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';
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
 * before the map would change nothing, and a map with a plain callback is another bug.
 */
export const nodePendingArray: RepairTemplate = {
  id: ID,
  // No trace: a 2xx whose items are all `{}`, against the documented schema.
  evidence: { kinds: ['schema_mismatch'], contract: true },
  language: 'node',
  summary: 'wait for every Promise of an async map whose array is sent as the body',
  async *candidates({ cause, tree, node }) {
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
