import { addFromImport, splitSource } from '../../python/python-edits.js';
import { isTestFile } from '../../python/python-project.js';
import type { RepairTemplate } from '../template.js';

const ID = 'python.handled-base';
// `@app.exception_handler(DomainError)`, `app.add_exception_handler(DomainError, …)`.
const HANDLED = /\b(?:exception_handler|add_exception_handler)\(\s*([A-Z]\w*)\s*[,)]/g;

/**
 * A project exception escapes as a 500 (`app.services.stock.InsufficientStock: only 90 bundles…`)
 * because it derives from plain `Exception`, while the project answers its business errors through
 * a handler registered for its own base (`@app.exception_handler(DomainError)`, answering
 * `exc.status_code`) → derive it from that base: `class InsufficientStock(DomainError)`. Evidence:
 * the raised class is the project's, its only base is `Exception`, and it declares an attribute the
 * base declares (`status_code = 409`) or a sibling class of its module already derives from the base.
 * Several handled bases: no candidate.
 */
export const pythonHandledBase: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: "derive an unhandled project exception from the base the app's exception handler answers",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'] },
  async *candidates({ exception, tree, python }) {
    const raised = exception?.type.split('.').pop();
    if (!raised || !/^[A-Z]/.test(raised) || !python) return;
    const found = await python.classNamed(raised);
    if (!found || isTestFile(found.file) || found.cls.bases.join() !== 'Exception') return;
    const handled = new Set<string>();
    for (const file of (await python.modules()).keys())
      for (const m of ((await tree.read(file)) ?? '').matchAll(HANDLED)) handled.add(m[1]!);
    const bases = [];
    for (const name of handled) {
      const base = await python.classNamed(name);
      if (!base || name === raised) continue;
      const module = (await python.modules()).get(found.file);
      const sibling = module?.classes.some((c) => c.name !== raised && c.bases.includes(name));
      const shared = found.cls.attributes.some((a) => base.cls.attributes.includes(a));
      if (sibling || shared) bases.push({ name, file: base.file });
    }
    if (bases.length !== 1) return;
    const base = bases[0]!;
    const source = await tree.read(found.file);
    const module = (await python.modules()).get(found.file);
    if (source === null || !module) return;
    const { lines, join } = splitSource(source);
    const at = found.cls.line - 1;
    lines[at] = lines[at]!.replace(
      new RegExp(`^(\\s*class\\s+${raised}\\s*\\()\\s*Exception\\s*\\)`),
      `$1${base.name})`,
    );
    if (lines[at] === splitSource(source).lines[at]) return;
    const bound =
      module.classes.some((c) => c.name === base.name) ||
      module.imports.some((i) => i.names.some((n) => (n.asname ?? n.name) === base.name));
    const text = join(lines);
    await tree.write(
      found.file,
      bound ? text : addFromImport(text, module, await python.moduleName(base.file), base.name),
    );
    yield {
      key: ID,
      summary:
        `derive ${raised} from ${base.name}, which the app's exception handler answers ` +
        `(${found.file}:${found.cls.line})`,
      template: { recipe: ID },
    };
  },
};
