import { importSpecifier } from '../../python/module-names.js';
import { addFromImport, splitSource } from '../../python/python-edits.js';
import { isTestFile } from '../../python/python-project.js';
import type { RepairTemplate } from '../template.js';

const ID = 'python.unregistered-handler';
// `app.add_exception_handler(NotFoundError, not_found_handler)` on one line.
const REGISTERED = /^(\s*)([A-Za-z_]\w*)\.add_exception_handler\(\s*([A-Z]\w*)\s*,\s*([A-Za-z_]\w*)\s*\)\s*$/;

/**
 * A project exception escapes as a 500 (`app.errors.ConflictError: kiln 1 is already firing`)
 * although the project writes its handler (`async def conflict_handler(request, exc: ConflictError)`
 * answering 409) and registers its siblings (`app.add_exception_handler(NotFoundError,
 * not_found_handler)`), just never this one → register it beside them, importing both names there:
 * every raise site keeps its exception and gets the answer the project wrote for it. Evidence: the
 * raised class is the project's, exactly one project function takes a parameter annotated with it,
 * nothing registers the class (`add_exception_handler(C`, `exception_handler(C)`), and one module
 * registers handlers with one-line `add_exception_handler` calls.
 */
export const pythonUnregisteredHandler: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: "register the project's own handler for an exception it never registered",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'] },
  async *candidates({ exception, tree, python }) {
    const raised = exception?.type.split('.').pop();
    if (!raised || !/^[A-Z]/.test(raised)) return;
    const found = await python.classNamed(raised);
    if (!found || isTestFile(found.file)) return;
    const handlers: { file: string; name: string }[] = [];
    const registrations: { file: string; line: number }[] = [];
    const registersRaised = new RegExp(`\\b(?:add_exception_handler|exception_handler)\\(\\s*${raised}\\b`);
    for (const [file, module] of await python.modules()) {
      if (isTestFile(file)) continue;
      const source = (await tree.read(file)) ?? '';
      if (registersRaised.test(source)) return;
      for (const fn of module.functions)
        if (Object.values(fn.annotations).some((a) => a === raised)) handlers.push({ file, name: fn.name });
      splitSource(source).lines.forEach((l, i) => {
        if (REGISTERED.test(l)) registrations.push({ file, line: i + 1 });
      });
    }
    const files = new Set(registrations.map((r) => r.file));
    if (handlers.length !== 1 || files.size !== 1) return;
    const handler = handlers[0]!;
    const target = registrations[0]!.file;
    // The names first (an import line may be added above; each import read from the tree as it now is), then the
    // registration after the last one.
    for (const [name, file] of [
      [raised, found.file],
      [handler.name, handler.file],
    ] as const) {
      const module = (await python.modules()).get(target);
      if (!module) return;
      const bound = module.imports.some((i) => i.names.some((n) => (n.asname ?? n.name) === name));
      if (file === target || bound) continue;
      const specifier = importSpecifier(target, module, await python.moduleName(file));
      await tree.write(target, addFromImport((await tree.read(target))!, module, specifier, name));
    }
    let text = (await tree.read(target))!;
    const { lines, join } = splitSource(text);
    const last = lines.findLastIndex((l) => REGISTERED.test(l));
    const [, indent, app] = REGISTERED.exec(lines[last]!)!;
    lines.splice(last + 1, 0, `${indent}${app}.add_exception_handler(${raised}, ${handler.name})`);
    const at = { file: target };
    text = join(lines);
    await tree.write(at.file, text);
    yield {
      key: ID,
      summary: `register ${handler.name} for ${raised} beside the app's other exception handlers (${at.file})`,
      template: { recipe: ID },
    };
  },
};
