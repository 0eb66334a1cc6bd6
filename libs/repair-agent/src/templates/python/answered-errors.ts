import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import { splitSource } from '../../python/python-edits.js';
import type { PathFunction } from './call-path.js';
import { maskStrings, statementEnd } from './expression-text.js';

// `@app.exception_handler(NotFound)`, `app.add_exception_handler(errors.Conflict, handler)`.
const REGISTERED = /\.(?:exception_handler\(\s*([\w.]+)\s*\)|add_exception_handler\(\s*([\w.]+)\s*,)/g;
// Catch-alls an app may register: a handler for them says nothing about one error's status.
const CATCH_ALL = new Set(['Exception', 'BaseException', 'HTTPException', 'RequestValidationError']);

/** The exception classes the app answers itself: registered with an exception handler. */
export async function registeredErrors(python: PythonProject, tree: Pick<SourceTree, 'read'>): Promise<Set<string>> {
  const out = new Set<string>();
  for (const file of (await python.modules()).keys()) {
    for (const m of maskCode((await tree.read(file)) ?? '').matchAll(REGISTERED)) {
      const name = (m[1] ?? m[2]!).split('.').pop()!;
      if (!CATCH_ALL.has(name)) out.add(name);
    }
  }
  return out;
}

/**
 * What an error class answers through: `HTTPException` (itself or a project subclass), the
 * registered class it is (or derives from), or null (FastAPI answers it 500).
 */
export async function answeredAs(
  python: PythonProject,
  name: string,
  registered: ReadonlySet<string>,
): Promise<string | null> {
  const seen = new Set<string>();
  const queue = [name.split('.').pop()!];
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (seen.has(current)) continue;
    seen.add(current);
    if (current === 'HTTPException') return 'HTTPException';
    if (registered.has(current)) return current;
    const cls = await python.classNamed(current);
    for (const base of cls?.cls.bases ?? []) if (base) queue.push(base.split('.').pop()!);
  }
  return null;
}

/** One `raise Name(…)` on a request's path: the class as written and the statement's text. */
export interface RaiseSite {
  readonly name: string;
  readonly text: string;
}

/** The `raise Name(…)` statements of the functions, within `lines` for the first one (a `try` body). */
export async function raiseSites(
  tree: Pick<SourceTree, 'read'>,
  path: readonly PathFunction[],
  lines: { from: number; to: number },
): Promise<RaiseSite[]> {
  const out: RaiseSite[] = [];
  for (const [k, { file, fn }] of path.entries()) {
    const source = splitSource((await tree.read(file)) ?? '').lines;
    const [from, to] = k === 0 ? [lines.from, lines.to] : [fn.bodyLine, fn.endLine];
    for (let i = from - 1; i < to; i++) {
      const m = /^\s*raise\s+([A-Za-z_][\w.]*)\s*\(/.exec(maskStrings(source[i] ?? ''));
      if (!m) continue;
      const end = statementEnd(source, i + 1);
      out.push({ name: m[1]!, text: source.slice(i, end).map(maskStrings).join('\n') });
    }
  }
  return out;
}

function maskCode(source: string): string {
  return source.split('\n').map(maskStrings).join('\n');
}
