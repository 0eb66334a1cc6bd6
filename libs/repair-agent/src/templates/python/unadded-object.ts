import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { indentOf, maskStrings } from './expression-text.js';

// SQLAlchemy's message for `session.refresh(obj)` on an object the session does not hold.
const NOT_PERSISTENT = /^Instance '<\w+ at 0x[0-9a-f]+>' is not persistent within this Session$/;
const EXCEPTIONS = ['InvalidRequestError', 'sqlalchemy.exc.InvalidRequestError'];
const REFRESH = /^\s*(?:await\s+)?((?:self\.)?[A-Za-z_]\w*)\.refresh\(\s*([A-Za-z_]\w*)\s*\)\s*(?:#.*)?$/;

/**
 * A create that builds a mapped object (`lesson = Lesson(title=...)`), commits and refreshes it,
 * but never hands it to the session: the commit writes nothing and `db.refresh(lesson)` raises
 * `InvalidRequestError: Instance '<Lesson at 0x…>' is not persistent within this Session` →
 * `db.add(lesson)` just before that commit, so the row is stored and read back. Only when the
 * refresh is the culprit, the same session's `commit()` (or `flush()`) comes before it in the same
 * block (an added object would then be persistent: this one was never added), the object is built
 * there by calling a class of the project, and nothing in between passes it on (`add`,
 * `append`, a call's argument) or binds the name again: only its attributes are set. A refresh
 * before the commit is `python.refresh-before-commit`'s; an object from a query, or handed to a
 * helper: no candidate. Dropping the refresh would answer 2xx for a row that was never stored.
 */
export const pythonUnaddedObject: RepairTemplate = {
  id: 'python.unadded-object',
  language: 'python',
  summary: 'add a new object to the session before the commit that should store it',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS, culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    if (!exception || !culprit || !NOT_PERSISTENT.test(exception.message.trim())) return;
    const source = await tree.read(culprit.file);
    const fn = await python.functionAt(culprit.file, culprit.line);
    if (source === null || !fn) return;
    const { lines, join } = splitSource(source);
    const at = culprit.line - 1;
    const refresh = REFRESH.exec(lines[at] ?? '');
    if (!refresh) return;
    const [, session, record] = refresh as unknown as [string, string, string];
    const indent = indentOf(lines[at]!);
    const commit = precedingCommit(lines, at, fn.bodyLine - 1, session, indent);
    if (commit < 0) return;
    const built = new RegExp(`^${indent}${record}\\s*(?::\\s*[\\w.]+\\s*)?=\\s*([A-Za-z_]\\w*)\\(`);
    let start = -1;
    for (let i = commit - 1; i >= fn.bodyLine - 1 && start < 0; i--) if (built.test(lines[i] ?? '')) start = i;
    if (start < 0) return;
    const cls = built.exec(lines[start]!)![1]!;
    if (!(await python.classNamed(cls))) return;
    // Between the constructor call and the commit the object's attributes may be set, nothing else.
    const mention = new RegExp(`(?<![\\w.])${record}(?!\\w)`);
    const attribute = new RegExp(`^\\s*${record}\\.\\w+\\s*(?:[-+*/]?=)(?!=)`);
    let depth = 0;
    for (let i = start; i < commit; i++) {
      const code = maskStrings(lines[i]!).replace(/#.*$/, '');
      if (i > start && depth === 0 && mention.test(code) && !attribute.test(code)) return;
      if (i > start && depth === 0 && attribute.test(code) && mention.test(code.replace(attribute, ''))) return;
      for (const ch of code) depth += '([{'.includes(ch) ? 1 : ')]}'.includes(ch) ? -1 : 0;
      // Inside the constructor call's arguments the name cannot be read (it is not bound yet).
    }
    lines.splice(commit, 0, `${indent}${session}.add(${record})`);
    await tree.write(culprit.file, join(lines));
    yield {
      key: 'python.unadded-object',
      summary:
        `${session}.add(${record}) before ${lines[commit + 1]!.trim()} at ${culprit.file}:${commit + 1}: ` +
        `the new ${cls} was never added to the session`,
      template: { recipe: 'python.unadded-object' },
    };
  },
};

// The index of the same session's `commit()`/`flush()` before the refresh at `at`, in its block
// (at its indentation, no line less indented in between), or -1.
function precedingCommit(lines: readonly string[], at: number, from: number, session: string, indent: string): number {
  const call = new RegExp(
    `^\\s*(?:await\\s+)?${session.replace('.', '\\.')}\\.(?:commit|flush)\\(\\s*\\)\\s*(?:#.*)?$`,
  );
  for (let i = at - 1; i >= from; i--) {
    const line = lines[i]!;
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    if (indentOf(line).length < indent.length) return -1;
    if (indentOf(line) === indent && call.test(line)) return i;
  }
  return -1;
}
