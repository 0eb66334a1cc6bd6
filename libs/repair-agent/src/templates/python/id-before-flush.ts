import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { maskStrings } from './expression-text.js';

const ID = 'python.id-before-flush';
const EXCEPTIONS = ['TypeError'];
// What a None id does where a number was meant: formatted (`f"{x.id:05d}"`), or computed with.
const NONE_USE = new RegExp(
  String.raw`unsupported format string passed to NoneType\.__format__|` +
    String.raw`unsupported operand type\(s\) for [^:]+: (?:'NoneType' and|.* and 'NoneType')`,
);

/**
 * A handler adds a new record (`db.add(order)`) and, before anything has flushed it, reads the id
 * the database is to give it (`order.reference = f"SO-{order.id:05d}"`): the id is still None, so
 * `TypeError: unsupported format string passed to NoneType.__format__` (or an arithmetic one on
 * 'NoneType') at that line → `db.flush()` right after the add: the INSERT runs inside the request's
 * transaction and the id is set, the statements after it (and the later commit) unchanged. Evidence:
 * the exception at the culprit line, which reads `x.id` of a name the same function added to a
 * session above it with no `flush()`/`commit()` of that session between. Never a placeholder id or
 * a reference without it. Must not fire on a record flushed or committed before the read, a line not
 * reading the added record's id, or another NoneType error.
 */
export const pythonIdBeforeFlush: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'flush an added record before a line reads the id the database gives it',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS, culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    if (!culprit || !NONE_USE.test(exception?.message ?? '')) return;
    const source = await tree.read(culprit.file);
    const fn = await python.functionAt(culprit.file, culprit.line);
    if (source === null || !fn) return;
    const { lines, join } = splitSource(source);
    const read = idsRead(lines[culprit.line - 1] ?? '');
    // The function's adds above the culprit line, nearest first: `db.add(order)`.
    for (let i = culprit.line - 2; i >= fn.bodyLine - 1; i--) {
      const add = /^(\s*)([\w.]+)\.add\(\s*(\w+)\s*\)\s*(?:#.*)?$/.exec(lines[i] ?? '');
      if (!add) continue;
      const [, indent, session, record] = add as unknown as [string, string, string, string];
      if (!read.has(record)) continue;
      // Written between the add and the read: the id is set there, this is another bug.
      const between = lines.slice(i + 1, culprit.line - 1).map(maskStrings);
      const s = session.replace(/\./g, '\\.');
      if (between.some((l) => new RegExp(String.raw`\b${s}\.(?:flush|commit)\(`).test(l))) return;
      // An AsyncSession's add() is plain but its flush() a coroutine: awaited where the function awaits the session.
      const awaited = fn.async && source.includes(`await ${session}.`) ? 'await ' : '';
      lines.splice(i + 1, 0, `${indent}${awaited}${session}.flush()`);
      await tree.write(culprit.file, join(lines));
      yield {
        key: ID,
        summary:
          `flush ${record} after ${session}.add at ${culprit.file}:${i + 1}, before line ${culprit.line} ` +
          `reads its database-given id (still None)`,
        template: { recipe: ID },
      };
      return;
    }
    // No add above: the record may be added only after the read (`order.reference = …` then
    // `db.add(order)`); moved up before the read, with the flush.
    const moved = addedBelow(lines, culprit.line, fn, read);
    if (!moved) return;
    const { at, indent, session, record } = moved;
    const awaited = fn.async && source.includes(`await ${session}.`) ? 'await ' : '';
    lines.splice(at, 1);
    lines.splice(culprit.line - 1, 0, `${indent}${session}.add(${record})`, `${indent}${awaited}${session}.flush()`);
    await tree.write(culprit.file, join(lines));
    yield {
      key: ID,
      summary:
        `add and flush ${record} before line ${culprit.line} of ${culprit.file} reads its database-given id ` +
        `(it was added only at line ${at + 1}, the id still None)`,
      template: { recipe: ID },
    };
  },
};

/**
 * The `session.add(record)` below the culprit line, in the same block, of a record the function
 * built itself above it (`order = Order(…)`): with no flush or commit of that session between the
 * read and the add, nothing could have set the id. The culprit line must start a statement of the
 * add's block, so the add and the flush can go right before it.
 */
function addedBelow(lines: string[], line: number, fn: { bodyLine: number; endLine: number }, read: Set<string>) {
  const at = lines[line - 1] ?? '';
  const indent = /^\s*/.exec(at)![0];
  const before = (lines[line - 2] ?? '').replace(/#.*$/, '').trimEnd();
  if (/[([{,\\]$/.test(before)) return undefined;
  for (let i = line; i < fn.endLine; i++) {
    const text = lines[i] ?? '';
    if (text.trim() === '') continue;
    const own = /^\s*/.exec(text)![0];
    if (own.length < indent.length) return undefined;
    const add = /^(\s*)([\w.]+)\.add\(\s*(\w+)\s*\)\s*(?:#.*)?$/.exec(text);
    if (add && add[1] === indent && read.has(add[3]!)) {
      const [, , session, record] = add as unknown as [string, string, string, string];
      const s = session.replace(/\./g, '\\.');
      const between = lines.slice(line - 1, i).map(maskStrings);
      if (between.some((l) => new RegExp(String.raw`\b${s}\.(?:flush|commit)\(`).test(l))) return undefined;
      const built = new RegExp(String.raw`^\s*${record}\s*=\s*[A-Z]\w*\(`);
      if (!lines.slice(fn.bodyLine - 1, line - 1).some((l) => built.test(l))) return undefined;
      return { at: i, indent, session, record };
    }
  }
  return undefined;
}

// The names whose `.id` the line reads, outside string text but inside f-string fields (`f"SO-{order.id:05d}"`).
function idsRead(line: string): Set<string> {
  const out = new Set<string>();
  const fields = [...line.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!);
  for (const text of [maskStrings(line), ...fields])
    for (const m of text.matchAll(/(?<![\w.])(\w+)\.id\b(?!\s*=(?!=))/g)) out.add(m[1]!);
  return out;
}
