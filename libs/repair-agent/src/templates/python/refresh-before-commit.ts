import type { FunctionSummary } from '../../python/module-summary.js';
import { splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { indentOf } from './expression-text.js';
import { callerCommits } from './project-commits.js';

// SQLAlchemy's message for `session.refresh(obj)` on an object that is pending (added, not flushed).
const NOT_PERSISTENT = /^Instance '<\w+ at 0x[0-9a-f]+>' is not persistent within this Session$/;
const EXCEPTIONS = ['InvalidRequestError', 'sqlalchemy.exc.InvalidRequestError'];
const REFRESH = /^\s*(await\s+)?((?:self\.)?[A-Za-z_]\w*)\.refresh\(\s*([A-Za-z_][\w.]*)\s*\)\s*(?:#.*)?$/;

/**
 * `db.add(record); db.refresh(record)`: the refresh of an object that is only pending raises
 * `InvalidRequestError: Instance '<X at 0x…>' is not persistent within this Session`.
 * `#after-commit`: the same session's `commit()` (or `flush()`) follows in the same block → the
 * refresh moves just after it, so the object is written, then read back. `#commit-before`: none
 * follows, the function commits nothing, the object was `add`ed to that session above, and the
 * project's other writes commit theirs (the module's, else any module's) → `session.commit()`
 * (awaited as the refresh is) just before the refresh; never a `flush()`, which the session's close
 * rolls back. A project that never commits (its session dependency does), a generator dependency
 * that yields the session and commits after (a request-scoped transaction), a function other than
 * the route handler whose caller (up its call chain) commits after calling it (the caller's unit of
 * work), another session: no candidate.
 */
export const pythonRefreshBeforeCommit: RepairTemplate = {
  id: 'python.refresh-before-commit',
  language: 'python',
  summary: "refresh a new object after its session's commit, not before",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS, culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    if (!exception || !culprit || !NOT_PERSISTENT.test(exception.message.trim())) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const at = culprit.line - 1;
    const refresh = REFRESH.exec(lines[at] ?? '');
    if (!refresh) return;
    const [, awaited = '', session, record] = refresh as unknown as [string, string | undefined, string, string];
    const indent = indentOf(lines[at]!);
    const commit = followingCommit(lines, at, session);
    if (commit >= 0) {
      const moved = lines[at]!;
      const line = lines[commit]!;
      lines.splice(commit + 1, 0, moved);
      lines.splice(at, 1);
      await tree.write(culprit.file, join(lines));
      yield {
        key: 'python.refresh-before-commit#after-commit',
        summary: `refresh after ${line.trim()} at ${culprit.file}:${culprit.line}`,
        template: { recipe: 'python.refresh-before-commit#after-commit' },
      };
      return;
    }
    const fn = await python.functionAt(culprit.file, culprit.line);
    if (!fn || fn.calls.some((c) => c.name === 'commit' || c.name === 'flush')) return;
    const added = fn.calls.some(
      (c) =>
        c.text === `${session}.add` &&
        c.line <= culprit.line &&
        new RegExp(`\\(\\s*${record}\\s*\\)`).test(lines[c.line - 1]!),
    );
    if (!added || !(await othersCommit(python, tree, culprit.file, fn))) return;
    // A caller that commits after calling this function owns the transaction: a commit here would
    // commit its unit of work half done. A route handler is called by the framework, not the project.
    if (!(await isHandler(python, culprit.file, fn)) && (await callerCommits(python, fn))) return;
    lines.splice(at, 0, `${indent}${awaited}${session}.commit()`);
    await tree.write(culprit.file, join(lines));
    yield {
      key: 'python.refresh-before-commit#commit-before',
      summary:
        `commit ${session} before refreshing ${record} at ${culprit.file}:${culprit.line}, ` +
        "as the project's other writes do",
      template: { recipe: 'python.refresh-before-commit#commit-before' },
    };
  },
};

// The index of the same session's `commit()`/`flush()` after the refresh at `at`, in its block, or -1.
function followingCommit(lines: readonly string[], at: number, session: string): number {
  const indent = indentOf(lines[at]!);
  const call = new RegExp(
    `^\\s*(?:await\\s+)?${session.replace('.', '\\.')}\\.(?:commit|flush)\\(\\s*\\)\\s*(?:#.*)?$`,
  );
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    if (indentOf(line).length < indent.length) return -1;
    if (indentOf(line) !== indent) continue;
    if (call.test(line)) return i;
    if (/^\s*(?:return|raise)\b/.test(line)) return -1;
  }
  return -1;
}

// Whether another function commits a session: in the culprit's module, else anywhere in the project.
// A generator dependency that yields the session and commits after (`yield db; db.commit()`) makes
// the transaction request-scoped: a commit mid-request would change that, so then none counts.
async function othersCommit(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  file: string,
  fn: FunctionSummary,
): Promise<boolean> {
  const modules = await python.modules();
  for (const [path, module] of modules)
    for (const f of module.functions.filter(commits)) if (await yieldsIn(tree, path, f)) return false;
  const others = (f: FunctionSummary) => f !== fn && commits(f);
  if (modules.get(file)?.functions.some(others)) return true;
  return [...modules.values()].some((m) => m.functions.some(others));
}

function commits(f: FunctionSummary): boolean {
  return f.calls.some((c) => c.name === 'commit' && !!c.text?.endsWith('.commit'));
}

// Whether a function's own text yields (`yield db`, `session = yield`): a generator dependency.
async function yieldsIn(tree: Pick<SourceTree, 'read'>, file: string, f: FunctionSummary): Promise<boolean> {
  const text = await tree.read(file);
  if (text === null) return false;
  const body = splitSource(text).lines.slice(f.bodyLine - 1, f.endLine);
  return body.some((l) => /^\s*(?:[\w.]+\s*=\s*)?yield\b/.test(l));
}

async function isHandler(python: PythonProject, file: string, fn: FunctionSummary): Promise<boolean> {
  const routes = await python.routes().catch(() => []);
  return routes.some((r) => r.file === file && r.handler.line === fn.line && r.handler.name === fn.name);
}
