import { splitSource } from '../../python/python-edits.js';
import { matchingParen } from '../matching-paren.js';
import type { RepairTemplate } from '../template.js';

const ID = 'python.sql-bound-parameter';
// What SQLite says of a request value spliced bare into SQL: taken for a column, or not parsed.
const SPLICED = /no such column: |near "[^"]*": syntax error|unrecognized token: /;

/**
 * A request value spliced into SQL with an f-string (`f"… WHERE township = {township}"`): SQLite
 * reads `Achmore` as a column (`no such column: Achmore`), a quote in the value breaks the
 * statement → bind it as a parameter: `:township` with `{"township": township}` handed to
 * `execute` beside SQLAlchemy's `text(…)`, `?` with `(township,)` for a DB-API cursor. Quoting the
 * value in the f-string is no fix (a value with a quote in it still breaks the statement). Only an
 * f-string of the failing function interpolating one of its parameters, in the first argument of
 * an `.execute(` call; anything else interpolated: no candidate.
 */
export const pythonSqlBoundParameter: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'bind a request value spliced into SQL with an f-string as a parameter',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    if (!culprit || !SPLICED.test(exception?.message ?? '')) return;
    const fn = await python.functionAt(culprit.file, culprit.line);
    const source = await tree.read(culprit.file);
    if (!fn || source === null) return;
    const { lines, join } = splitSource(source);
    const start = lines.slice(0, fn.bodyLine - 1).join('\n').length + (fn.bodyLine > 1 ? 1 : 0);
    const end = lines.slice(0, fn.endLine).join('\n').length;
    const body = source.slice(start, end);
    const call = /\.execute\(/.exec(body);
    if (!call) return;
    const args = call.index + call[0].length;
    const close = matchingParen(body, args - 1);
    if (close < 0) return;
    const first = firstArgumentEnd(body, args, close);
    const spliced = [...body.slice(args, first).matchAll(/\{([A-Za-z_]\w*)\}/g)].map((m) => m[1]!);
    const names = [...new Set(spliced)];
    if (names.length !== 1 || !fn.params.includes(names[0]!) || !/\bf["']/.test(body.slice(args, first))) return;
    const name = names[0]!;
    const viaText = /^\s*(?:sa\.|sqlalchemy\.)?text\(/.test(body.slice(args, first));
    const written = body.slice(args, first);
    const trimmed = written.replace(/\s*$/, '');
    const sql = trimmed
      .replace(new RegExp(`\\{${name}\\}`, 'g'), viaText ? `:${name}` : '?')
      .replace(/\bf(["'])/g, (m, q: string, offset: number, all: string) =>
        /\{[^}]*\}/.test(stringAt(all, offset + 1)) ? m : q,
      );
    const bound = viaText ? `{"${name}": ${name}}` : `(${name},)`;
    const rest = body.slice(first, close);
    if (rest.trim() !== '' && rest.trim() !== ',') return;
    const after = rest.trim() === ',' ? rest : written.slice(trimmed.length) + rest;
    const updated = `${body.slice(0, args)}${sql}, ${bound}${after}${body.slice(close)}`;
    await tree.write(culprit.file, join(splitSource(source.slice(0, start) + updated + source.slice(end)).lines));
    yield {
      key: ID,
      summary: `bind ${name} as a SQL parameter instead of splicing it into an f-string (${culprit.file}:${fn.line})`,
      template: { recipe: ID },
    };
  },
};

// Where the call's first argument ends (its top-level comma, or the closing parenthesis).
function firstArgumentEnd(text: string, from: number, close: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = from; i < close; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) return i;
  }
  return close;
}

// The string literal starting at `at` (its opening quote), up to its closing quote.
function stringAt(text: string, at: number): string {
  const quote = text[at]!;
  let i = at + 1;
  while (i < text.length && text[i] !== quote) i += text[i] === '\\' ? 2 : 1;
  return text.slice(at, i + 1);
}
