import { replaceRange } from '../../node/js-edits.js';
import type { SourceTree } from '../../source/source-tree.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import { isNearMiss } from '../shared/near-miss-literal.js';
import type { RepairTemplate } from '../template.js';
import { spanOf } from './estree.js';
import { sqlAtFrames } from './sql-at-frames.js';

const ID = 'node.sql-check-literal';
const CHECK_FAILED = /CHECK constraint failed(?::\s*(.*))?/;
// `status IN ('confirmed', 'cancelled')`, in a message or a `CHECK (…)` of the schema.
const IN_LIST = /["`]?(\w+)["`]?\s+IN\s*\(\s*('[^']*'(?:\s*,\s*'[^']*')*)\s*\)/gi;

/**
 * A statement writes a value the column's CHECK refuses, spelt one slip away from a value it
 * allows (`UPDATE bookings SET status = 'canceled'` against `CHECK (status IN ('confirmed',
 * 'cancelled'))`): SQLite answers `CHECK constraint failed: …` → the literal takes the allowed
 * spelling. Evidence: the allowed values, from the message (`status IN (…)`) or else from the one
 * `CHECK (c IN (…))` of the project's SQL naming `c`; a SQL literal on a line of the trace's in-app
 * frames written to `c` (`c = 'x'` in an UPDATE's SET, or at `c`'s place in an INSERT's VALUES)
 * that is none of them and near exactly one (case, separators, an edit or two: isNearMiss). The
 * constraint stays as it is: it documents the values.
 */
export const nodeSqlCheckLiteral: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'write the value a CHECK constraint allows where a SQL literal misspells it',
  evidence: { kinds: ['runtime_error', 'crash'] },
  async *candidates({ exception, cause, tree }) {
    const failed = CHECK_FAILED.exec(exception?.message ?? '');
    if (!failed) return;
    const stated = allowedLists(failed[1] ?? '');
    const lists = stated.size > 0 ? stated : await schemaLists(tree);
    for await (const { file, source, node } of sqlAtFrames(cause.trace, tree)) {
      const [start, end] = spanOf(node);
      const text = source.slice(start, end);
      for (const [column, allowed] of lists) {
        for (const site of writtenLiterals(text, column)) {
          if (allowed.includes(site.value)) continue;
          const near = allowed.filter((v) => isNearMiss(site.value, v));
          if (near.length !== 1) continue;
          const at = start + site.at;
          await tree.write(file, replaceRange(source, at, at + site.value.length, near[0]!));
          const line = source.slice(0, at).split('\n').length;
          yield {
            key: ID,
            summary: `write '${near[0]}' for '${site.value}' to ${column} (${file}:${line}): its CHECK allows that`,
            template: { recipe: ID },
          };
          return;
        }
      }
    }
  },
};

// Column → allowed values of every `c IN ('a', 'b')` in a text.
function allowedLists(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of text.matchAll(IN_LIST))
    out.set(
      m[1]!.toLowerCase(),
      [...m[2]!.matchAll(/'([^']*)'/g)].map((v) => v[1]!),
    );
  return out;
}

// The `CHECK (c IN (…))` lists of the project's SQL (.sql files and source strings); a column two
// lists disagree on is left out.
async function schemaLists(tree: SourceTree): Promise<Map<string, string[]>> {
  const files = [
    ...(await projectSourceFiles(tree)),
    ...(await tree.list()).filter((f) => /\.sql$/i.test(f) && !/(^|\/)node_modules\//.test(f)),
  ];
  const out = new Map<string, string[] | null>();
  for (const file of new Set(files)) {
    const text = await tree.read(file);
    if (text === null || !/\bCHECK\s*\(/i.test(text)) continue;
    for (const check of text.matchAll(/\bCHECK\s*\(([^;]*?\))\s*\)/gi)) {
      for (const [column, values] of allowedLists(check[1]!)) {
        const known = out.get(column);
        out.set(column, known === undefined || known?.join('\0') === values.join('\0') ? values : null);
      }
    }
  }
  return new Map([...out].filter((e): e is [string, string[]] => e[1] !== null));
}

// String literals a SQL text writes to `column`: `column = 'x'` after SET, or at its place in an
// INSERT's VALUES; `at` is the value's offset in the text.
function writtenLiterals(text: string, column: string): { value: string; at: number }[] {
  const out: { value: string; at: number }[] = [];
  const set = /\bSET\b/i.exec(text);
  if (set) {
    const tail = text.slice(set.index);
    const end = /\bWHERE\b/i.exec(tail)?.index ?? tail.length;
    const assign = new RegExp(`(?<![\\w.])["\`]?${column}["\`]?\\s*=\\s*'([^']*)'`, 'gi');
    for (const m of tail.slice(0, end).matchAll(assign))
      out.push({ value: m[1]!, at: set.index + m.index + m[0].length - m[1]!.length - 1 });
  }
  const insert = /\bINSERT\s+INTO\s+["`]?\w+["`]?\s*\(([^()]*)\)\s*VALUES\s*\(([^()]*)\)/i.exec(text);
  if (insert) {
    const names = insert[1]!.split(',').map((c) =>
      c
        .trim()
        .replace(/^["`]|["`]$/g, '')
        .toLowerCase(),
    );
    const values = insert[2]!.split(',');
    const index = names.indexOf(column);
    const value = index >= 0 && names.length === values.length ? /^\s*'([^']*)'\s*$/.exec(values[index]!) : null;
    if (value) {
      const valuesAt = insert.index + insert[0].lastIndexOf(insert[2]!);
      const before = values.slice(0, index).join(',').length + (index > 0 ? 1 : 0);
      out.push({ value: value[1]!, at: valuesAt + before + values[index]!.indexOf("'") + 1 });
    }
  }
  return out;
}
