import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { indentOf } from './expression-text.js';

// SQLAlchemy's message for `session.refresh(obj)` on an object that is pending (added, not flushed).
const NOT_PERSISTENT = /^Instance '<\w+ at 0x[0-9a-f]+>' is not persistent within this Session$/;
const EXCEPTIONS = ['InvalidRequestError', 'sqlalchemy.exc.InvalidRequestError'];

/**
 * `db.add(record); db.refresh(record); db.commit()`: the refresh of an object that is only
 * pending raises `InvalidRequestError: Instance '<X at 0x…>' is not persistent within this
 * Session` → the refresh moved to just after the same session's `commit()` (or `flush()`) that
 * follows it in the same block, so the object is written, then read back. Only a refresh on the
 * culprit line of a plain `session.refresh(name)` statement; no commit of that session after it
 * in its block (committing is the code's decision, not this template's): no candidate.
 */
export const pythonRefreshBeforeCommit: RepairTemplate = {
  id: 'python.refresh-before-commit',
  language: 'python',
  summary: "refresh a new object after its session's commit, not before",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS, culprit: true },
  async *candidates({ exception, culprit, tree }) {
    if (!exception || !culprit || !NOT_PERSISTENT.test(exception.message.trim())) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const at = culprit.line - 1;
    const refresh = /^\s*((?:self\.)?[A-Za-z_]\w*)\.refresh\(\s*[A-Za-z_][\w.]*\s*\)\s*(?:#.*)?$/.exec(lines[at] ?? '');
    if (!refresh) return;
    const session = refresh[1]!.replace('.', '\\.');
    const indent = indentOf(lines[at]!);
    for (let i = at + 1; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.trim() === '' || /^\s*#/.test(line)) continue;
      if (indentOf(line).length < indent.length) return;
      if (indentOf(line) !== indent) continue;
      if (!new RegExp(`^\\s*${session}\\.(?:commit|flush)\\(\\s*\\)\\s*(?:#.*)?$`).test(line)) {
        if (/^\s*(?:return|raise)\b/.test(line)) return;
        continue;
      }
      const moved = lines[at]!;
      lines.splice(i + 1, 0, moved);
      lines.splice(at, 1);
      await tree.write(culprit.file, join(lines));
      yield {
        key: 'python.refresh-before-commit#after-commit',
        summary: `refresh after ${line.trim()} at ${culprit.file}:${culprit.line}`,
        template: { recipe: 'python.refresh-before-commit#after-commit' },
      };
      return;
    }
  },
};
