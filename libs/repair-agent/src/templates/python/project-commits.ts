import { splitSource } from '../../python/python-edits.js';
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
