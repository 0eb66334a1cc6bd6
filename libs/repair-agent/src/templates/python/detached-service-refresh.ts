import { splitSource } from '../../python/python-edits.js';
import type { FunctionSummary } from '../../python/module-summary.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RootCause } from '../../types.js';
import { failureTexts } from '../failure-texts.js';
import type { RepairTemplate } from '../template.js';
import { causeRoutes } from './cause-routes.js';
import { callPath } from './call-path.js';
import { indentOf, maskStrings } from './expression-text.js';

/** What an object read after its session closed raises: SQLAlchemy's error, or FastAPI's around it. */
export const DETACHED_EXCEPTIONS = [
  'ResponseValidationError',
  'fastapi.exceptions.ResponseValidationError',
  'DetachedInstanceError',
  'sqlalchemy.orm.exc.DetachedInstanceError',
];
// An object expired by its session's commit (expire_on_commit) and read after that session closed;
// FastAPI's ResponseValidationError carries the words in its errors (`get_attribute_error`).
// An object expired by its session's commit and read after that session closed.
const EXPIRED = /is not bound to a Session; attribute refresh operation/;
// The same object detached for another reason: a relationship loaded lazily (not this fix).
// Any detached object (a lazy load too).
const DETACHED = /is not bound to a Session/;
// FastAPI's exception for a response it could not serialise; a server log gives only its first line.
// FastAPI's serialisation error, whose first log line may be all a server keeps.
const RESPONSE_ERROR = /^(?:fastapi\.exceptions\.)?ResponseValidationError$/;
const KEEPS = /\bexpire_on_commit\s*=\s*False\b/;

/**
 * Whether the failure reads an object its session's commit expired after that session closed:
 * the words say so, or a server log kept only a `ResponseValidationError`'s first line (`6
 * validation errors:`) and no word of another detachment (a lazy load): then the code's shape is
 * the proof.
 */
export function readAfterCommit(cause: RootCause, exception: { type: string; message: string } | null): boolean {
  const texts = failureTexts(cause, exception);
  if (texts.some((t) => EXPIRED.test(t))) return true;
  return !!exception && RESPONSE_ERROR.test(exception.type) && !texts.some((t) => DETACHED.test(t));
}

/** A `return obj` of a service function after its own session's commit, and the session's name. */
interface ExpiredReturn {
  /** The `return` line (0-based). */
  readonly line: number;
  readonly session: string;
  readonly returned: string;
  /** What opened the session (`SessionLocal`), its last name. */
  readonly factory: string;
  /** The refresh's indent when `line` is past the block (a `return` after it): the block's body's. */
  readonly indent?: string;
}

/**
 * A route handler returns what a project function it calls returns (`return create_x(payload)`),
 * and that function opens its own session (`session = SessionLocal()` closed in a `finally`, or
 * `with SessionLocal() as session:`), adds or loads the object, commits and returns it: the commit
 * expired the object (expire_on_commit) and the session closes before FastAPI serialises it, so
 * `DetachedInstanceError: Instance <X at 0x…> is not bound to a Session; attribute refresh
 * operation cannot proceed`, reported as a `ResponseValidationError` whose errors name it →
 * `session.refresh(obj)` before that `return`, while the session is open: the stored row is read
 * back (its id, its defaults). Evidence: those words ("attribute refresh", not a lazy load) in the
 * exception or the failing request's report; or, from a server log that keeps only the first line
 * (`ResponseValidationError: 6 validation errors:`), that exception alone, the code's shape being
 * the proof; localised through the failing endpoint's handler and the functions it calls. A `return
 * obj` right after the `with` block that committed it gets the refresh at the block's end. Must not
 * fire on a function that refreshes the object already, closes the session before its `return`,
 * does more after its `with` block than that `return`, returns an object the session never saw, a
 * session (or its `sessionmaker`) with `expire_on_commit=False`, or a handler's own session block
 * (python.detached-route-session's).
 */
export const pythonDetachedServiceRefresh: RepairTemplate = {
  id: 'python.detached-service-refresh',
  language: 'python',
  summary: 'refresh an object a called function commits and returns before its own session closes',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: DETACHED_EXCEPTIONS },
  async *candidates({ cause, exception, tree, python }) {
    if (!readAfterCommit(cause, exception)) return;
    const routes = await causeRoutes(python, cause);
    for (const route of routes) {
      const handlerLines = splitSource((await tree.read(route.file)) ?? '').lines;
      for (const { file, fn } of (await callPath(python, route.file, route.handler, 1)).slice(1)) {
        if (!returnsCallOf(handlerLines, route.handler, fn.name)) continue;
        const source = await tree.read(file);
        if (source === null) continue;
        const { lines, join } = splitSource(source);
        const kept = await keepingFactories(tree, python);
        const found = expiredReturns(lines, fn).filter((site) => !kept.has(site.factory));
        if (found.length === 0) continue;
        for (const site of [...found].reverse())
          lines.splice(
            site.line,
            0,
            `${site.indent ?? indentOf(lines[site.line]!)}${site.session}.refresh(${site.returned})`,
          );
        await tree.write(file, join(lines));
        yield {
          key: 'python.detached-service-refresh#refresh',
          summary:
            `refresh ${found[0]!.returned} before ${fn.name} returns it from its own session (closed before the ` +
            `response of ${route.handler.name}) at ${file}:${found[0]!.line + 1}`,
          template: { recipe: 'python.detached-service-refresh#refresh' },
        };
        return;
      }
    }
  },
};

/** Whether the handler answers what `name(…)` returns: `return name(…)`, or a local assigned from it and returned. */
export function returnsCallOf(lines: readonly string[], handler: FunctionSummary, name: string): boolean {
  const call = String.raw`(?:await\s+)?(?:[A-Za-z_]\w*\.)*${name}\(`;
  const body = lines.slice(handler.bodyLine - 1, handler.endLine).map(maskStrings);
  if (body.some((l) => new RegExp(String.raw`^\s*return\s+${call}`).test(l))) return true;
  const assigned = body.map((l) => new RegExp(String.raw`^\s*(\w+)\s*(?::[^=]+)?=\s*${call}`).exec(l)?.[1]);
  return assigned.some((v) => v && body.some((l) => new RegExp(String.raw`^\s*return\s+${v}\s*$`).test(l)));
}

// The function's `return obj` statements that follow a commit of the session it opened itself, while that session
// is still open, for an object the session saw (`s.add(obj)`, `obj = s.get(…)`).
function expiredReturns(lines: readonly string[], fn: FunctionSummary): ExpiredReturn[] {
  const body = lines.slice(fn.bodyLine - 1, fn.endLine).map(maskStrings);
  const at = (k: number) => fn.bodyLine - 1 + k;
  const out: ExpiredReturn[] = [];
  for (let k = 0; k < body.length; k++) {
    const assigned = /^(\s*)(\w+)\s*(?::[^=]+)?=\s*([\w.]+)\(([^()]*)\)\s*$/.exec(body[k]!);
    const opened = /^(\s*)(?:async\s+)?with\s+([\w.]+)\(([^()]*)\)\s+as\s+(\w+)\s*:\s*$/.exec(body[k]!);
    const session = assigned?.[2] ?? opened?.[4];
    const factory = (assigned?.[3] ?? opened?.[2])?.split('.').pop();
    // A session told to keep its objects loaded after a commit: nothing expires.
    if (!session || !factory || KEEPS.test(assigned?.[4] ?? opened?.[3] ?? '')) continue;
    const s = session.replace(/\W/g, '');
    const closes = body.some((l) => new RegExp(String.raw`^\s*${s}\.close\(\s*\)`).test(l));
    // A session assigned by hand that is never closed keeps its objects usable: not this bug.
    if (assigned && !closes) continue;
    let committed = -1;
    let last = k;
    // The block's body's indent: that of its first statement (its last may sit deeper, in an `if`).
    const bodyIndent = indentOf(body.slice(k + 1).find((l) => l.trim() !== '') ?? '');
    for (let j = k + 1; j < body.length; j++) {
      const line = body[j]!;
      if (line.trim() === '') continue;
      // Past the `with` block: the session is closed there. A `return obj` right after a block that
      // committed it reads it expired all the same: the refresh goes at the block's end, where the
      // session is still open (the closed session's loaded values stay readable).
      if (opened && indentOf(line).length <= opened[1]!.length) {
        const ret = /^\s*return\s+(\w+)\s*$/.exec(line)?.[1];
        const site = ret && indentOf(line) === opened[1] ? expired(body, s, ret, committed, last + 1) : false;
        if (site) out.push({ line: at(last + 1), session: s, returned: ret!, factory, indent: bodyIndent });
        break;
      }
      last = j;
      if (new RegExp(String.raw`^\s*${s}\.close\(\s*\)`).test(line)) break;
      if (new RegExp(String.raw`^\s*(?:await\s+)?${s}\.commit\(\s*\)`).test(line)) committed = j;
      const ret = /^\s*return\s+(\w+)\s*$/.exec(line)?.[1];
      if (ret && expired(body, s, ret, committed, j)) out.push({ line: at(j), session: s, returned: ret, factory });
    }
  }
  return out;
}

// Whether `ret`, returned at body line `j`, is an object session `s` saw (`s.add(obj)`, `obj = s.get(…)`) and
// committed (at `committed`, -1 for none) without refreshing it since.
function expired(body: readonly string[], s: string, ret: string, committed: number, j: number): boolean {
  if (committed < 0 || ret === s) return false;
  const seen = body.some(
    (l) =>
      new RegExp(String.raw`\b${s}\.(?:add|merge)\(\s*${ret}\s*\)`).test(l) ||
      new RegExp(String.raw`^\s*${ret}\s*(?::[^=]+)?=\s*(?:await\s+)?${s}\.`).test(l),
  );
  const refreshed = body
    .slice(committed + 1, j)
    .some((l) => new RegExp(String.raw`\b${s}\.refresh\(\s*${ret}\s*[,)]`).test(l));
  return seen && !refreshed;
}

/** The project's session factories made with `expire_on_commit=False` (`SessionLocal = sessionmaker(…)`). */
export async function keepingFactories(tree: SourceTree, python: PythonProject): Promise<Set<string>> {
  const out = new Set<string>();
  for (const file of (await python.modules()).keys()) {
    const source = (await tree.read(file)) ?? '';
    for (const m of source.matchAll(/^(\w+)\s*(?::[^=\n]*)?=\s*[\w.]*sessionmaker\(([^()]*)\)/gm))
      if (KEEPS.test(m[2]!)) out.add(m[1]!);
  }
  return out;
}
