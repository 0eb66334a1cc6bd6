import { splitSource } from '../../python/python-edits.js';
import type { FunctionSummary } from '../../python/module-summary.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { maskStrings } from './expression-text.js';
import { requestFrames } from './trace-frames.js';

const EXCEPTIONS = ['IntegrityError', 'sqlalchemy.exc.IntegrityError'];

/**
 * A create numbers its new row from the table's row count (`n = db.scalar(select(func.count(
 * Ticket.id)))`, `ref = f"TK-{n:04d}"`, `Ticket(ref=ref, …)`), so with rows numbered from 1 the new
 * one takes the number of the last and the commit fails with `IntegrityError: UNIQUE constraint
 * failed: tickets.ref` (Postgres: `duplicate key … Key (ref)=`) → the f-string's field reads
 * `n + 1`: the collision is the evidence that the numbers start at 1 (from 0, the count would be
 * free). Only when the failing column is given, in a function of the trace, the local an f-string
 * formats, directly or through one local, and that local counts rows with `func.count(...)` and
 * is used nowhere with arithmetic; or the column is given a call of a function of the same
 * module (`ref=_next_ref(db)`) whose one `return f"..."` formats such a count. Dropping the unique
 * constraint or a random suffix would store duplicates or break the numbering: never.
 */
export const pythonCountSequence: RepairTemplate = {
  id: 'python.count-sequence',
  language: 'python',
  summary: "number a new row after the rows counted, not with the last one's number",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS, culprit: true },
  async *candidates(context) {
    const message = context.exception?.message ?? '';
    const column = /UNIQUE constraint failed: \w+\.(\w+)/.exec(message)?.[1] ?? /Key \((\w+)\)=\(/.exec(message)?.[1];
    if (!column) return;
    for (const { file, fn } of await requestFrames(context)) {
      const source = await context.tree.read(file);
      if (source === null) continue;
      const { lines, join } = splitSource(source);
      const found = numbered(lines, fn, column) ?? (await helperNumbered(context, file, lines, fn, column));
      if (!found) continue;
      const { scope, at, n } = found;
      const line = lines[scope.bodyLine - 1 + at]!;
      lines[scope.bodyLine - 1 + at] = line.replace(new RegExp(`\\{${n}(?=[:}!])`, 'g'), `{${n} + 1`);
      await context.tree.write(file, join(lines));
      yield {
        key: 'python.count-sequence',
        summary:
          `number the new row ${n} + 1 at ${file}:${scope.bodyLine + at}: ${n} counts the rows, ` +
          `the last of which already holds that ${column}`,
        template: { recipe: 'python.count-sequence' },
      };
      return;
    }
  },
};

interface Numbered {
  readonly scope: FunctionSummary;
  /** The f-string's line, as an index into the scope's body. */
  readonly at: number;
  /** The local holding the row count that the f-string formats. */
  readonly n: string;
}

// In `fn`, the f-string that gives `column` its value (`column=f"..."`, `ref = f"..."` for a
// `column=ref` below, or with `column` null the one `return f"..."`) formatting one local that
// counts rows with `func.count(...)` and takes part in no arithmetic.
function numbered(lines: readonly string[], fn: FunctionSummary, column: string | null): Numbered | null {
  const body = lines.slice(fn.bodyLine - 1, fn.endLine).map((l) => maskStrings(l).replace(/#.*$/, ''));
  let at: number;
  if (column === null) {
    const returned = body.flatMap((l, i) => (/^\s*return\s+f["']/.test(l) ? [i] : []));
    at = returned.length === 1 ? returned[0]! : -1;
  } else {
    const given = new RegExp(`(?:\\b${column}\\s*=(?!=)|\\.${column}\\s*=(?!=))\\s*(\\w+)\\s*[,)]?\\s*$`);
    const direct = new RegExp(`(?:\\b${column}\\s*=(?!=)|\\.${column}\\s*=(?!=))\\s*f["']`);
    at = body.findIndex((l) => direct.test(l));
    if (at < 0) {
      const local = body.map((l) => given.exec(l)?.[1]).find((v) => v !== undefined);
      if (!local) return null;
      at = body.findIndex((l) => new RegExp(`^\\s*${local}\\s*=\\s*f["']`).test(l));
    }
  }
  if (at < 0) return null;
  const line = lines[fn.bodyLine - 1 + at]!;
  const fields = [...line.matchAll(/\{(\w+)(?=[:}!])/g)].map((m) => m[1]!);
  const counted = fields.filter((n) =>
    body.some((l, i) => i < at && new RegExp(`^\\s*${n}\\s*=.*\\bfunc\\.count\\(`).test(l)),
  );
  if (counted.length !== 1) return null;
  const n = counted[0]!;
  const arithmetic = new RegExp(`(?<![\\w.])${n}\\s*[-+]|[-+]\\s*${n}(?!\\w)`);
  if (body.some((l) => arithmetic.test(l)) || arithmetic.test(line)) return null;
  return { scope: fn, at, n };
}

// `column=next_ref(db)`: the value comes from a function of the same module, numbered there.
async function helperNumbered(
  context: TemplateContext,
  file: string,
  lines: readonly string[],
  fn: FunctionSummary,
  column: string,
): Promise<Numbered | null> {
  const call = new RegExp(`(?:\\b${column}\\s*=(?!=)|\\.${column}\\s*=(?!=))\\s*(\\w+)\\(`);
  const body = lines.slice(fn.bodyLine - 1, fn.endLine).map((l) => maskStrings(l).replace(/#.*$/, ''));
  const names = [...new Set(body.map((l) => call.exec(l)?.[1]).filter((v) => v !== undefined))];
  if (names.length !== 1) return null;
  const helpers = (await context.python.modules()).get(file)?.functions.filter((f) => f.name === names[0]);
  return helpers?.length === 1 ? numbered(lines, helpers[0]!, null) : null;
}
