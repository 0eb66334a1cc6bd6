import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { assignsName } from './expression-text.js';
import { requestFrames } from './trace-frames.js';

// The column a unique index refused: SQLite's `UNIQUE constraint failed: table.column`, PostgreSQL's `Key (column)=`.
const REFUSED = [/UNIQUE constraint failed: \w+\.(\w+)/, /Key \((\w+)\)=/];
// `value.strip().lower()`: string methods that normalise a value without changing what it names.
const NORMALISING = String.raw`(?:\.(?:strip|lstrip|rstrip|lower|upper|casefold)\(\))+`;

/**
 * A uniqueness check that looks up the raw value while the row stores a normalised one:
 * `email = payload.email.strip().lower()`, then `select(Member).where(Member.email ==
 * payload.email)` finds no row for `Ann@X.org` when `ann@x.org` is stored, the create goes on and
 * the unique index refuses it (`IntegrityError: UNIQUE constraint failed: members.email`, a 500
 * instead of the check's own 409) → compare the normalised local: `Member.email == email`.
 * Evidence, all required, in one function on the request's path: the local is assigned the raw
 * request value through string-normalising methods (`.strip()`, `.lower()`, `.casefold()`), and
 * stored to the refused column (`email=email`, `row.email = email`); a comparison of that column
 * with the raw value (`X.email == payload.email`, `filter_by(email=payload.email)`) comes after the
 * assignment. The check's status, the index and the stored value stay as they are.
 */
export const pythonNormalisedUniqueCheck: RepairTemplate = {
  id: 'python.normalised-unique-check',
  language: 'python',
  summary: 'look up the normalised value the row stores in a uniqueness check, not the raw one',
  evidence: {
    kinds: ['runtime_error', 'crash', 'test_failure'],
    exceptions: ['IntegrityError', 'sqlalchemy.exc.IntegrityError'],
  },
  async *candidates(context) {
    const message = context.exception?.message ?? '';
    const column = REFUSED.map((r) => r.exec(message)?.[1]).find((c) => c !== undefined);
    if (!column) return;
    for (const frame of await requestFrames(context)) {
      const source = await context.tree.read(frame.file);
      if (source === null) continue;
      const { lines, join } = splitSource(source);
      const from = frame.fn.bodyLine - 1;
      const to = Math.min(frame.fn.endLine, lines.length);
      const normalised = normalisedLocal(lines, from, to, column);
      // The raw value is the request's: read from a parameter of the function (`payload.email`).
      if (!normalised || !frame.fn.params.includes(normalised.raw.split('.')[0]!)) continue;
      const raw = normalised.raw.replace(/\./g, '\\.');
      const compared = [
        new RegExp(String.raw`(\b\w+\.${column}\s*==\s*)${raw}(?![\w.(])`),
        new RegExp(String.raw`(?<![\w.])${raw}(\s*==\s*\w+\.${column}\b)`),
        new RegExp(String.raw`(\bfilter_by\([^)]*\b${column}\s*=\s*)${raw}(?![\w.(])`),
      ];
      const edited: number[] = [];
      for (let i = normalised.line + 1; i < to; i++) {
        const text = lines[i]!;
        const code = text.slice(0, codeEnd(text));
        const next = code
          .replace(compared[0]!, `$1${normalised.local}`)
          .replace(compared[1]!, `${normalised.local}$1`)
          .replace(compared[2]!, `$1${normalised.local}`);
        if (next === code) continue;
        lines[i] = next + text.slice(code.length);
        edited.push(i + 1);
      }
      if (edited.length === 0) continue;
      await context.tree.write(frame.file, join(lines));
      yield {
        key: 'python.normalised-unique-check',
        summary:
          `compare the ${column} column with ${normalised.local}, the normalised ${normalised.raw} the row stores, ` +
          `at ${frame.file}:${edited.join(',')}`,
        template: { recipe: 'python.normalised-unique-check' },
      };
      return;
    }
  },
};

// `local = raw.strip().lower()` in the function's body (0-based line), with the local stored to the column below it.
function normalisedLocal(
  lines: readonly string[],
  from: number,
  to: number,
  column: string,
): { local: string; raw: string; line: number } | null {
  const assigned = new RegExp(String.raw`^\s*(\w+)\s*(?::[^=]+)?=\s*(\w+(?:\.\w+)+?)${NORMALISING}\s*(?:#.*)?$`);
  for (let i = from; i < to; i++) {
    const m = assigned.exec(lines[i]!);
    if (!m) continue;
    const [, local, raw] = m as unknown as [string, string, string];
    const rest = lines.slice(i + 1, to).join('\n');
    // Stored to the column: a keyword of the row's constructor, or an attribute assignment.
    const stored = new RegExp(
      String.raw`(?<![\w.=])${column}\s*=\s*${local}\b(?!\s*[.(\[])|\.${column}\s*=\s*${local}\b`,
    );
    if (stored.test(rest) && !assignsName(lines.slice(i + 1, to), local)) return { local, raw, line: i };
  }
  return null;
}
