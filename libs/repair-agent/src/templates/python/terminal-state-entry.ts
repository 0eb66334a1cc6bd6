import { splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { enumTableEntries } from './enum-keyed-lookup.js';

/**
 * A transition table keyed by the members of one enum (`NEXT = {Phase.DRAFT: {Phase.REVIEW}, …}`)
 * without an entry for a member its values reach (`Phase.DONE`, a terminal state), so asking what
 * may follow it raises `KeyError: <Phase.DONE: 'done'>`. When the table's result is only tested for
 * membership (`target in NEXT[current]`) and a refusal answers when that test says no (`if target not
 * in NEXT[...]: raise …`, or `return target in NEXT[...]` whose caller raises on `if not f(...)`),
 * the state that allows no move gets its empty entry (`Phase.DONE: set()`, the other values' kind),
 * so the existing refusal answers. Never fires on a key that is no member of the table's enum, on a
 * member no entry leads to, on a table whose values are not collections, or on a lookup whose
 * result is used otherwise (a label, a price): an empty answer there would be invented data.
 */
export const pythonTerminalStateEntry: RepairTemplate = {
  id: 'python.terminal-state-entry',
  language: 'python',
  summary: 'give a reachable enum state its empty entry in a transition table, so its refusal answers',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['KeyError'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    // The repr of an enum member: `<Phase.DONE: 'done'>`.
    const missing = /^<([A-Za-z_]\w*)\.([A-Za-z_]\w*): .*>$/.exec(exception?.message.trim() ?? '');
    if (!missing || !culprit) return;
    const [, enumName, member] = missing;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const line = lines[culprit.line - 1] ?? '';
    const code = line.slice(0, codeEnd(line));
    for (const lookup of code.matchAll(/(?<![\w.])([A-Za-z_]\w*)\[(?!['"\d])[^[\]]+\]/g)) {
      // The table's answer is tested for membership: `x in T[k]` / `x not in T[k]`.
      const test = /\b(not\s+)?in\s*$/.exec(code.slice(0, lookup.index));
      if (!test) continue;
      const table = enumTableEntries(lines, lookup[1]!);
      if (!table || table.enumName !== enumName || table.keys.includes(member!)) continue;
      const empty = emptyKind(table.values);
      if (!empty || !table.values.some((v) => new RegExp(`\\b${enumName}\\.${member}\\b`).test(v))) continue;
      if (!(await refuses({ python, tree }, culprit, lines, Boolean(test[1])))) continue;
      insertEntry(lines, table, `${enumName}.${member}: ${empty}`);
      await tree.write(culprit.file, join(lines));
      yield {
        key: 'python.terminal-state-entry',
        summary:
          `${enumName}.${member}: ${empty} in ${lookup[1]} (a state its entries lead to, allowing no move), ` +
          `so ${culprit.file}:${culprit.line} refuses instead of raising KeyError`,
        template: { recipe: 'python.terminal-state-entry', enum: enumName, member },
      };
      return;
    }
  },
};

// `set()` for a table of sets, `[]` for lists, `()` for tuples; null when the values are mixed or no collection.
function emptyKind(values: readonly string[]): string | null {
  const kinds = new Set(
    values.map((v) => {
      if (/^(?:set\(|\{)/.test(v)) return 'set()';
      if (v.startsWith('frozenset(')) return 'frozenset()';
      if (v.startsWith('[')) return '[]';
      if (v.startsWith('(')) return '()';
      return null;
    }),
  );
  const [only] = kinds;
  return kinds.size === 1 && only ? only : null;
}

// The entry goes after the table's last one, indented like it (or inline for a one-line table).
function insertEntry(lines: string[], table: { line: number; close: { line: number; index: number } }, entry: string) {
  const { close } = table;
  const closing = lines[close.line]!;
  if (close.line === table.line) {
    const before = closing.slice(0, close.index).trimEnd();
    const sep = before.endsWith('{') || before.endsWith(',') ? ' ' : ', ';
    lines[close.line] = `${before}${sep}${entry}${closing.slice(close.index)}`;
    return;
  }
  let last = close.line - 1;
  while (last > table.line && lines[last]!.trim() === '') last--;
  const previous = lines[last]!;
  const indent = /^\s*/.exec(previous)![0];
  const end = codeEnd(previous);
  const ended = previous.slice(0, end).trimEnd();
  if (last > table.line && !ended.endsWith(',')) lines[last] = `${ended},${previous.slice(end)}`;
  const inner = last > table.line ? indent : `${/^\s*/.exec(lines[table.line]!)![0]}    `;
  lines.splice(close.line, 0, `${inner}${entry},`);
}

interface Scope {
  readonly python: PythonProject;
  readonly tree: Pick<SourceTree, 'read'>;
}

// A "no" from the membership test is answered by a refusal: the line is an `if … not in …:` whose
// body raises, or `return … in …` of a function some caller tests with `if not f(…):` and a raise.
async function refuses(
  scope: Scope,
  culprit: { file: string; line: number },
  lines: readonly string[],
  negated: boolean,
): Promise<boolean> {
  const text = lines[culprit.line - 1]!;
  if (/^\s*(?:el)?if\b/.test(text)) return negated && raisesAfter(lines, culprit.line - 1);
  if (!/^\s*return\b/.test(text)) return false;
  const fn = await scope.python.functionAt(culprit.file, culprit.line);
  if (!fn) return false;
  for (const [file, module] of await scope.python.modules()) {
    const calls = module.functions.flatMap((f) => f.calls).filter((c) => c.name.split('.').pop() === fn.name);
    if (calls.length === 0) continue;
    const source = await scope.tree.read(file);
    if (source === null) continue;
    const { lines: callerLines } = splitSource(source);
    for (const call of calls) {
      const callerLine = callerLines[call.line - 1] ?? '';
      const before = callerLine.slice(0, call.col);
      // `if not f(…)` refuses on a "no" from `in`; `if f(…)` on a "yes" from `not in`.
      const condition = /^\s*(?:el)?if\s+(not\s+)?$/.exec(before);
      if (condition && Boolean(condition[1]) !== negated && raisesAfter(callerLines, call.line - 1)) return true;
    }
  }
  return false;
}

// The body of the `if` statement starting at `index` (0-based) starts with a `raise`.
function raisesAfter(lines: readonly string[], index: number): boolean {
  let at = index;
  const code = (i: number) => lines[i]!.slice(0, codeEnd(lines[i]!)).trimEnd();
  while (at < lines.length && !code(at).endsWith(':')) {
    if (/:\s*raise\b/.test(code(at))) return true;
    at++;
  }
  at++;
  while (at < lines.length && lines[at]!.trim() === '') at++;
  return /^\s*raise\b/.test(lines[at] ?? '');
}
