import { splitSource } from '../../python/python-edits.js';
import type { FunctionSummary } from '../../python/module-summary.js';
import type { PythonProject, PythonRoute } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import { failureTexts } from '../failure-texts.js';
import type { RepairTemplate } from '../template.js';
import { causeRoutes } from './cause-routes.js';
import { indentOf, maskStrings, statementEnd } from './expression-text.js';
import { addParameter, dependencyParameter, type DependencyParameter } from './handler-parameter.js';

const EXCEPTIONS = [
  'ResponseValidationError',
  'fastapi.exceptions.ResponseValidationError',
  'DetachedInstanceError',
  'sqlalchemy.orm.exc.DetachedInstanceError',
];
// SQLAlchemy's words for an object read after its session closed; FastAPI's ResponseValidationError
// carries them in its errors (`get_attribute_error`), which the log keeps past the first line.
const DETACHED = /DetachedInstanceError|is not bound to a Session/;
// An expired object: committed (expire_on_commit) before the session closed, so a refresh reloads it.
const EXPIRED = /attribute refresh operation/;

/** The handler's own `with Factory() as s:` block, the top-level `return` after it, and the block's names. */
interface LocalSession {
  readonly start: number;
  /** The block's last non-blank line (0-based). */
  readonly end: number;
  readonly indent: string;
  readonly bodyIndent: string;
  readonly variable: string;
  readonly factory: string;
  /** The first top-level `return` after the block (0-based), and the block's local it returns. */
  readonly ret: number;
  readonly returned: string;
  readonly commits: boolean;
}

/**
 * A route handler that opens its own session (`with SessionLocal() as s:`), creates or loads an
 * object in it, and returns the object after the block: the session is closed (its commit expired
 * the object) before FastAPI serialises the response, so reading the attributes raises
 * `DetachedInstanceError: Instance <X at 0x…> is not bound to a Session; attribute refresh
 * operation cannot proceed`, reported as a `ResponseValidationError` whose errors
 * (`get_attribute_error`) name it. Evidence: that text in the exception or the failing request's
 * report, localised through the failing endpoint's handler. Fixes, best first:
 * `#request-session`: when the module's sibling routes take the project's session dependency
 * (`db: Session = Depends(get_db)`, whose function opens the same factory), the handler takes it
 * too under the block's variable, and the `with` line goes (its body dedented, every statement
 * kept: the errors it raises still answer 404/409); `#refresh`: when the block commits (or the
 * message says the object expired) and the `return` follows the block, `s.refresh(obj)` and the
 * `return` move inside the block. Must not fire on a handler that already takes a session, a block
 * that returns inside, a `return` of nothing the block assigned, or a block without the session
 * evidence.
 */
export const pythonDetachedRouteSession: RepairTemplate = {
  id: 'python.detached-route-session',
  language: 'python',
  summary: "serialise a handler's object through the request's session, not a route-local one closed first",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS },
  async *candidates({ cause, exception, tree, python }) {
    const texts = failureTexts(cause, exception);
    if (!texts.some((t) => DETACHED.test(t))) return;
    const expired = texts.some((t) => EXPIRED.test(t));
    const routes = await causeRoutes(python, cause);
    for (const route of routes) {
      const source = await tree.read(route.file);
      if (source === null) continue;
      const { lines } = splitSource(source);
      const local = localSession(lines, route.handler);
      // A handler that already takes the request's session opened another on purpose: not this bug.
      if (!local || dependencyParameter(lines, route.handler) || sessionParameter(route.handler)) continue;
      const where = `${route.handler.name} at ${route.file}:${local.start + 1}`;
      const dependency = await siblingSession(python, tree, route, local.factory);
      if (dependency && (await requestSession(tree, route, dependency))) {
        yield {
          key: 'python.detached-route-session#request-session',
          summary:
            `${route.handler.name} takes the request's session (${dependency.text}) like its sibling routes, ` +
            `not a ${local.factory}() of its own closed before the response, at ${route.file}:${local.start + 1}`,
          template: { recipe: 'python.detached-route-session#request-session', dependency: dependency.name },
        };
      }
      if ((local.commits || expired) && (await refreshInside(tree, route))) {
        yield {
          key: 'python.detached-route-session#refresh',
          summary: `refresh ${local.returned} and return it inside the session block of ${where}`,
          template: { recipe: 'python.detached-route-session#refresh' },
        };
      }
    }
  },
};

// The handler's one top-level route-local session block that the handler's later `return` reads a local of.
function localSession(lines: readonly string[], fn: FunctionSummary): LocalSession | null {
  const top = indentOf(lines[fn.bodyLine - 1] ?? '');
  const found: LocalSession[] = [];
  for (let i = fn.bodyLine - 1; i < fn.endLine; i++) {
    const open = /^(\s*)(?:async\s+)?with\s+([\w.]+)\([^()]*\)\s+as\s+(\w+)\s*:\s*(?:#.*)?$/.exec(lines[i] ?? '');
    if (!open || open[1] !== top) continue;
    let end = i;
    for (let j = i + 1; j < fn.endLine; j++) {
      const line = lines[j]!;
      if (line.trim() === '') continue;
      if (indentOf(line).length <= top.length) break;
      end = j;
    }
    if (end === i) continue;
    const block = lines.slice(i + 1, end + 1);
    const bodyIndent = indentOf(block.find((l) => l.trim() !== '')!);
    const variable = open[3]!;
    const masked = block.map(maskStrings);
    // Returning inside the block, or a block that is no session's (`open(...) as f`): not this bug.
    if (
      masked.some((l) => /^\s*(?:return|yield)\b/.test(l)) ||
      !masked.some((l) => new RegExp(`\\b${variable}\\b`).test(l))
    )
      continue;
    // Multi-line strings would be re-indented with the block.
    if (block.some((l) => /"""|'''/.test(l))) continue;
    const assigned = new Set(
      block
        .filter((l) => indentOf(l) === bodyIndent)
        .map((l) => /^\s*(\w+)\s*(?::[^=]+)?=(?!=)/.exec(maskStrings(l))?.[1])
        .filter((n): n is string => !!n && n !== variable),
    );
    const ret = lines.findIndex((l, j) => j > end && j < fn.endLine && indentOf(l) === top && /^\s*return\b/.test(l));
    if (ret < 0) continue;
    const text = lines
      .slice(ret, statementEnd(lines, ret + 1))
      .map(maskStrings)
      .join(' ');
    const returned = [...assigned].find((n) => new RegExp(`^\\s*return\\s+${n}\\s*$`).test(text));
    if (!returned) continue;
    const commits = masked.some((l) => new RegExp(`\\b${variable}\\.commit\\(\\s*\\)`).test(l));
    found.push({ start: i, end, indent: top, bodyIndent, variable, factory: open[2]!, ret, returned, commits });
  }
  return found.length === 1 ? found[0]! : null;
}

// The session dependency of the module's other routes, when the handler takes none and the dependency opens `factory`.
async function siblingSession(
  python: PythonProject,
  tree: SourceTree,
  route: PythonRoute,
  factory: string,
): Promise<DependencyParameter | null> {
  const source = await tree.read(route.file);
  if (source === null) return null;
  const { lines } = splitSource(source);
  const siblings = (await python.routes()).filter(
    (r) => r.file === route.file && !r.decoratorFile && r.handler.line !== route.handler.line,
  );
  const found = siblings.map((r) => dependencyParameter(lines, r.handler)).find((d) => d !== null);
  if (!found) return null;
  // The dependency is the project's own function, opening the same factory the handler opens by hand.
  const defs = (await python.definitionsOf(found.name)).filter((d) => d.kind === 'function');
  for (const def of defs) {
    const fn = (await python.modules()).get(def.file)?.functions.find((f) => f.qualname === found.name);
    const text = fn ? splitSource((await tree.read(def.file)) ?? '').lines.slice(fn.bodyLine - 1, fn.endLine) : [];
    if (text.some((l) => new RegExp(`\\b${factory.split('.').pop()!}\\b`).test(maskStrings(l)))) return found;
  }
  return null;
}

// Whether the handler already has a Session parameter of its own.
function sessionParameter(fn: FunctionSummary): boolean {
  return fn.params.some((p) => /\b(?:Async)?Session\b/.test(fn.annotations[p] ?? ''));
}

// `#request-session`: the dependency as a parameter named like the block's variable; the `with` line dropped.
async function requestSession(tree: SourceTree, route: PythonRoute, dependency: DependencyParameter): Promise<boolean> {
  const source = await tree.read(route.file);
  if (source === null) return false;
  const { lines, join } = splitSource(source);
  const local = localSession(lines, route.handler);
  if (!local || route.handler.params.includes(local.variable)) return false;
  const cut = local.bodyIndent.length - local.indent.length;
  for (let j = local.start + 1; j <= local.end; j++)
    lines[j] = lines[j]!.trim() === '' ? '' : lines[j]!.slice(indentOf(lines[j]!).length >= cut ? cut : 0);
  lines.splice(local.start, 1);
  if (!addParameter(lines, route.handler, `${local.variable}: ${dependency.text}`, dependency.defaulted)) return false;
  await tree.write(route.file, join(lines));
  return true;
}

// `#refresh`: `s.refresh(obj)` and the `return` that followed the block, inside it.
async function refreshInside(tree: SourceTree, route: PythonRoute): Promise<boolean> {
  const source = await tree.read(route.file);
  if (source === null) return false;
  const { lines, join } = splitSource(source);
  const local = localSession(lines, route.handler);
  // Only a `return` that is the block's next statement moves: nothing between runs outside the session.
  if (!local || lines.slice(local.end + 1, local.ret).some((l) => l.trim() !== '')) return false;
  // A block that already refreshes the object after its commit: a refresh more changes nothing.
  const refresh = `${local.variable}.refresh(${local.returned})`;
  if (lines.slice(local.start, local.end + 1).some((l) => l.includes(refresh))) return false;
  lines.splice(local.end + 1, local.ret - local.end);
  lines.splice(local.end + 1, 0, `${local.bodyIndent}${refresh}`, `${local.bodyIndent}return ${local.returned}`);
  await tree.write(route.file, join(lines));
  return true;
}
