import { splitSource } from '../../python/python-edits.js';
import type { FunctionSummary, ParsedModule } from '../../python/module-summary.js';
import { importAliases, moduleNameOf } from '../../python/module-names.js';
import type { PythonProject } from '../../python/python-project.js';
import { findRoute } from '../../recipes/python/route-match.js';
import { requestCalls } from '../../test-requests.js';
import type { RepairTemplate } from '../template.js';
import { commitsElsewhere } from './project-commits.js';

// pytest's list comparison: `assert [1, 2] == [1, 2, 3]`.
const LISTS = /assert \[([^\]]*)\] == \[([^\]]*)\]/;

// The expected (right) list has every item of the actual one, and more.
function missingFromList(message: string): boolean {
  const m = LISTS.exec(message);
  if (!m) return false;
  const [got, want] = [m[1]!, m[2]!].map((l) =>
    l
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );
  return want!.length > got!.length && got!.every((x) => want!.includes(x));
}

/**
 * A test creates a record (`client.post("/api/farmers", …)` answered 201), then lists the
 * collection and misses it (`assert [1, 2, 3, 4] == [1, 2, 3, 4, 5]`, "Right contains one more
 * item"): the create handler only `flush()`es, as its last write — the session closing with the
 * request rolls the row back — while the project's other writes commit on a session of that name, and the session
 * dependency commits nothing → its `flush()` becomes `commit()`. The flush may be in the project function the
 * handler hands the write to (`return chimneys.create(db, payload)`), one call deep. python.missing-commit reads the
 * same bug from a 404; this is the listing's view of it.
 */
export const pythonUncommittedCreate: RepairTemplate = {
  id: 'python.uncommitted-create',
  language: 'python',
  summary: 'commit the record a create handler only flushes, as the project’s other writes do',
  evidence: { kinds: ['test_failure'] },
  async *candidates({ cause, tree, python }) {
    for (const v of cause.violations) {
      if (!v.nodeid || !missingFromList(`${v.message}\n${v.signature.message ?? ''}`)) continue;
      const testFile = v.nodeid.split('::')[0]!;
      const text = await tree.read(testFile);
      const test = v.nodeid.split('::').pop()!;
      if (text === null) continue;
      const testLines = text.split('\n');
      const start = testLines.findIndex((l) => new RegExp(`^\\s*(?:async\\s+)?def\\s+${test}\\b`).test(l)) + 1;
      // The test's own body: up to the next top-level statement.
      const next = testLines.findIndex((l, k) => k >= start && /^\S/.test(l));
      const end = next < 0 ? testLines.length : next;
      const posts = (await requestCalls(tree, testFile, text)).filter(
        (c) => c.method === 'post' && c.line > start && c.line <= end,
      );
      const post = posts[0];
      if (start === 0 || !post?.path) continue;
      const route = await findRoute(python, `POST ${post.path}`).catch(() => undefined);
      if (!route || route.handler.calls.some((c) => c.name === 'commit')) continue;
      // The handler itself, or the project function it hands the write to (`repository.create(db, x)`).
      for (const { file, fn } of [{ file: route.file, fn: route.handler }, ...(await callees(python, route))]) {
        const source = await tree.read(file);
        if (source === null || fn.calls.some((c) => c.name === 'commit')) continue;
        const { lines, join } = splitSource(source);
        const flushes = lines
          .map((l, i) => ({ i, m: /^(\s*)(await\s+)?(\w+)\.flush\(\)\s*$/.exec(l) }))
          .filter(({ i, m }) => m !== null && i >= fn.bodyLine - 1 && i < fn.endLine);
        if (flushes.length !== 1) continue;
        const { i, m } = flushes[0]!;
        const session = m![3]!;
        // Only the function's last write: a flush for an id its child rows then use (`db.flush()` then
        // `db.add(Line(order_id=order.id))`) committed early would lose them.
        const after = lines.slice(i + 1, fn.endLine);
        if (after.some((l) => new RegExp(`\\b${session}\\.(?!refresh\\b)\\w+\\(`).test(l))) continue;
        if (!(await commitsElsewhere(python, tree, session))) continue;
        lines[i] = `${m![1]}${m![2] ?? ''}${session}.commit()`;
        await tree.write(file, join(lines));
        yield {
          key: 'python.uncommitted-create',
          summary: `commit ${session} in ${fn.name} (${file}:${i + 1}): it only flushed the new record`,
          template: { recipe: 'python.uncommitted-create' },
        };
        return;
      }
    }
  },
};

// The project functions a handler calls through a module it imports (`chimneys.create(…)`) or by name.
// Only a function the handler is the one caller of: a commit in a function others call would end
// their unit of work part-way (a batch import that rolls back on error).
async function callees(
  python: PythonProject,
  route: { file: string; handler: FunctionSummary },
): Promise<{ file: string; fn: FunctionSummary }[]> {
  const modules = await python.modules();
  const own = modules.get(route.file);
  if (!own) return [];
  const out: { file: string; fn: FunctionSummary }[] = [];
  for (const call of route.handler.calls) {
    const target = calledFunction(route.file, own, call);
    if (!target) continue;
    let callers = 0;
    for (const [file, module] of modules) {
      if (/(^|\/)tests?\/|(^|\/)test_[^/]*\.py$|conftest\.py$/.test(file)) continue;
      for (const fn of module.functions)
        callers += fn.calls.filter((c) => calledFunction(file, module, c) === target).length;
    }
    const [moduleName, name] = [target.slice(0, target.lastIndexOf('.')), target.slice(target.lastIndexOf('.') + 1)];
    for (const [file, module] of modules) {
      const fn = moduleNameOf(file) === moduleName ? module.functions.find((f) => f.name === name) : undefined;
      if (fn && callers === 1) out.push({ file, fn });
    }
  }
  return out;
}

// The dotted name (`app.repositories.chimneys.create`) a call reaches through the module's imports.
function calledFunction(file: string, module: ParsedModule, call: FunctionSummary['calls'][number]): string | null {
  const aliases = importAliases(file, module);
  const parts = (call.text ?? call.name).split('.');
  if (parts.length === 1) return aliases.get(parts[0]!) ?? null;
  const head = aliases.get(parts[parts.length - 2]!);
  return head ? `${head}.${parts[parts.length - 1]}` : null;
}
