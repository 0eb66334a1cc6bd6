import { splitSource } from '../../python/python-edits.js';
import { matchingParen } from '../matching-paren.js';
import type { RepairTemplate } from '../template.js';
import { maskStrings } from './expression-text.js';
import { topLevelSplit } from './member-candidates.js';
import { requestFrames } from './trace-frames.js';

const ID = 'python.sql-bind-name';
const EXCEPTIONS = ['StatementError', 'InvalidRequestError', 'sqlalchemy.exc.StatementError'];
const MISSING = /A value is required for bind parameter '(\w+)'/;

/**
 * SQL with named parameters (`text("… WHERE t.id = :item_id")`, inline or a constant of the
 * module or function) executed with a dict literal whose key is spelt otherwise (`{"item": item_id}`):
 * SQLAlchemy refuses it, `A value is required for bind parameter 'item_id'` → the key renamed to
 * the parameter's name. Only when the missing parameter is the one the error names, and exactly
 * one parameter has no key and exactly one key no parameter; the SQL itself (its WHERE) is never
 * touched, since dropping the filter would answer with every row.
 */
export const pythonSqlBindName: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'pass a SQL parameter under the name the statement binds',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS, culprit: true },
  async *candidates(context) {
    const wanted = MISSING.exec(context.exception?.message ?? '')?.[1];
    if (!wanted) return;
    for (const { file, line, fn } of await requestFrames(context)) {
      const source = await context.tree.read(file);
      if (source === null) continue;
      const masked = maskStrings(source);
      const { lines } = splitSource(source);
      const offset = (n: number) => lines.slice(0, n - 1).join('\n').length + (n > 1 ? 1 : 0);
      const [from, to] = [offset(fn.bodyLine), offset(fn.endLine + 1)];
      const at = offset(line);
      for (const call of masked.slice(from, to).matchAll(/\.execute\(/g)) {
        const open = from + call.index + call[0].length - 1;
        const close = matchingParen(masked, open);
        // The call the failing line is in (a call spanning lines included).
        if (close < 0 || open > at + lines[line - 1]!.length || close < at) continue;
        const args = topLevelSplit(source.slice(open + 1, close));
        if (args.length < 2) continue;
        const sql = sqlText(source, masked, args[0]!.trim(), from, open);
        const binds = sql === null ? [] : [...new Set(boundNames(sql))];
        const params = args[1]!.trim();
        const keys = dictKeys(params);
        if (!keys || !binds.includes(wanted) || keys.includes(wanted)) continue;
        const unbound = binds.filter((b) => !keys.includes(b));
        const stray = keys.filter((k) => !binds.includes(k));
        if (unbound.length !== 1 || stray.length !== 1) continue;
        // The key's literal inside the dict, by its position in the call's text.
        const paramsAt = open + 1 + args[0]!.length + 1 + args[1]!.indexOf(params);
        const keyAt = new RegExp(`(["'])${stray[0]}\\1(?=\\s*:)`).exec(params);
        if (!keyAt) continue;
        const start = paramsAt + keyAt.index + 1;
        const edited = source.slice(0, start) + wanted + source.slice(start + stray[0]!.length);
        await context.tree.write(file, edited);
        yield {
          key: ID,
          summary:
            `pass ${JSON.stringify(stray[0])} as ${JSON.stringify(wanted)}, ` +
            `the name the SQL binds (${file}:${line})`,
          template: { recipe: ID, from: stray[0], to: wanted },
        };
        return;
      }
    }
  },
};

// The SQL the call's first argument stands for: its own text, or the one assignment of the name
// it is (in the function before the call, else at module level). Null when built otherwise.
function sqlText(source: string, masked: string, first: string, from: number, call: number): string | null {
  if (!/^[A-Za-z_]\w*$/.test(first)) return first;
  const assigned = (text: string, base: number, indent: string) =>
    [...text.matchAll(new RegExp(`^${indent}${first}\\s*(\\+?=)(?!=)`, 'gm'))].map((m) => ({ m, base }));
  const local = assigned(masked.slice(from, call), from, '[ \\t]+');
  const found = local.length > 0 ? local : assigned(masked, 0, '');
  if (found.length !== 1 || found[0]!.m[1] !== '=') return null;
  const start = found[0]!.base + found[0]!.m.index + found[0]!.m[0].length;
  return source.slice(start, statementEnd(masked, start));
}

// Where the statement from `start` ends: the first newline outside brackets (strings are masked).
function statementEnd(masked: string, start: number): number {
  let depth = 0;
  for (let i = start; i < masked.length; i++) {
    const c = masked[i]!;
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === '\n' && depth <= 0 && masked[i - 1] !== '\\') return i;
  }
  return masked.length;
}

// The `:name` parameters written in the string literals of a SQL expression (not `::` casts).
function boundNames(sql: string): string[] {
  const masked = maskStrings(sql);
  const inStrings = [...sql].map((c, i) => (masked[i] === c && c !== '\n' ? ' ' : c)).join('');
  return [...inStrings.matchAll(/(?<![:\w]):([A-Za-z_]\w*)/g)].map((m) => m[1]!);
}

// The keys of a dict literal whose every entry is `"key": value`; null for anything else.
function dictKeys(text: string): string[] | null {
  if (!text.startsWith('{') || !text.endsWith('}')) return null;
  const entries = topLevelSplit(text.slice(1, -1)).filter((e) => e.trim() !== '');
  const keys = entries.map((e) => /^\s*(["'])(\w+)\1\s*:/.exec(e)?.[2]);
  return keys.every((k) => k !== undefined) ? (keys as string[]) : null;
}
