import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { indentOf } from './expression-text.js';

// What a conflict check raises: 409, or a message about a value already in use.
const CONFLICT = /\b409\b|CONFLICT|already|exists|taken|duplicate|in use|not unique/i;

/**
 * A uniqueness check that forgets the lookup may find nothing:
 * `existing = repo.get_by_sku(payload.sku)` then `if existing.id != book_id: raise
 * HTTPException(409, "SKU already exists")` fails with `'NoneType' object has no attribute 'id'`
 * whenever the value is free — the normal case, not a missing resource, so no 404 →
 * `if existing is not None and existing.id != book_id:`. Only when the lookup is by a value that
 * is no id (a lookup by an id that misses is none-deref's 404) and the guarded block raises a
 * conflict (409, "already exists"); an `else:` branch, which None would now take, → no candidate.
 */
export const pythonConflictGuard: RepairTemplate = {
  id: 'python.conflict-guard',
  language: 'python',
  summary: 'let a uniqueness check pass when its lookup finds no conflicting row',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['AttributeError'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    const attribute = /^'NoneType' object has no attribute '(\w+)'/.exec(exception?.message ?? '')?.[1];
    if (!culprit || !attribute) return;
    const source = await tree.read(culprit.file);
    const fn = await python.functionAt(culprit.file, culprit.line);
    if (source === null || !fn) return;
    const { lines, join } = splitSource(source);
    const text = lines[culprit.line - 1]!;
    const test = /^(\s*)(if|elif)\s+(.+):(\s*)$/.exec(text.slice(0, codeEnd(text)));
    if (!test) return;
    const dereferenced = [...test[3]!.matchAll(new RegExp(`\\b(\\w+)\\.${attribute}\\b`, 'g'))].map((m) => m[1]!);
    // The request's own values (`body.email`) are parameters; the lookup's result is a local.
    const variable = [...new Set(dereferenced)].filter((v) => !fn.params.includes(v));
    if (variable.length !== 1) return;
    const name = variable[0]!;
    // Its last assignment above, in this function: a call whose arguments are no id.
    let lookup: string | undefined;
    for (let i = culprit.line - 2; i >= fn.bodyLine - 1; i--) {
      const assigned = new RegExp(`^\\s*${name}\\s*(?::[^=]+)?=(?!=)\\s*(.+)$`).exec(lines[i]!);
      if (assigned) {
        lookup = assigned[1];
        break;
      }
    }
    const args = lookup ? /\((.*)\)/.exec(lookup)?.[1] : undefined;
    if (args === undefined || args.trim() === '' || /(?:^|[^\w])(?:\w*_)?id\b/i.test(args)) return;
    // The guarded block: its statements up to the dedent; it must raise a conflict, and no `else:` follows.
    const indent = test[1]!.length;
    const block: string[] = [];
    let next = culprit.line;
    for (; next < lines.length; next++) {
      const line = lines[next]!;
      if (line.trim() === '') continue;
      if (indentOf(line).length <= indent) break;
      block.push(line);
    }
    const after = lines[next] ?? '';
    if (indentOf(after).length === indent && /^\s*(?:else|elif)\b/.test(after)) return;
    if (!block.some((l) => /^\s*raise\b/.test(l)) || !CONFLICT.test(block.join('\n'))) return;
    const condition = /\b(?:or|if)\b|\blambda\b/.test(test[3]!) ? `(${test[3]})` : test[3]!;
    lines[culprit.line - 1] =
      `${test[1]}${test[2]} ${name} is not None and ${condition}:${test[4]}${text.slice(codeEnd(text))}`;
    await tree.write(culprit.file, join(lines));
    yield {
      key: 'python.conflict-guard#not-none',
      summary: `check ${name} is not None before its conflict test at ${culprit.file}:${culprit.line}`,
      template: { recipe: 'python.conflict-guard#not-none' },
    };
  },
};
