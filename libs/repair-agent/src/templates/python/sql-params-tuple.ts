import { splitSource } from '../../python/python-edits.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { maskStrings, statementEnd } from './expression-text.js';

const EXCEPTIONS = ['ProgrammingError', 'sqlite3.ProgrammingError'];
// What the DB-API driver says when the parameters are one bare value, not a sequence: a number (unsupported
// type) or a string read as a sequence of its characters (one placeholder, several bindings).
const MESSAGE =
  /parameters are of unsupported type|Incorrect number of bindings supplied\. The current statement uses 1,/;

/** A character of the statement's text, masked, with its place in the file. */
interface Char {
  readonly ch: string;
  readonly line: number;
  readonly col: number;
}

/**
 * A one-element parameter tuple written without its trailing comma:
 * `db.execute("SELECT … WHERE id = ?", (item_id))` passes the bare value, which the DB-API driver
 * refuses (`sqlite3.ProgrammingError: parameters are of unsupported type`, or for a string the
 * characters counted as bindings) → `(item_id,)`. Evidence: that error at a culprit statement whose
 * `.execute(…)`/`.executemany(…)` call passes as its parameters one parenthesised expression.
 * `#wrap`: the value passed bare (`db.execute(sql, payload.item_id)`) → `(payload.item_id,)`, for a
 * dotted attribute, or a parameter of the function when the type is unsupported. Never on
 * parameters that are already a tuple, list or dict (`(a, b)`, `[a]`, `{…}`), a local name, a
 * call's result, or a parenthesised generator or literal collection.
 */
export const pythonSqlParamsTuple: RepairTemplate = {
  id: 'python.sql-params-tuple',
  language: 'python',
  summary: 'make a parenthesised single query parameter a one-element tuple (trailing comma)',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS, culprit: true },
  async *candidates({ culprit, exception, tree, python }) {
    if (!culprit || !exception || !MESSAGE.test(exception.message)) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const end = statementEnd(lines, culprit.line);
    const chars: Char[] = [];
    for (let i = culprit.line - 1; i < end; i++) {
      [...maskStrings(lines[i]!)].forEach((ch, col) => chars.push({ ch, line: i, col }));
      chars.push({ ch: ' ', line: i, col: lines[i]!.length });
    }
    const comma = loneParameter(chars);
    const params = (await python.functionAt(culprit.file, culprit.line))?.params ?? [];
    const bare = comma ? null : bareParameter(chars, params, /unsupported type/.test(exception.message));
    if (comma) {
      lines[comma.line] = `${lines[comma.line]!.slice(0, comma.col)},${lines[comma.line]!.slice(comma.col)}`;
    } else if (bare) {
      const [first, last] = bare;
      // The closing goes in first: on one line, it would shift the opening's column.
      lines[last.line] = `${lines[last.line]!.slice(0, last.col + 1)},)${lines[last.line]!.slice(last.col + 1)}`;
      lines[first.line] = `${lines[first.line]!.slice(0, first.col)}(${lines[first.line]!.slice(first.col)}`;
    } else return;
    const at = (comma ?? bare![0]).line + 1;
    await tree.write(culprit.file, join(lines));
    yield {
      key: siteKey('python.sql-params-tuple', culprit.file, at),
      summary: `pass the query parameter as a one-element tuple at ${culprit.file}:${at}`,
      template: { recipe: 'python.sql-params-tuple' },
    };
  },
};

// The parameters argument of each two-argument execute call in the statement's text: its offsets.
function* parameterArguments(text: string): Generator<[number, number]> {
  for (const call of text.matchAll(/\.(?:execute|executemany)\s*\(/g)) {
    const args = topLevelArgs(text, call.index + call[0].length);
    if (args && args.length === 2) yield args[1]!;
  }
}

// The closing `)` of an execute call's parenthesised single parameter, where the comma goes; else null.
function loneParameter(chars: readonly Char[]): Char | null {
  const text = chars.map((c) => c.ch).join('');
  for (const [from, to] of parameterArguments(text)) {
    const param = text.slice(from, to);
    const start = from + param.search(/\S/);
    const close = from + param.trimEnd().length - 1;
    if (text[start] !== '(' || text[close] !== ')') continue;
    const inner = topLevelArgs(text, start + 1);
    // One expression filling the parentheses: no comma (a tuple), not a generator, not `()`.
    if (!inner || inner.length !== 1 || inner[0]![1] !== close) continue;
    const expr = text.slice(start + 1, close).trim();
    if (expr === '' || /^[[{(]/.test(expr) || /\bfor\b/.test(expr)) continue;
    return chars[close]!;
  }
  return null;
}

// The first and last character of a bare single parameter that can only be one value: a
// dotted attribute (`payload.shelf_id`), or, when the driver says the type is unsupported (no
// string counted as characters), one of the function's own parameters. A local (`params`) may be
// a collection built wrong, and a call's result anything: neither.
function bareParameter(chars: readonly Char[], params: readonly string[], unsupported: boolean): [Char, Char] | null {
  const text = chars.map((c) => c.ch).join('');
  for (const [from, to] of parameterArguments(text)) {
    const param = text.slice(from, to);
    const expr = param.trim();
    const attribute = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$/.test(expr);
    if (!attribute && !(unsupported && params.includes(expr))) continue;
    const start = from + param.search(/\S/);
    return [chars[start]!, chars[start + expr.length - 1]!];
  }
  return null;
}

// The top-level arguments (start, end offsets) of the call whose `(` ends just before `from`, up to its `)`.
function topLevelArgs(text: string, from: number): [number, number][] | null {
  const args: [number, number][] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < text.length; i++) {
    const ch = text[i]!;
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch) && depth > 0) depth--;
    else if (ch === ')' || (ch === ',' && depth === 0)) {
      if (text.slice(start, i).trim() !== '') args.push([start, i]);
      if (ch === ')') return args;
      start = i + 1;
    }
  }
  return null;
}
