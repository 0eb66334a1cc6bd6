import { replaceRange } from '../../node/js-edits.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import { operationOf, type RepairTemplate } from '../template.js';
import { keyName, parseFile, spanOf, walk, type EsNode } from './estree.js';

const ID = 'node.documented-default';

/**
 * A query parameter's default left at a name the code itself no longer allows, after a rename
 * (`sort: { type: 'enum', values: ['code', 'color'], default: 'sku' }`, or zod's
 * `sort: z.enum(['code', 'color']).default('sku')`), so a request without it reads a field no
 * record has → the default the contract documents for that parameter (`default: 'code'`). Only
 * when the documented default is one of the values the same declaration lists and the code's
 * default is none of them: by the code's own rule its default is invalid.
 */
export const nodeDocumentedDefault: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "default a query parameter to the value the contract documents, one the code's own list allows",
  evidence: { kinds: ['runtime_error', 'crash', 'status_mismatch', 'schema_mismatch'] },
  async *candidates({ cause, contract, tree }) {
    const defaults = new Map<string, string>();
    for (const endpoint of new Set([...cause.endpoints, ...cause.violations.map((v) => v.endpoint)]))
      for (const p of operationOf(contract, endpoint)?.parameters ?? []) {
        const value = typeof p.schema === 'object' ? p.schema['default'] : undefined;
        if (p.in === 'query' && typeof value === 'string') defaults.set(p.name, value);
      }
    if (defaults.size === 0) return;
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      const program = source === null ? null : parseFile(file, source);
      if (!program || source === null) continue;
      for (const { node } of walk(program)) {
        if (node.type !== 'Property' || node['computed']) continue;
        const documented = defaults.get(keyName(node['key'] as EsNode) ?? '');
        const stale = documented === undefined ? null : staleDefault(node['value'] as EsNode, documented);
        if (!stale) continue;
        const [start, end] = spanOf(stale);
        const quote = source[start] === '"' ? '"' : "'";
        await tree.write(file, replaceRange(source, start, end, `${quote}${documented}${quote}`));
        yield {
          key: ID,
          summary:
            `default ${keyName(node['key'] as EsNode)} to '${documented}' as documented, ` +
            `not ${source.slice(start, end)} (${file})`,
          template: { recipe: ID },
        };
        return;
      }
    }
  },
};

// The default literal of a declaration that lists the documented value and not its own default.
function staleDefault(value: EsNode, documented: string): EsNode | null {
  let listed: string[] | null = null;
  let fallback: EsNode | null = null;
  if (value.type === 'ObjectExpression') {
    for (const p of value['properties'] as EsNode[]) {
      const name = p.type === 'Property' ? keyName(p['key'] as EsNode) : null;
      const v = p['value'] as EsNode | undefined;
      if (name === 'default' && v && isString(v)) fallback = v;
      if ((name === 'values' || name === 'enum') && v?.type === 'ArrayExpression') listed = strings(v);
    }
  } else if (value.type === 'CallExpression') {
    // `z.enum([...]).default('x')`
    const callee = value['callee'] as EsNode;
    const arg = (value['arguments'] as EsNode[])[0];
    const inner = callee.type === 'MemberExpression' ? (callee['object'] as EsNode) : null;
    if (keyName((callee['property'] as EsNode) ?? callee) === 'default' && arg && isString(arg)) fallback = arg;
    const list = inner?.type === 'CallExpression' ? (inner['arguments'] as EsNode[])[0] : undefined;
    if (list?.type === 'ArrayExpression') listed = strings(list);
  }
  if (!fallback || !listed) return null;
  const current = fallback['value'] as string;
  return current !== documented && listed.includes(documented) && !listed.includes(current) ? fallback : null;
}

function isString(n: EsNode): boolean {
  return n.type === 'Literal' && typeof n['value'] === 'string';
}

function strings(list: EsNode): string[] {
  return (list['elements'] as EsNode[]).filter((e) => e && isString(e)).map((e) => e['value'] as string);
}
