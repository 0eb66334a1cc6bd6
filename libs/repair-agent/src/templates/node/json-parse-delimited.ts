import { lineText, replaceRange } from '../../node/js-edits.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import type { SourceTree } from '../../source/source-tree.js';
import { matchingParen } from '../matching-paren.js';
import type { RepairTemplate } from '../template.js';
import { parseOnLine } from './json-parse-parsed.js';

const ID = 'node.json-parse-delimited';
const MALFORMED = /is not valid JSON|Unexpected token|Unexpected non-whitespace/;
// SQLite/MySQL `group_concat(x[, 'sep'])`, MySQL `GROUP_CONCAT(x SEPARATOR 'sep')`, Postgres `string_agg(x, 'sep')`.
const AGGREGATE = /\b(group_concat|string_agg)\s*\(/gi;

/**
 * `SyntaxError: Unexpected token 'h', "hinges,farm" is not valid JSON` from `JSON.parse(row.tags)`
 * where the project's SQL makes that column with `group_concat(tag, ',') AS tags` (or
 * `string_agg`): the column is delimited text, not JSON → split it on the aggregate's separator
 * (`row.tags.split(',')`, `[]` for the NULL of no rows unless the line guards it already). Only a
 * column one aggregate in the project's SQL names, with a literal or default separator; the
 * right answer is the values themselves, never a swallowed parse error.
 */
export const nodeJsonParseDelimited: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'split a group_concat column on its separator instead of JSON.parse-ing it',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['SyntaxError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    if (!culprit || !exception || !MALFORMED.test(exception.message)) return;
    const source = await tree.read(culprit.file);
    const found = source === null ? null : parseOnLine(source, culprit.line);
    if (source === null || !found) return;
    const { parse, field: column, start } = found;
    const value = parse[1]!;
    const line = lineText(source, culprit.line);
    const separator = await separatorOf(tree, culprit.file, column);
    if (separator === null) return;
    const escaped = value.replace(/[.$?[\]()]/g, (c) => `\\${c}`);
    // `row.tags ? JSON.parse(row.tags) : []` already answers the NULL of no rows.
    const guarded = new RegExp(`${escaped}\\s*(?:!=\\s*null\\s*)?\\?\\s*$`).test(line.slice(0, parse.index));
    const q = /\brequire\("|\bfrom\s+"/.test(source) ? '"' : "'";
    const split = `${value}.split(${q}${separator}${q})`;
    const text = guarded ? split : `(${value} ? ${split} : [])`;
    await tree.write(culprit.file, replaceRange(source, start, start + parse[0].length, text));
    yield {
      key: ID,
      summary:
        `split ${value} on '${separator}' (the SQL builds it with a delimited aggregate), not JSON.parse ` +
        `(${culprit.file}:${culprit.line})`,
      template: { recipe: ID, column },
    };
  },
};

// The separator of the one delimited aggregate the project's SQL names `column`: the culprit's file
// first, then every other source file; null when none or several disagree.
async function separatorOf(tree: SourceTree, file: string, column: string): Promise<string | null> {
  const found = new Set<string>();
  for (const path of [file, ...(await projectSourceFiles(tree)).filter((p) => p !== file)]) {
    const text = (await tree.read(path)) ?? '';
    for (const m of text.matchAll(AGGREGATE)) {
      const open = m.index + m[0].length;
      const close = matchingParen(text, open - 1);
      if (close < 0 || aliasAfter(text, close + 1) !== column) continue;
      const sep = separatorIn(m[1]!.toLowerCase(), text.slice(open, close));
      if (sep === null) return null;
      found.add(sep);
    }
    if (found.size > 0) break;
  }
  return found.size === 1 ? [...found][0]! : null;
}

function separatorIn(fn: string, args: string): string | null {
  const explicit = /(?:,|\bseparator)\s*'([^'\\]{1,4})'\s*$/i.exec(args.trim());
  if (explicit) return explicit[1]!;
  // string_agg has no default; group_concat's is a comma.
  return fn === 'group_concat' && !/,\s*\S+\s*$/.test(args.replace(/\([^()]*\)/g, '')) ? ',' : null;
}

// The name the select item holding an expression that ends at `from` is given: `… AS tags` right
// after it, or after the scalar subquery it is the value of (`(SELECT group_concat(…) FROM …) AS tags`).
function aliasAfter(text: string, from: number): string | null {
  let depth = 0;
  let level = 0;
  for (let i = from; i < text.length && i < from + 600; i++) {
    const c = text[i]!;
    if (c === ';' || c === '`') return null;
    if (depth === level) {
      const alias = /^\s+as\s+["`]?(\w+)/i.exec(text.slice(i, i + 80));
      if (alias && /\s/.test(c)) return alias[1]!;
      if (c === ',') return null;
    }
    if (c === '(') depth++;
    else if (c === ')') level = Math.min(level, --depth);
  }
  return null;
}
