import { addFromImport, splitSource } from '../../python/python-edits.js';
import { isTestFile } from '../../python/python-project.js';
import { failureTexts } from '../failure-texts.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { eagerLoad, LAZY_LOAD, relationshipsOf } from './detached-eager-load.js';

const ID = 'python.detached-eager-load#validated';
// pydantic's first line: `1 validation error for ShelfDetail`.
const FIRST_LINE = /^\d+ validation errors? for (\w+)$/;

/**
 * python.detached-eager-load where the server log kept only the first line of pydantic's error: a
 * handler validates the object a private-session loader handed out (`ShelfDetail.model_validate(shelf)`)
 * and fails (`1 validation error for ShelfDetail`), the lazy load of its relationship hidden in the
 * lines the log dropped → the loader loads, with the object, the relationships of its class the
 * validated model has fields for (`books`). Evidence, all required: that first line at a culprit
 * line calling `<Model>.model_validate(`; a project function the culprit's function calls whose
 * last statement is a `with Factory() as s:` block returning the selected object (`select(Cls)` or
 * `s.get(Cls, …)`, no loader options yet); `Cls` declares relationships named like fields of the
 * validated model. With the lazy-load words at hand, python.detached-eager-load decides instead.
 */
export const pythonDetachedValidatedModel: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'load the relationships a validated model reads with the object a private-session loader hands out',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['ValidationError'], culprit: true },
  async *candidates(context) {
    const { exception, culprit, python, tree } = context;
    const model = FIRST_LINE.exec(exception?.message.trim() ?? '')?.[1];
    if (!model || !culprit || isTestFile(culprit.file)) return;
    if (failureTexts(context.cause, exception).some((t) => LAZY_LOAD.test(t))) return;
    const source = await tree.read(culprit.file);
    const caller = await python.functionAt(culprit.file, culprit.line);
    if (source === null || !caller) return;
    const callerLines = splitSource(source).lines;
    if (!new RegExp(`\\b${model}\\.model_validate\\(`).test(callerLines[culprit.line - 1] ?? '')) return;
    const fields = await fieldsOf(context, model);
    const body = callerLines
      .slice(caller.bodyLine - 1, caller.endLine)
      .map((l) => l.slice(0, codeEnd(l)))
      .join('\n');
    // The ORM classes whose relationships the validated model has fields for.
    const wanted = new Map<string, string[]>();
    for (const module of (await python.modules()).values())
      for (const cls of module.classes) {
        const related = (await relationshipsOf(context, cls.name)).filter((r) => fields.has(r));
        if (related.length > 0) wanted.set(cls.name, related);
      }
    if (wanted.size === 0) return;
    const edited: string[] = [];
    for (const [file, module] of await python.modules()) {
      if (isTestFile(file)) continue;
      const text = await tree.read(file);
      if (text === null) continue;
      const { lines, join } = splitSource(text);
      let changed = false;
      for (const fn of module.functions) {
        if ((file === culprit.file && fn.line === caller.line) || !new RegExp(`\\b${fn.name}\\s*\\(`).test(body))
          continue;
        for (const [cls, related] of wanted) changed = eagerLoad(lines, fn, cls, related) || changed;
      }
      if (!changed) continue;
      const imported = module.imports.some((i) => i.names.some((n) => (n.asname ?? n.name) === 'selectinload'));
      const joined = join(lines);
      await tree.write(file, imported ? joined : addFromImport(joined, module, 'sqlalchemy.orm', 'selectinload'));
      edited.push(file);
    }
    if (edited.length === 0) return;
    yield {
      key: ID,
      summary:
        `load the relationships ${model} validates with the object its private-session loader hands out, ` +
        `in ${edited.join(', ')}`,
      template: { recipe: ID },
    };
  },
};

// The field names of the project class `name` (`books: list[BookOut]`).
async function fieldsOf(
  { python, tree }: Parameters<RepairTemplate['candidates']>[0],
  name: string,
): Promise<Set<string>> {
  const found = await python.classNamed(name);
  if (!found) return new Set();
  const lines = splitSource((await tree.read(found.file)) ?? '').lines.slice(found.cls.line, found.cls.endLine);
  return new Set(lines.flatMap((l) => /^\s+(\w+)\s*:/.exec(l)?.[1] ?? []));
}
