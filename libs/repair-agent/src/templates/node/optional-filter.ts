import { replaceRange } from '../../node/js-edits.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { linesOf, parseFile, pathOf, spanOf, walk, type EsNode } from './estree.js';
import { isFunction, propertyName } from './object-keys.js';

const ID = 'node.optional-filter';
const UNDEFINED_READ = /^Cannot read properties of undefined \(reading '([\w$]+)'\)/;

/**
 * A filter the contract makes optional applied whether or not it was given: `const species =
 * filters.species.toLowerCase();` then `return lots.filter((l) => l.species === species);` throws
 * `Cannot read properties of undefined (reading 'toLowerCase')` when no species is asked for →
 * the whole collection then: `if (filters.species === undefined) return lots;` above the
 * declaration. Never `?.`, which filters every record against undefined and answers none.
 * Evidence, all required: the culprit line declares one local from a method call on a member path
 * whose last name is an optional query parameter of the operation; the next statement returns
 * `collection.filter(callback)`, the callback reading the local; nothing else reads the local.
 */
export const nodeOptionalFilter: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'answer the whole collection when an optional filter is not given',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true, contract: true },
  async *candidates({ exception, culprit, tree, operation }) {
    const method = UNDEFINED_READ.exec(exception?.message ?? '')?.[1];
    const optional = new Set(
      (operation?.parameters ?? []).filter((p) => p.in === 'query' && !p.required).map((p) => p.name),
    );
    if (!culprit || !method || optional.size === 0) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    for (const { node: block } of walk(program)) {
      if (block.type !== 'BlockStatement') continue;
      const body = block['body'] as EsNode[];
      for (let i = 0; i + 1 < body.length; i++) {
        const site = filterSite(body[i]!, body[i + 1]!, method, optional);
        if (!site || linesOf(body[i]!)[0] !== culprit.line) continue;
        if (readsElsewhere(body, i, site.local)) continue;
        const [start] = spanOf(body[i]!);
        const lineStart = source.lastIndexOf('\n', start - 1) + 1;
        const indent = source.slice(lineStart, start);
        if (indent.trim() !== '') continue;
        const guard = `if (${site.filter} === undefined) return ${site.collection};\n${indent}`;
        await tree.write(culprit.file, replaceRange(source, start, start, guard));
        yield {
          key: siteKey(ID, culprit.file, culprit.line),
          summary:
            `answer ${site.collection} whole when the optional ${site.filter} is not given ` +
            `(${culprit.file}:${culprit.line})`,
          template: { recipe: ID },
        };
        return;
      }
    }
  },
};

// `const v = o.f.m(…);` followed by `return c.filter((x) => … v …);`, `f` an optional query parameter.
function filterSite(
  declaration: EsNode,
  next: EsNode,
  method: string,
  optional: ReadonlySet<string>,
): { local: string; filter: string; collection: string } | undefined {
  if (declaration.type !== 'VariableDeclaration') return undefined;
  const declarators = declaration['declarations'] as EsNode[];
  const id = declarators[0]?.['id'] as EsNode | undefined;
  const init = declarators[0]?.['init'] as EsNode | undefined;
  if (declarators.length !== 1 || id?.type !== 'Identifier' || init?.type !== 'CallExpression') return undefined;
  const callee = init['callee'] as EsNode;
  if (propertyName(callee) !== method) return undefined;
  const filter = pathOf(callee['object'] as EsNode);
  const field = filter?.split('.').at(-1);
  if (!filter || !filter.includes('.') || !field || !optional.has(field)) return undefined;
  const returned = next.type === 'ReturnStatement' ? (next['argument'] as EsNode | null) : null;
  if (returned?.type !== 'CallExpression' || propertyName(returned['callee'] as EsNode) !== 'filter') return undefined;
  const collection = pathOf((returned['callee'] as EsNode)['object'] as EsNode);
  const callback = (returned['arguments'] as EsNode[])[0];
  const local = id['name'] as string;
  if (!collection || !callback || !isFunction(callback) || !reads(callback, local)) return undefined;
  return { local, filter, collection };
}

function reads(node: EsNode, name: string): boolean {
  for (const { node: inner } of walk(node)) if (inner.type === 'Identifier' && inner['name'] === name) return true;
  return false;
}

// Whether a statement of the block other than the declaration and the return reads the local.
function readsElsewhere(body: readonly EsNode[], at: number, local: string): boolean {
  return body.some((s, i) => i !== at && i !== at + 1 && reads(s, local));
}
