import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import { selectListItems } from '../../node/sql-select-list.js';
import { closestFieldName } from '../../similarity.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { isFunction, propertyName } from './object-keys.js';
import { mistypedNumberFields } from './schema-field.js';

const ID = 'node.selected-column';

/**
 * A 2xx whose documented number field is null (`/lines/0/unitPriceCents must be integer`): the
 * callback that maps the rows of a `SELECT a, b AS c, t.d FROM …` reads a column the query does
 * not select (`Number(row.unit_price_cents)` → NaN → null) → read the one selected column the
 * callback reads nowhere, when it names the same thing (`closestFieldName`, or a shared word:
 * `charge_cents`). The query's column list is the evidence: with `*`, an expression without an
 * alias, no unread column or two, or a callback that builds no violated field, nothing.
 */
export const nodeSelectedColumn: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'read a row by a column its SELECT selects',
  evidence: { kinds: ['schema_mismatch'] },
  async *candidates({ cause, tree }) {
    const fields = mistypedNumberFields(cause);
    if (fields.size === 0) return;
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      if (source === null || !/\bSELECT\b/i.test(source) || ![...fields].some((f) => source.includes(f))) continue;
      const program = parseFile(file, source);
      if (!program) continue;
      for (const { node, ancestors } of walk(program)) {
        const row = rowCallback(node, ancestors, program);
        if (!row) continue;
        const builds = [...walk(node)].some(
          (w) => w.node.type === 'Property' && fields.has(keyName(w.node['key'] as EsNode) ?? ''),
        );
        if (!builds) continue;
        const reads = [...walk(node)]
          .map((w) => w.node)
          .filter(
            (n) =>
              n.type === 'MemberExpression' &&
              !n['computed'] &&
              (n['object'] as EsNode).type === 'Identifier' &&
              (n['object'] as EsNode)['name'] === row.param,
          );
        const names = new Set(reads.map((r) => propertyName(r)!));
        const unknown = [...names].filter((n) => !row.columns.includes(n));
        const unread = row.columns.filter((c) => !names.has(c));
        if (unknown.length !== 1 || unread.length !== 1 || !namesSame(unknown[0]!, unread[0]!)) continue;
        let updated = source;
        for (const read of reads
          .filter((r) => propertyName(r) === unknown[0])
          .sort((a, b) => spanOf(b)[0] - spanOf(a)[0])) {
          const [start, end] = spanOf(read['property'] as EsNode);
          updated = replaceRange(updated, start, end, unread[0]!);
        }
        await tree.write(file, updated);
        yield {
          key: siteKey(ID, file, linesOf(node)[0]),
          summary:
            `read ${row.param}.${unread[0]}, the column the SELECT selects, ` +
            `not ${unknown[0]} (${file}:${linesOf(node)[0]})`,
          template: { recipe: ID },
        };
        return;
      }
    }
  },
};

// A function `(row) => …` passed to `.map`/`.forEach` over rows a `SELECT` with a known column list returned.
function rowCallback(
  node: EsNode,
  ancestors: readonly EsNode[],
  program: EsNode,
): { param: string; columns: string[] } | null {
  const params = node['params'] as EsNode[] | undefined;
  if (!isFunction(node) || params?.length !== 1 || params[0]!.type !== 'Identifier') return null;
  const call = ancestors.at(-1);
  const callee = call?.type === 'CallExpression' ? (call['callee'] as EsNode) : undefined;
  if (
    !callee ||
    callee.type !== 'MemberExpression' ||
    !['map', 'forEach', 'flatMap'].includes(propertyName(callee) ?? '')
  )
    return null;
  let rows = callee['object'] as EsNode;
  if (rows.type === 'Identifier') rows = declaredInit(program, rows['name'] as string, ancestors) ?? rows;
  if (rows.type === 'AwaitExpression') rows = rows['argument'] as EsNode;
  const query = rows.type === 'CallExpression' ? sqlText((rows['arguments'] as EsNode[])[0]) : null;
  const columns = query ? selectedColumns(query) : null;
  return columns ? { param: params[0]!['name'] as string, columns } : null;
}

// The initialiser of the one `const name = …` among the enclosing functions' statements.
function declaredInit(program: EsNode, name: string, ancestors: readonly EsNode[]): EsNode | null {
  const scope = [...ancestors].reverse().find(isFunction) ?? program;
  const inits = [...walk(scope)]
    .map((w) => w.node)
    .filter(
      (n) =>
        n.type === 'VariableDeclarator' &&
        (n['id'] as EsNode).type === 'Identifier' &&
        (n['id'] as EsNode)['name'] === name,
    );
  return inits.length === 1 ? ((inits[0]!['init'] as EsNode | null) ?? null) : null;
}

function sqlText(arg: EsNode | undefined): string | null {
  if (arg?.type === 'Literal' && typeof arg['value'] === 'string') return arg['value'];
  if (arg?.type === 'TemplateLiteral' && (arg['expressions'] as EsNode[]).length === 0)
    return ((arg['quasis'] as EsNode[])[0]!['value'] as { cooked: string }).cooked;
  return null;
}

/** The names a `SELECT … FROM` gives its columns, or null when one is `*` or an unnamed expression. */
export function selectedColumns(sql: string): string[] | null {
  const items = selectListItems(sql);
  if (!items) return null;
  const names = items.map(
    (item) => /\s+AS\s+["'`]?(\w+)["'`]?$/i.exec(item)?.[1] ?? /^(?:\w+\.)?["'`]?(\w+)["'`]?$/.exec(item)?.[1] ?? null,
  );
  return names.some((n) => n === null) ? null : (names as string[]);
}

// Whether two column names stand for one thing: a spelling/words match, or a shared word of 3+ letters.
function namesSame(read: string, selected: string): boolean {
  if (closestFieldName(read, [selected])) return true;
  const words = (s: string) =>
    s
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .toLowerCase()
      .split('_')
      .filter((w) => w.length >= 3 && w !== 'id');
  return words(read).some((w) => words(selected).includes(w));
}
