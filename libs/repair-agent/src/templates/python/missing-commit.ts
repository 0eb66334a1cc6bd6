import { splitSource } from '../../python/python-edits.js';
import { isTestFile, type PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { indentOf } from './expression-text.js';
import { callerCommits, commitsElsewhere } from './project-commits.js';

// "Artisan 4 not found", "Booking not found", "Invoice #12 was not found", "customer 4 not found".
const NOT_FOUND = /\b([A-Za-z][A-Za-z0-9]+)(?:\s+[#\w-]+)?\s+(?:was\s+)?not found/g;

/**
 * A record created and answered 2xx, then not found (404) by the next request, or missing from the
 * list a test reads next (`assert {'id': 4, 'name': …} in [...]`: the model whose columns hold those
 * keys): the function that
 * makes it (`artisan = Artisan(**fields)`, `self.session.add(artisan)`) only adds or flushes, never
 * commits, so the session closing with the request rolls it back — while the same module's other
 * writes commit theirs (its convention; in a module with no commit of its own, the project's other
 * modules' writes on a session of that name) → commit there: its `flush()` becomes `commit()`, or a
 * `commit()` follows the `add`. The model is the one the 404's message names. A project whose writes
 * never commit (the session dependency commits), a function that commits already, or (in a module with
 * no commit of its own) one a project caller commits after calling (its unit of work): no candidate.
 */
export const pythonMissingCommit: RepairTemplate = {
  id: 'python.missing-commit',
  language: 'python',
  summary: "commit the session a create adds its record to, as the module's other writes do",
  evidence: { kinds: ['status_mismatch', 'test_failure'] },
  async *candidates({ cause, tree, python }) {
    const models = new Set<string>();
    for (const v of cause.violations) {
      const text = `${v.message}\n${v.responseExcerpt}`;
      if (v.actualStatus !== 404 && !/\b404\b/.test(text)) continue;
      // The message may name the model in lower case (`customer 4 not found`): the class is capitalised.
      for (const m of text.matchAll(NOT_FOUND)) models.add(m[1]![0]!.toUpperCase() + m[1]!.slice(1));
    }
    if (models.size === 0) for (const model of await unlistedModels(python, tree, cause.violations)) models.add(model);
    if (models.size === 0 || !python) return;
    for (const [file, module] of await python.modules()) {
      if (isTestFile(file)) continue;
      // The sessions this module's own writes commit (`self.session`, `db`): the convention to follow.
      const committed = new Set(
        module.functions.flatMap((f) =>
          f.calls.flatMap((c) => (c.name === 'commit' && c.text?.endsWith('.commit') ? [c.text.slice(0, -7)] : [])),
        ),
      );
      const source = await tree.read(file);
      if (source === null) continue;
      for (const fn of module.functions) {
        if (fn.calls.some((c) => c.name === 'commit') || !fn.calls.some((c) => models.has(c.name))) continue;
        const adds = fn.calls.filter((c) => c.name === 'add' && c.text?.endsWith('.add'));
        let add = adds.find((c) => committed.has(c.text!.slice(0, -4)));
        // A module none of whose writes commit (a router with this one create): the project's other
        // modules say whether a session of that name is committed by the writes themselves.
        // A caller that commits after calling it owns the transaction (a unit of work): none then.
        if (!add && committed.size === 0 && !(await callerCommits(python, fn))) {
          const sessions = [...new Set(adds.map((c) => c.text!.slice(0, -4)))];
          for (const s of sessions)
            if (!add && (await commitsElsewhere(python, tree, s))) add = adds.find((c) => c.text === `${s}.add`);
        }
        if (!add?.text) continue;
        const session = add.text.slice(0, -'.add'.length);
        const { lines, join } = splitSource(source);
        const flushed = `${session}.flush()`;
        const flush = lines.findIndex(
          (l, i) => i >= add.line - 1 && i < fn.endLine && l.trim().replace(/^await\s+/, '') === flushed,
        );
        // An AsyncSession's commit is a coroutine: awaited as the module's other commits are.
        const awaited =
          fn.async && (source.includes(`await ${session}.commit(`) || /^\s*await\s/.test(lines[flush] ?? ''))
            ? 'await '
            : '';
        const out = [...lines];
        if (flush >= 0)
          out[flush] = out[flush]!.replace(/(await\s+)?(\S+)\.flush\(\)/, `${awaited}${session}.commit()`);
        else out.splice(add.endLine, 0, `${indentOf(lines[add.line - 1]!)}${awaited}${session}.commit()`);
        await tree.write(file, join(out));
        yield {
          key: `python.missing-commit#${flush >= 0 ? 'flush' : 'add'}`,
          summary:
            `commit ${session} in ${fn.qualname} (${file}:${flush >= 0 ? flush + 1 : add.endLine + 1}): ` +
            'it only added the record',
          template: { recipe: 'python.missing-commit' },
        };
      }
    }
  },
};

// `assert {'id': 4, 'name': 'Ice Fjord'} in [{'id': 1, …}, …]`: the record a create answered is missing
// from the next read. Its model: the one mapped class (`__tablename__`) whose attributes hold every key.
async function unlistedModels(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  violations: readonly { message: string; responseExcerpt: string }[],
): Promise<string[]> {
  const keys = new Set<string>();
  for (const v of violations)
    for (const m of `${v.message}\n${v.responseExcerpt}`.matchAll(/\bassert \{([^{}]*)\} in \[/g))
      for (const key of m[1]!.matchAll(/'(\w+)':/g)) keys.add(key[1]!);
  if (keys.size === 0) return [];
  const found: string[] = [];
  for (const [file, module] of await python.modules()) {
    if (isTestFile(file)) continue;
    const lines = splitSource((await tree.read(file)) ?? '').lines;
    for (const cls of module.classes) {
      const body = lines.slice(cls.line - 1, cls.endLine).join('\n');
      if (/__tablename__\s*=/.test(body) && [...keys].every((k) => cls.attributes.includes(k))) found.push(cls.name);
    }
  }
  return found.length === 1 ? found : [];
}
