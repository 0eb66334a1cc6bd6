import { replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { findJsRoute } from '../../recipes/node/route-match.js';
import type { RootCause } from '../../types.js';
import type { NodeProject } from '../../node/node-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { linesOf, pathOf, spanOf, walk, type EsNode } from './estree.js';
import { frameSources } from './frame-sources.js';
import { handlerNode } from './handler-node.js';
import { isFunction, propertyName } from './object-keys.js';
import { refusedViolations } from '../shared/refusals.js';

const ID = 'node.map-parseint-radix';
const PARSE_INT = new Set(['parseInt', 'Number.parseInt']);

/**
 * `parts.map(parseInt)`: `map` calls its callback with (value, index, array), so each element is
 * parsed in the radix of its index (`parseInt('04', 1)` and `parseInt('12', 2)` are NaN) and a
 * later line fails on the NaN (`new Date(Date.UTC(y, m - 1, d)).toISOString()`: `Invalid time
 * value`). → `parts.map((s) => parseInt(s, 10))`: the decimal parse that was meant, first
 * element and all. Only in the function of one of the trace's in-app frames, the innermost first:
 * the failure must come from where the list is parsed; or, for a request refused with a message
 * quoting NaN (`404 "Besom NaN not found"` for `?ids=1,2,3`), in the handler of its route.
 */
export const nodeMapParseIntRadix: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'map(parseInt) parses each element in the radix of its index → map((s) => parseInt(s, 10))',
  evidence: { kinds: ['runtime_error', 'crash', 'status_mismatch'] },
  async *candidates({ cause, tree, node }) {
    for await (const { file, source, fn } of parsingFunctions(cause, tree, node ?? nodeProjectFor(tree))) {
      const sites = [...walk(fn)].map((w) => w.node).filter(mapsParseInt);
      if (sites.length === 0) continue;
      // Last edit first, so the earlier offsets hold.
      let patched = source;
      for (const call of [...sites].sort((a, b) => spanOf(b)[0] - spanOf(a)[0])) {
        const argument = (call['arguments'] as EsNode[])[0]!;
        const [start, end] = spanOf(argument);
        patched = replaceRange(patched, start, end, `(s) => ${source.slice(start, end)}(s, 10)`);
      }
      await tree.write(file, patched);
      const at = linesOf(sites[0]!)[0];
      yield {
        key: siteKey(ID, file, at),
        summary: `parse each element in base 10: map((s) => parseInt(s, 10)), not map(parseInt) (${file}:${at})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

/** The functions the failure came through: the trace's frames', or the handlers of routes refused with NaN. */
async function* parsingFunctions(
  cause: RootCause,
  tree: SourceTree,
  project: NodeProject,
): AsyncGenerator<{ file: string; source: string; fn: EsNode }> {
  if (cause.kind !== 'status_mismatch') {
    for await (const { file, line, source, program } of frameSources(cause.trace, tree)) {
      const fn = [...walk(program)]
        .map((w) => w.node)
        .filter((n) => isFunction(n) && linesOf(n)[0] <= line && line <= linesOf(n)[1])
        .pop();
      if (fn) yield { file, source, fn };
    }
    return;
  }
  const quotingNaN = refusedViolations(cause.violations).filter((v) => /\bNaN\b/.test(v.responseExcerpt ?? ''));
  for (const endpoint of new Set(quotingNaN.map((v) => v.endpoint))) {
    const route = await findJsRoute(project, endpoint);
    const found = route ? await handlerNode(tree, route) : null;
    if (found) yield found;
  }
}

// `xs.map(parseInt)` / `xs.map(Number.parseInt)`: parseInt handed to map as it is.
function mapsParseInt(node: EsNode): boolean {
  if (node.type !== 'CallExpression') return false;
  const callee = node['callee'] as EsNode;
  const args = node['arguments'] as EsNode[];
  return (
    callee.type === 'MemberExpression' &&
    propertyName(callee) === 'map' &&
    args.length === 1 &&
    PARSE_INT.has(pathOf(args[0]!) ?? '')
  );
}
