import type { FunctionSummary } from '../../python/module-summary.js';
import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { maskStrings } from './expression-text.js';

// `'Select' object has no attribute 'scalars'`: a statement used as if it were its result.
const NOT_EXECUTED = new RegExp(
  String.raw`^'(Select|Update|Delete|Insert)' object has no attribute '(scalars|scalar|all|first|one|` +
    String.raw`one_or_none|scalar_one|scalar_one_or_none|fetchall|fetchone)'$`,
);
// Session methods that take the statement themselves; the rest are read off `execute(...)`'s result.
const ON_SESSION = new Set(['scalars', 'scalar']);

/**
 * A SQLAlchemy statement built with `select(...)` and read as if it had run (`stmt.scalars().all()`)
 * raises `AttributeError: 'Select' object has no attribute 'scalars'` → run it on the function's
 * session: `db.scalars(stmt)`, `db.scalar(stmt)`, or `db.execute(stmt).first()` for a result
 * method. The session is the one parameter annotated `Session` (or the one attribute the class's
 * `__init__` sets from such a parameter, `self.db`); an async session, none, or two: no candidate.
 */
export const pythonStatementNotExecuted: RepairTemplate = {
  id: 'python.statement-not-executed',
  language: 'python',
  summary: "execute a SQLAlchemy statement on the function's session before reading its result",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['AttributeError'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    const match = exception ? NOT_EXECUTED.exec(exception.message.trim()) : null;
    if (!match || !culprit) return;
    const method = match[2]!;
    const source = await tree.read(culprit.file);
    const fn = await python.functionAt(culprit.file, culprit.line);
    if (source === null || !fn) return;
    const { lines, join } = splitSource(source);
    const session = sessionOf(lines, fn, (await python.modules()).get(culprit.file)?.functions ?? []);
    if (!session) return;
    const text = lines[culprit.line - 1] ?? '';
    const masked = maskStrings(text).slice(0, codeEnd(text));
    // The statement: a name or attribute chain the method is read from (`stmt.scalars(`), or a `select(...)` call
    // inline.
    const reads = [...masked.matchAll(new RegExp(`(?<![\\w.])([A-Za-z_][\\w.]*)\\.${method}\\(\\s*\\)`, 'g'))];
    for (const read of reads) {
      const statement = read[1]!;
      if (statement === session || statement.startsWith(`${session}.`)) continue;
      const run = ON_SESSION.has(method)
        ? `${session}.${method}(${statement})`
        : `${session}.execute(${statement}).${method}()`;
      const edited = [...lines];
      edited[culprit.line - 1] = `${text.slice(0, read.index)}${run}${text.slice(read.index + read[0].length)}`;
      await tree.write(culprit.file, join(edited));
      yield {
        key: 'python.statement-not-executed#session',
        summary: `${run} for ${read[0]} at ${culprit.file}:${culprit.line}`,
        template: { recipe: 'python.statement-not-executed#session' },
      };
    }
  },
};

type Fn = FunctionSummary;

// The sync session the function can reach: its one `Session`-annotated parameter, else `self.x`
// set in its class's `__init__` from a `Session` parameter.
function sessionOf(lines: readonly string[], fn: Fn, functions: readonly Fn[]): string | null {
  const isSession = (annotation: string | null | undefined) =>
    !!annotation && /(?:^|\.)Session$/.test(annotation.trim());
  const own = fn.params.filter((p) => isSession(fn.annotations[p]));
  if (own.length === 1) return own[0]!;
  if (own.length > 1 || fn.params[0] !== 'self') return null;
  const init = functions.find(
    (f) => f.name === '__init__' && f.qualname.replace(/\.__init__$/, '') === fn.qualname.replace(/\.\w+$/, ''),
  );
  const param = init?.params.filter((p) => isSession(init.annotations[p]));
  if (!init || param?.length !== 1) return null;
  const body = lines.slice(init.bodyLine - 1, init.endLine).join('\n');
  const attributes = [...body.matchAll(new RegExp(`self\\.(\\w+)\\s*=\\s*${param[0]}\\b`, 'g'))].map((m) => m[1]!);
  return attributes.length === 1 ? `self.${attributes[0]}` : null;
}
