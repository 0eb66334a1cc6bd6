import { splitSource } from '../../python/python-edits.js';
import { closestName } from '../../similarity.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { maskStrings } from './expression-text.js';
import { topLevelSplit } from './member-candidates.js';
import { sqlSchemaColumns } from './sql-schema-columns.js';
import { requestFrames } from './trace-frames.js';

const ID = 'python.row-column-key';

/**
 * A `sqlite3.Row` read under a key its query has no column for (`row["cost"]`): `IndexError: No
 * item with that key` → the column the row really has. The row's columns come from the SQL of the
 * request's functions (`SELECT * FROM t` with t's `CREATE TABLE` from the project's schema, or an
 * explicit select list); exactly one of those statements may fit every other key the function
 * reads from the row. The column is taken only on plain evidence: the keyword or dict key the value
 * is given to names an unread column (`unit_cost=row["cost"]`), else one unread column is spelt
 * like the key, else one shares a word with it. Every read of that key in the function is renamed.
 */
export const pythonRowColumnKey: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'read a database row under a column its query has',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['IndexError'], culprit: true },
  async *candidates(context) {
    if (!/No item with that key/.test(context.exception?.message ?? '')) return;
    const frames = await requestFrames(context);
    const failing = frames[0];
    if (!failing) return;
    const source = await context.tree.read(failing.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const body = lines.slice(failing.fn.bodyLine - 1, failing.fn.endLine);
    const line = lines[failing.line - 1]!;
    const subscript = /([A-Za-z_]\w*)\[(["'])(\w+)\2\]/g;
    const schema = await sqlSchemaColumns(context.tree);
    // The query text of the request's functions, else of the failing file (rows handed in from a caller).
    const frameSql: string[] = [];
    for (const { file, fn } of frames) {
      const text = await context.tree.read(file);
      if (text !== null)
        frameSql.push(
          splitSource(text)
            .lines.slice(fn.line - 1, fn.endLine)
            .join('\n'),
        );
    }
    for (const [, target, , key] of line.slice(0, codeEnd(line)).matchAll(subscript)) {
      const reads = new Set(
        body.flatMap((l) => [...l.matchAll(subscript)].filter((m) => m[1] === target).map((m) => m[3]!)),
      );
      const others = [...reads].filter((k) => k !== key);
      const fitting = (texts: readonly string[]) =>
        unique(texts.flatMap((t) => rowColumns(t, schema))).filter(
          (cols) => !cols.includes(key!) && others.every((k) => cols.includes(k)),
        );
      let sets = fitting(frameSql);
      if (sets.length === 0) sets = fitting([source]);
      if (sets.length !== 1) continue;
      const unread = sets[0]!.filter((c) => !reads.has(c));
      const column = chosenColumn(line, target!, key!, unread);
      if (!column) continue;
      const read = new RegExp(`\\b(${target}\\[)(["'])${key}\\2\\]`, 'g');
      const edited = [...lines];
      for (let i = failing.fn.bodyLine - 1; i < failing.fn.endLine; i++)
        edited[i] = edited[i]!.replace(read, `$1$2${column}$2]`);
      await context.tree.write(failing.file, join(edited));
      yield {
        key: ID,
        summary:
          `read ${target}[${JSON.stringify(column)}] for ${JSON.stringify(key)} in ${failing.fn.name} ` +
          `(${failing.file}): the row has no ${key} column`,
        template: { recipe: ID, from: key, to: column },
      };
      return;
    }
  },
};

// The column the key meant, among the row's columns the function does not read yet.
function chosenColumn(line: string, target: string, key: string, unread: readonly string[]): string | undefined {
  const given = new RegExp(`(?:\\b(\\w+)\\s*=|(["'])(\\w+)\\2\\s*:)\\s*${target}\\[(["'])${key}\\4\\]`).exec(line);
  const destination = given?.[1] ?? given?.[3];
  if (destination && unread.includes(destination)) return destination;
  const spelled = closestName(key, unread);
  if (spelled) return spelled;
  const words = (name: string) =>
    name
      .toLowerCase()
      .split('_')
      .filter((w) => w.length >= 3 && w !== 'id');
  const sharing = unread.filter((c) => words(c).some((w) => words(key).includes(w)));
  return sharing.length === 1 ? sharing[0] : undefined;
}

// The column lists of the SELECT statements in the string literals of `text` (a `*` read from the schema).
function rowColumns(text: string, schema: ReadonlyMap<string, readonly string[]>): string[][] {
  const out: string[][] = [];
  for (const sql of stringContents(text)) {
    const select = /\bSELECT\s+(?:DISTINCT\s+)?([\s\S]+?)\s+FROM\s+["`]?(\w+)/i.exec(sql);
    if (!select) continue;
    const list = select[1]!.trim();
    if (/^(\w+\.)?\*$/.test(list)) {
      const joined = /\bJOIN\b/i.test(sql) && !list.includes('.');
      const table = schema.get(select[2]!.toLowerCase());
      if (table && !joined) out.push([...table]);
      continue;
    }
    const names = topLevelSplit(list).map((item) => /(?:\bAS\s+)?["`]?(\w+)["`]?\s*$/i.exec(item.trim())?.[1]);
    if (names.every((n) => n !== undefined)) out.push(names as string[]);
  }
  return out;
}

// The contents of each string literal in Python source text.
function stringContents(text: string): string[] {
  const masked = maskStrings(text);
  const kept = [...text].map((c, i) => (masked[i] === c && c !== ' ' && c !== '\n' ? '\uE000' : c)).join('');
  return kept.split(/\uE000+/).filter((s) => s.trim() !== '');
}

function unique(sets: string[][]): string[][] {
  return sets.filter((s, i) => sets.findIndex((o) => o.join() === s.join()) === i);
}
