import type { FunctionSummary } from '../../python/module-summary.js';
import type { PythonProject } from '../../python/python-project.js';

/**
 * A route's handler and the project functions it calls by name, two calls deep (a handler → its
 * service → a repository), each name defined once as a module-level function (the caller's own
 * definition aside when it calls a namesake through a module).
 */
export async function handlerReach(
  python: PythonProject,
  file: string,
  handler: FunctionSummary,
): Promise<{ file: string; fn: FunctionSummary }[]> {
  const out = [{ file, fn: handler }];
  const modules = await python.modules();
  for (let depth = 0, level = [...out]; depth < 2; depth++) {
    const next: typeof out = [];
    for (const { file: at, fn } of level) {
      for (const name of new Set(fn.calls.map((c) => c.name))) {
        // A handler calling its service's namesake through a module (`pits.update_pit(db, …)` in
        // `update_pit`) is not calling itself: its own definition is no candidate for that call.
        const qualified =
          fn.qualname === fn.name && fn.calls.every((c) => c.name !== name || (c.text ?? '').includes('.'));
        const defs = (await python.definitionsOf(name)).filter(
          (d) => d.kind === 'function' && !(qualified && name === fn.name && d.file === at),
        );
        const target = defs.length === 1 ? defs[0]! : undefined;
        const callee = target
          ? modules.get(target.file)?.functions.find((f) => f.name === name && f.qualname === name)
          : undefined;
        if (target && callee && !out.some((o) => o.fn === callee)) next.push({ file: target.file, fn: callee });
      }
    }
    out.push(...next);
    level = next;
  }
  return out;
}
