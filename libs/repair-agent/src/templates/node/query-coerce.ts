import { lineText, offsetOf, replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import { findJsRoute } from '../../recipes/node/route-match.js';
import { typesOf } from '../python/contract-schema.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { parseFile, spanOf, walk, type EsNode } from './estree.js';

const ID = 'node.query-coerce';
const REFUSED_TEXT = /expected number, received string/i;

/**
 * A query string is text, so a zod schema that validates the query with `z.number()` refuses every
 * request (400 `Expected number, received string`) → `z.coerce.number()` for the query parameters
 * the contract documents as integer/number, the rest of each chain (`.int().positive()`) kept.
 * Only a schema the route's own registration passes together with `'query'`
 * (`validate(quoteQuery, 'query')`, `{ query: quoteQuery }`), defined once in the project as
 * `const quoteQuery = z.object({…})`, and only when the 400 the request got says a number was
 * expected where a string came.
 */
export const nodeQueryCoerce: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'coerce the numeric query parameters a zod schema validates (query strings are text)',
  evidence: { kinds: ['status_mismatch'], contract: true },
  async *candidates({ cause, tree, node: given, operation }) {
    const node = given ?? nodeProjectFor(tree);
    if (!operation || !cause.violations.some((v) => v.actualStatus === 400 && REFUSED_TEXT.test(v.responseExcerpt)))
      return;
    const numeric = operation.parameters
      .filter((p) => p.in === 'query' && typeof p.schema === 'object')
      .filter((p) => typesOf(p.schema as Record<string, unknown>).some((t) => t === 'integer' || t === 'number'))
      .map((p) => p.name);
    const route = await findJsRoute(node, operation.endpoint);
    const registration = route?.call ? await tree.read(route.file) : null;
    if (numeric.length === 0 || !route?.call || registration === null) return;
    const start = offsetOf(registration, route.call.line);
    const end = route.call.handlerArg?.start ?? start + lineText(registration, route.call.line).length;
    const text = registration.slice(start, end);
    if (!/['"`]query['"`]|\bquery\s*:/.test(text)) return;
    for (const name of new Set([...text.matchAll(/[A-Za-z_$][\w$]*/g)].map((m) => m[0]))) {
      const found = await zodObject(tree, name);
      if (!found) continue;
      const edits: [number, number][] = [];
      for (const property of found.properties) {
        const key = property['key'] as EsNode;
        const value = property['value'] as EsNode;
        if (key.type !== 'Identifier' || !numeric.includes(key['name'] as string)) continue;
        const [vStart, vEnd] = spanOf(value);
        const at = /^z\s*\.\s*number\s*\(/.exec(found.source.slice(vStart, vEnd));
        if (at) edits.push([vStart, vStart + at[0].length - 1]);
      }
      if (edits.length === 0) continue;
      let updated = found.source;
      for (const [s, e] of edits.reverse()) updated = replaceRange(updated, s, e, 'z.coerce.number');
      await tree.write(found.file, updated);
      yield {
        key: ID,
        summary:
          `z.coerce.number() for the numeric query parameters of ${operation.endpoint} in ${name} ` + `(${found.file})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

// The one `const name = z.object({ … })` of the project: its file, source and properties.
async function zodObject(
  tree: SourceTree,
  name: string,
): Promise<{ file: string; source: string; properties: EsNode[] } | null> {
  const pattern = new RegExp(`\\b(?:const|let)\\s+${name.replace(/\$/g, '\\$')}\\s*=\\s*z\\s*\\.\\s*object\\s*\\(`);
  const hits: { file: string; source: string; properties: EsNode[] }[] = [];
  for (const file of await projectSourceFiles(tree)) {
    const source = await tree.read(file);
    if (source === null || !pattern.test(source)) continue;
    const program = parseFile(file, source);
    if (!program) continue;
    for (const { node } of walk(program)) {
      const id = node['id'] as EsNode | undefined;
      const init = node['init'] as EsNode | undefined;
      if (node.type !== 'VariableDeclarator' || id?.['name'] !== name || init?.type !== 'CallExpression') continue;
      const shape = (init['arguments'] as EsNode[])[0];
      if (shape?.type === 'ObjectExpression') hits.push({ file, source, properties: shape['properties'] as EsNode[] });
    }
  }
  return hits.length === 1 ? hits[0]! : null;
}
