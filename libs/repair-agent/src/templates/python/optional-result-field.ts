import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { matchingParen } from '../matching-paren.js';
import { classBodyLines } from './class-body-lines.js';
import { codeEnd } from './call-keyword.js';
import { topLevelSplit } from './member-candidates.js';

// A query whose answer may be no row: `.first()`, `.one_or_none()`, `.scalar_one_or_none()`, `.scalar()`.
const MAYBE_ROW = /\.(?:first|one_or_none|scalar_one_or_none|scalar)\(\s*\)\s*$/;

/**
 * A secondary query that may find nothing (`current = db.scalars(select(Turnout).where(Turnout.herd_id
 * == herd.id, …)).first()`: a housed herd has no open turnout) dereferenced into a response whose
 * fields for it the schema declares nullable (`current_pasture: str | None`, `grazing_since:
 * Optional[date]`) → `AttributeError: 'NoneType' object has no attribute 'pasture'` → each keyword of
 * the response's constructor that reads the variable gives None without it (`current.pasture.name if
 * current is not None else None`): the answer the schema documents. Only a variable the function
 * assigns from such a query that reads no id parameter of the function (a lookup by the request's id
 * is the documented 404's, python.none-deref), every keyword reading it a nullable field of the
 * constructed class; a required field, or a read outside the constructor: no candidate.
 */
export const pythonOptionalResultField: RepairTemplate = {
  id: 'python.optional-result-field',
  language: 'python',
  summary: "answer null for the nullable response fields of a secondary query's missing row",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['AttributeError'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    const attribute = /^'NoneType' object has no attribute '(\w+)'/.exec(exception?.message ?? '')?.[1];
    const source = culprit ? await tree.read(culprit.file) : null;
    const fn = culprit ? await python.functionAt(culprit.file, culprit.line) : null;
    if (!attribute || !culprit || source === null || !fn) return;
    const { lines, join } = splitSource(source);
    const text = lines.join('\n');
    const lineStart = (n: number) => lines.slice(0, n - 1).reduce((sum, l) => sum + l.length + 1, 0);
    const read = new RegExp(`(?<![\\w.])([a-z_]\\w*)\\.${attribute}\\b`).exec(lines[culprit.line - 1] ?? '');
    const variable = read?.[1];
    if (!variable || !maybeNoRow(lines, fn, culprit.line, variable)) return;
    // The constructor call around the culprit line: `HerdDetail(` opened on or above it, closed on or below it.
    const call = enclosingCall(text, lineStart(culprit.line) + read!.index, lineStart(fn.bodyLine));
    if (!call) return;
    const nullable = await nullableFields(python, tree, call.name);
    const args = splitArguments(text.slice(call.open + 1, call.close));
    const reading = args.filter((a) => new RegExp(`(?<![\\w.])${variable}\\.`).test(a.text));
    const keyword = (a: { text: string }) => /^\s*([A-Za-z_]\w*)\s*=(?!=)/.exec(a.text)?.[1];
    if (reading.length === 0 || reading.some((a) => !nullable.has(keyword(a) ?? ''))) return;
    let updated = text;
    for (const a of [...reading].sort((x, y) => y.start - x.start)) {
      const start = call.open + 1 + a.start;
      const argument = a.text.trimEnd();
      const replaced = `${argument} if ${variable} is not None else None`;
      updated = updated.slice(0, start) + replaced + updated.slice(start + argument.length);
    }
    await tree.write(culprit.file, join(updated.split('\n')));
    yield {
      key: 'python.optional-result-field',
      summary:
        `answer None for ${reading.map(keyword).join(', ')} of ${call.name} when ${variable} is not found ` +
        `(${culprit.file}:${culprit.line})`,
      template: { recipe: 'python.optional-result-field' },
    };
  },
};

// The variable is assigned, in the function before the line, from a query that may find no row and reads no id
// parameter of the function, and nothing between checks it for None.
function maybeNoRow(
  lines: readonly string[],
  fn: { bodyLine: number; params: readonly string[] },
  at: number,
  variable: string,
): boolean {
  for (let line = at - 1; line >= fn.bodyLine; line--) {
    const m = new RegExp(`^\\s*${variable}\\s*(?::[^=]+)?=(?!=)\\s*(.*)$`).exec(lines[line - 1]!);
    if (!m) continue;
    let end = line;
    let rhs = m[1]!;
    // The statement over several lines: until its brackets close.
    while (depth(rhs) > 0 && end < at - 1) rhs += ` ${lines[end++]!.trim()}`;
    const ids = fn.params.filter((p) => /(?:^|_)id$/.test(p));
    if (!MAYBE_ROW.test(rhs.slice(0, codeEnd(rhs))) || ids.some((p) => new RegExp(`(?<![\\w.])${p}\\b`).test(rhs)))
      return false;
    const between = lines.slice(end, at - 1).join('\n');
    return !new RegExp(
      `\\b${variable}\\s+is\\s+(?:not\\s+)?None\\b|\\bnot\\s+${variable}\\b|\\bif\\s+${variable}\\b`,
    ).test(between);
  }
  return false;
}

function depth(text: string): number {
  return (text.match(/[([{]/g) ?? []).length - (text.match(/[)\]}]/g) ?? []).length;
}

// The `Name(` call whose parentheses hold `offset`, opened after `from`.
function enclosingCall(
  text: string,
  offset: number,
  from: number,
): { name: string; open: number; close: number } | null {
  for (let open = text.lastIndexOf('(', offset); open >= from; open = text.lastIndexOf('(', open - 1)) {
    const name = /([A-Z]\w*)\s*$/.exec(text.slice(Math.max(from, open - 80), open))?.[1];
    const close = matchingParen(text, open);
    if (close < offset) continue;
    return name ? { name, open, close } : null;
  }
  return null;
}

// A call's arguments split at its top-level commas (topLevelSplit), with their offsets inside the parentheses.
function splitArguments(inner: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let from = 0;
  for (const raw of topLevelSplit(inner)) {
    const lead = raw.length - raw.trimStart().length;
    if (raw.trim()) out.push({ text: raw.slice(lead), start: from + lead });
    from += raw.length + 1;
  }
  return out;
}

// The fields of a class declared nullable: `name: X | None`, `name: Optional[X]` (a default allowed).
async function nullableFields(
  python: Parameters<typeof classBodyLines>[0],
  tree: Parameters<typeof classBodyLines>[1],
  owner: string,
): Promise<Set<string>> {
  const out = new Set<string>();
  for await (const { text } of classBodyLines(python, tree, `class ${owner}`, owner)) {
    const m = /^\s+([A-Za-z_]\w*)\s*:\s*(.+?)(?:=.*)?$/.exec(text.slice(0, codeEnd(text)));
    if (m && /\|\s*None\b|\bNone\s*\||^Optional\[/.test(m[2]!.trim())) out.add(m[1]!);
  }
  return out;
}
