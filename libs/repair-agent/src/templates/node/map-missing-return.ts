import { indentAt, replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, parseFile, spanOf, textOf, walk, type EsNode } from './estree.js';
import { isFunction, propertyName } from './object-keys.js';
import { parseExcerpt } from './response-body.js';
import { responseProducers } from './response-producers.js';

const ID = 'node.map-missing-return';

/**
 * A `.map` callback with a block body that builds each item and never returns it
 * (`rows.map((row) => { const view = { …toView(row), total: row.total }; })`): every item is
 * undefined, which JSON sends as `null` — a 2xx whose array holds nothing but nulls where the
 * contract documents objects, and no trace → return what the callback builds: `return view;` after its
 * last declared local, or `return <expr>;` of its last statement when that is a bare value
 * (`toView(row);`, not an assignment). The evidence: a 2xx body with a non-empty array of nothing but
 * nulls (the body, or a field of it), and exactly one such callback, whose map's value is used, in the
 * functions on the endpoint's path to its response (the handler and the one whose result it sends).
 * Never fired on a callback that returns anywhere (an early `return` makes a value, even a null, on
 * purpose), an async one (its items are Promises, `{}`), or one with nothing to return.
 */
export const nodeMapMissingReturn: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'return the item a block-bodied map callback builds',
  evidence: { kinds: ['schema_mismatch'], contract: true },
  async *candidates({ cause, tree, node }) {
    const project = node ?? nodeProjectFor(tree);
    for (const violation of cause.violations) {
      if ((violation.actualStatus ?? 500) >= 300 || !hasNullArray(parseExcerpt(violation.responseExcerpt))) continue;
      const sites: Site[] = [];
      for (const { file, fn } of await responseProducers(project, tree, violation.endpoint)) {
        const source = await tree.read(file);
        const program = source === null ? null : parseFile(file, source);
        for (const { node: n, ancestors } of program ? walk(program) : []) {
          const [start, end] = spanOf(n);
          if (start < fn.start || end > fn.end || n.type !== 'CallExpression') continue;
          const site = source === null ? null : returnlessMap(n, ancestors.at(-1), file, source);
          if (site && !sites.some((s) => s.file === file && s.at === site.at)) sites.push(site);
        }
      }
      const site = sites.length === 1 ? sites[0]! : null;
      const source = site ? await tree.read(site.file) : null;
      if (!site || source === null) continue;
      await tree.write(site.file, replaceRange(source, site.at, site.end, site.text));
      yield {
        key: ID,
        summary: `return ${site.value} from the map callback (${site.file}:${site.line})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

interface Site {
  readonly file: string;
  /** `[at, end)` is replaced with `text`. */
  readonly at: number;
  readonly end: number;
  readonly text: string;
  readonly value: string;
  readonly line: number;
}

// A non-empty array of nothing but nulls, as the body or at any depth in it.
function hasNullArray(body: unknown, depth = 0): boolean {
  if (Array.isArray(body)) return body.length > 0 && body.every((v) => v === null);
  if (!body || typeof body !== 'object' || depth > 4) return false;
  return Object.values(body).some((v) => hasNullArray(v, depth + 1));
}

// `xs.map((x) => { …no return… })` whose value is used: the `return` it lacks, or null.
function returnlessMap(call: EsNode, parent: EsNode | undefined, file: string, source: string): Site | null {
  const callback = (call['arguments'] as EsNode[])[0];
  if (propertyName(call['callee'] as EsNode) !== 'map' || !callback || !isFunction(callback)) return null;
  if (parent?.type === 'ExpressionStatement' || callback['async'] || callback['generator']) return null;
  const body = callback['body'] as EsNode;
  if (body.type !== 'BlockStatement') return null;
  for (const { node, ancestors } of walk(body))
    if (node.type === 'ReturnStatement' && [...ancestors].reverse().find(isFunction) === undefined) return null;
  const statements = body['body'] as EsNode[];
  const last = statements.at(-1);
  if (!last) return null;
  const [start, end] = spanOf(last);
  const semi = textOf(source, last).trimEnd().endsWith(';') ? ';' : '';
  const local = statements
    .filter((s) => s.type === 'VariableDeclaration')
    .flatMap((s) => s['declarations'] as EsNode[])
    .map((d) => d['id'] as EsNode)
    .filter((id) => id.type === 'Identifier')
    .at(-1);
  // No local: `toView(row);`, the value the last statement computes and drops.
  const expression = last.type === 'ExpressionStatement' ? (last['expression'] as EsNode) : null;
  if (!local && expression && !/^(Assignment|Update|Await|Yield)Expression$/.test(expression.type)) {
    const value = textOf(source, expression);
    return { file, at: start, end, text: `return ${value}${semi}`, value, line: linesOf(last)[0] };
  }
  // Else the last local the body declares (`const view = { … };`), when the body ends with it or with a use of it
  // (`view.total = 0;`), returned after the body's last statement.
  if (!local || !(last.type === 'VariableDeclaration' || mentions(last, local['name'] as string))) return null;
  const value = local['name'] as string;
  const text = `\n${indentAt(source, start)}return ${value}${semi}`;
  return { file, at: end, end, text, value, line: linesOf(last)[1] + 1 };
}

function mentions(statement: EsNode, name: string): boolean {
  return [...walk(statement)].some(({ node }) => node.type === 'Identifier' && node['name'] === name);
}
