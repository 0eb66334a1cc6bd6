import { renameInRange, replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, parseFile, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';

const ID = 'node.frozen-update';

/**
 * `TypeError: Cannot assign to read only property 'x' of object` at `Object.assign(row, changes)`
 * where `row` was read from a keyed store (`const row = this.rows.get(id)`) and the same file
 * freezes what it stores (`Object.freeze({ ...data, id })`): the records are immutable by design,
 * so the update builds the next record instead of mutating it — `const updated =
 * Object.freeze({ ...row, ...changes }); this.rows.set(id, updated);` — and the rest of the
 * function uses it. The file's own cast of a frozen record (`as T`) is repeated. Without a freeze
 * in the file (a record frozen by someone else, for a reason this code does not state), or when
 * the record did not come from a store's `get`, no candidate.
 */
export const nodeFrozenUpdate: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'store an updated copy of a frozen record instead of assigning to it',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    if (!culprit || !/^Cannot assign to read only property /.test(exception?.message ?? '')) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null || !/\bObject\.freeze\(/.test(source)) return;
    const found = [...walk(program)].find(
      ({ node }) =>
        node.type === 'ExpressionStatement' &&
        isAssignCall(node['expression'] as EsNode) &&
        linesOf(node)[0] === culprit.line,
    );
    const fn = found && [...found.ancestors].reverse().find(isFunction);
    if (!found || !fn) return;
    const [target, ...changes] = (found.node['expression'] as EsNode)['arguments'] as EsNode[];
    if (target?.type !== 'Identifier' || changes.length === 0) return;
    const row = target['name'] as string;
    const read = storeRead(fn, row);
    if (!read) return;
    const names = new Set(
      [...walk(fn)].filter(({ node }) => node.type === 'Identifier').map(({ node }) => node['name']),
    );
    const next = ['updated', `${row}Updated`, `next${row[0]!.toUpperCase()}${row.slice(1)}`].find((n) => !names.has(n));
    if (!next) return;
    // `Object.freeze({ ...data, id }) as T` elsewhere in the file: the same cast for the new record.
    const cast = /Object\.freeze\([^;]*?\)(\s+as\s+[A-Za-z_$][\w$]*)/.exec(source)?.[1] ?? '';
    const [start, end] = spanOf(found.node);
    const indent = /[ \t]*$/.exec(source.slice(0, start))![0];
    // A literal's own entries are written out (`{ updatedAt: now }` → `updatedAt: now`), the rest spread.
    const spread = [row, ...changes.map((c) => textOf(source, c))]
      .map((t) => (/^\{[\s\S]*\}$/.test(t) ? t.slice(1, -1).trim() : `...${t}`))
      .join(', ');
    const replacement =
      `const ${next} = Object.freeze({ ${spread} })${cast};` + `\n${indent}${read.store}.set(${read.key}, ${next});`;
    const [, fnEnd] = spanOf(fn);
    const renamed = renameInRange(source, end, fnEnd, row, next, false) ?? source;
    await tree.write(culprit.file, replaceRange(renamed, start, end, replacement));
    yield {
      key: ID,
      summary:
        `store a frozen copy of ${row} with the changes instead of assigning to it ` +
        `(${culprit.file}:${culprit.line})`,
      template: { recipe: ID },
    };
  },
};

function isAssignCall(node: EsNode): boolean {
  return node.type === 'CallExpression' && pathOf(node['callee'] as EsNode) === 'Object.assign';
}

// `const row = this.rows.get(id)` (awaited or not) in the function: the store and the key, as written.
function storeRead(fn: EsNode, row: string): { store: string; key: string } | null {
  for (const { node } of walk(fn)) {
    const id = node['id'] as EsNode | undefined;
    if (node.type !== 'VariableDeclarator' || id?.type !== 'Identifier' || id['name'] !== row) continue;
    let init = node['init'] as EsNode | null;
    if (init?.type === 'AwaitExpression') init = init['argument'] as EsNode;
    const callee = init?.type === 'CallExpression' ? (init['callee'] as EsNode) : null;
    const args = (init?.['arguments'] as EsNode[] | undefined) ?? [];
    if (callee?.type !== 'MemberExpression' || callee['computed'] || args.length !== 1) return null;
    if ((callee['property'] as EsNode)['name'] !== 'get') return null;
    const store = pathOf(callee['object'] as EsNode);
    const key = args[0]!;
    return store && (key.type === 'Identifier' || pathOf(key))
      ? { store, key: pathOf(key) ?? (key['name'] as string) }
      : null;
  }
  return null;
}
