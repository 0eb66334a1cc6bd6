import { splitSource } from '../../python/python-edits.js';
import type { FunctionSummary } from '../../python/module-summary.js';
import type { RepairTemplate } from '../template.js';
import { causeRoutes } from './cause-routes.js';
import { handlerReach } from './handler-reach.js';
import { callerCommits, commitsElsewhere } from './project-commits.js';
import { testWriteRoutes } from './test-write-routes.js';

const ID = 'python.flushed-update';
const WRITES = new Set(['put', 'patch', 'post', 'delete']);

/**
 * A test of a write endpoint fails (`a second PATCH shows the first change undone`) and the write's
 * handler, or a project function it calls, changes a record (`setattr(member, field, value)`,
 * `member.grade = …`) or deletes one (`db.delete(member)` on the flushed session) and only flushes the
 * session, never commits: the session closing with the
 * request rolls the change back, while the project's other writes commit that session (their
 * convention) → that `flush()` becomes `commit()`. A test that writes and then reads the record back
 * fails on the read (`GET` shows the old value): the write requests of the failing test's own body are
 * followed too (test-write-routes.ts). The create of a new record is missing-commit's; a
 * project whose writes never commit (the session dependency does), a function a caller commits
 * after (its unit of work), or one that commits already: no candidate.
 */
export const pythonFlushedUpdate: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: "commit a write that only flushes, as the project's other writes commit",
  evidence: { kinds: ['test_failure'] },
  async *candidates({ cause, tree, python }) {
    if (!python) return;
    const seen = new Set<FunctionSummary>();
    const routes = [...(await causeRoutes(python, cause)), ...(await testWriteRoutes(python, tree, cause))];
    for (const route of routes) {
      if (!WRITES.has(route.method)) continue;
      for (const { file, fn } of await handlerReach(python, route.file, route.handler)) {
        if (seen.has(fn)) continue;
        seen.add(fn);
        if (fn.calls.some((c) => c.name === 'commit')) continue;
        const flushes = fn.calls.filter((c) => c.name === 'flush' && c.text?.endsWith('.flush'));
        if (flushes.length !== 1) continue;
        const flush = flushes[0]!;
        const session = flush.text!.slice(0, -'.flush'.length);
        const source = await tree.read(file);
        if (source === null) continue;
        const { lines, join } = splitSource(source);
        const body = lines.slice(fn.bodyLine - 1, fn.endLine).join('\n');
        // A change to a loaded record, or its delete on the flushed session (`db.delete(member)`).
        const deletes = fn.calls.some((c) => c.name === 'delete' && c.text === `${session}.delete`);
        if (!deletes && !/\bsetattr\(|^\s*\w+\.\w+\s*(?:[-+*/]?=)(?!=)/m.test(body)) continue;
        if (!(await commitsElsewhere(python, tree, session)) || (await callerCommits(python, fn))) continue;
        const line = lines[flush.line - 1]!;
        const flushed = new RegExp(`(?<![\\w.])${session.replace(/\./g, '\\.')}\\.flush\\(\\)`);
        if (!flushed.test(line)) continue;
        const out = [...lines];
        out[flush.line - 1] = line.replace(flushed, `${session}.commit()`);
        await tree.write(file, join(out));
        const what = deletes ? 'delete' : 'change';
        yield {
          key: ID,
          summary: `commit ${session} in ${fn.qualname} (${file}:${flush.line}): the ${what} was only flushed`,
          template: { recipe: ID },
        };
      }
    }
  },
};
