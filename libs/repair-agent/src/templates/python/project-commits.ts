import { splitSource } from '../../python/python-edits.js';
import type { FunctionSummary } from '../../python/module-summary.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';

/**
 * Whether the project's own writes commit a session of that name (`db.commit()` outside tests, seeds
 * and the session dependency), and no generator dependency commits for them (`yield db` then commit):
 * the convention a create that only adds or flushes breaks.
 */
export async function commitsElsewhere(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  session: string,
): Promise<boolean> {
  let writes = 0;
  for (const [file, module] of await python.modules()) {
    if (/(^|\/)(tests?|seeds?)(\/|\.py$)|conftest\.py$/.test(file)) continue;
    const text = (await tree.read(file)) ?? '';
    for (const fn of module.functions) {
      const commits = fn.calls.some((c) => c.text === `${session}.commit`);
      const body = splitSource(text)
        .lines.slice(fn.bodyLine - 1, fn.endLine)
        .join('\n');
      if (commits && /\byield\b/.test(body)) return false;
      if (commits && /\.add\(|\.delete\(|\bsetattr\(|\.\w+\s*=(?!=)/.test(body)) writes++;
    }
  }
  return writes > 0;
}

/**
 * Whether a function of the project that calls `fn`, directly or through the functions between
 * (a handler → a service → this repository function), commits after that call: the caller's unit of
 * work, which a commit inside `fn` would cut in half. Callers are matched by name: a same-named
 * function elsewhere only makes this more cautious.
 */
export async function callerCommits(python: PythonProject, fn: FunctionSummary): Promise<boolean> {
  const all = [...(await python.modules()).values()].flatMap((m) => m.functions);
  const seen = new Set<FunctionSummary>([fn]);
  let callees = [fn.name];
  for (let depth = 0; depth < 4 && callees.length > 0; depth++) {
    const next: string[] = [];
    for (const g of all) {
      if (seen.has(g)) continue;
      const calling = g.calls.filter((c) => callees.includes(c.name));
      if (calling.length === 0) continue;
      const first = Math.min(...calling.map((c) => c.line));
      if (g.calls.some((c) => c.name === 'commit' && !!c.text?.endsWith('.commit') && c.line > first)) return true;
      seen.add(g);
      next.push(g.name);
    }
    callees = next;
  }
  return false;
}
