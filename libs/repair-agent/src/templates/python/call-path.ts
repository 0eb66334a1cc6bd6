import type { FunctionSummary } from '../../python/module-summary.js';
import type { PythonProject } from '../../python/python-project.js';
import type { RootCause } from '../../types.js';
import { causeRoutes } from './cause-routes.js';

/** A project function on a request's path, with its file. */
export interface PathFunction {
  readonly file: string;
  readonly fn: FunctionSummary;
}

/**
 * A function (a route handler), then the project functions it calls (matched by name, without a
 * trace to say which one ran), breadth first, `depth` calls deep. `lines` limits the first
 * function's calls to those lines (a `try` body), inclusive and 1-based.
 */
export async function callPath(
  python: PythonProject,
  file: string,
  start: FunctionSummary,
  depth: number,
  lines?: { from: number; to: number },
): Promise<PathFunction[]> {
  const modules = await python.modules();
  const out: PathFunction[] = [{ file, fn: start }];
  let frontier = out;
  for (let level = 0; level < depth && frontier.length > 0; level++) {
    const next: PathFunction[] = [];
    for (const { fn } of frontier) {
      const calls =
        fn === start && lines ? fn.calls.filter((c) => c.line >= lines.from && c.line <= lines.to) : fn.calls;
      for (const call of calls) {
        for (const [path, module] of modules) {
          for (const callee of module.functions) {
            if (callee.name !== call.name || out.some((o) => o.fn === callee)) continue;
            const found = { file: path, fn: callee };
            out.push(found);
            next.push(found);
          }
        }
      }
    }
    frontier = next;
  }
  return out;
}

/**
 * The project functions on the request path of every endpoint of `cause` (its own and its
 * violations'): each served route's handler, then what it calls, `depth` calls deep.
 */
export async function* causePath(python: PythonProject, cause: RootCause, depth: number): AsyncGenerator<PathFunction> {
  for (const route of await causeRoutes(python, cause)) yield* await callPath(python, route.file, route.handler, depth);
}
