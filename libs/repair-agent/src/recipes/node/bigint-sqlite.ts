import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import type { SourceTree } from '../../source/source-tree.js';
import { linesOf, parseFile, spanOf, walk, type EsNode } from '../../templates/node/estree.js';
import type { DocumentedKeySets } from './bigint-source.js';
import { selectListItems } from '../../node/sql-select-list.js';

/**
 * better-sqlite3 statements read with `.safeIntegers(true)` (or `.safeIntegers()`) hand every
 * integer column back as a BigInt. Where such a statement's selected names (`SUM(x) AS totalCents`,
 * `count`) include one the contract documents as a number and none it documents as text, the
 * statement reads plain numbers instead: `.safeIntegers(false)`, what the contract's integers are.
 * A file that computes with BigInts itself (`12n`, `BigInt(…)`, `typeof … === 'bigint'`) is left
 * alone: its code counts on them. Returns `file:line` of each edit.
 */
export async function stopSafeIntegers(tree: SourceTree, keys: DocumentedKeySets): Promise<string[]> {
  const done: string[] = [];
  for (const file of await projectSourceFiles(tree)) {
    const source = await tree.read(file);
    if (source === null || !/\.safeIntegers\(/.test(source)) continue;
    const program = parseFile(file, source);
    if (!program || computesWithBigInts(program)) continue;
    const edits: { start: number; end: number; line: number }[] = [];
    for (const { node } of walk(program)) {
      if (node.type !== 'CallExpression') continue;
      const callee = node['callee'] as EsNode;
      if (callee.type !== 'MemberExpression' || (callee['property'] as EsNode)['name'] !== 'safeIntegers') continue;
      const args = node['arguments'] as EsNode[];
      if (args.length > 1 || (args.length === 1 && !(args[0]!.type === 'Literal' && args[0]!['value'] === true)))
        continue;
      const sql = preparedSql(callee['object'] as EsNode);
      if (sql === null) continue;
      const names = selectedNames(sql);
      if (!names.some((n) => keys.number.includes(n)) || names.some((n) => keys.string.includes(n))) continue;
      const [, end] = spanOf(node);
      // The parentheses of the call: its last `(` … `)`.
      const open = source.lastIndexOf('(', args.length > 0 ? spanOf(args[0]!)[0] : end - 1);
      edits.push({ start: open + 1, end: end - 1, line: linesOf(callee['property'] as EsNode)[0] });
    }
    if (edits.length === 0) continue;
    let updated = source;
    for (const edit of edits.sort((a, b) => b.start - a.start))
      updated = replaceRange(updated, edit.start, edit.end, 'false');
    await tree.write(file, updated);
    done.push(...edits.map((e) => `${file}:${e.line}`).reverse());
  }
  return done;
}

// Code (not a comment) that makes or tests BigInts: `BigInt`, `12n`, `'bigint'`.
function computesWithBigInts(program: EsNode): boolean {
  for (const { node } of walk(program)) {
    if (node.type === 'Identifier' && node['name'] === 'BigInt') return true;
    if (node.type === 'Literal' && (typeof node['bigint'] === 'string' || node['value'] === 'bigint')) return true;
  }
  return false;
}

// `db.prepare('SELECT …')` (a literal or a template without substitutions): its SQL text.
function preparedSql(object: EsNode): string | null {
  if (object.type !== 'CallExpression') return null;
  const callee = object['callee'] as EsNode;
  if (callee.type !== 'MemberExpression' || (callee['property'] as EsNode)['name'] !== 'prepare') return null;
  const arg = (object['arguments'] as EsNode[])[0];
  if (arg?.type === 'Literal' && typeof arg['value'] === 'string') return arg['value'];
  if (arg?.type === 'TemplateLiteral' && (arg['expressions'] as EsNode[]).length === 0)
    return ((arg['quasis'] as EsNode[])[0]!['value'] as { cooked: string }).cooked;
  return null;
}

// The names a SELECT gives its columns: the alias after AS, else the column's own name.
function selectedNames(sql: string): string[] {
  return (selectListItems(sql) ?? [])
    .map((p) => /(?:\bas\s+)?["`]?([A-Za-z_]\w*)["`]?\s*$/i.exec(p)?.[1] ?? '')
    .filter((n) => n !== '' && n !== '*');
}
