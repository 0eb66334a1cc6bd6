import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';

/**
 * An object of a project class (a pydantic model, a dataclass, an ORM entity) read like a dict:
 * `key=lambda item: item["total_cents"]` fails with `'InvoiceLine' object is not subscriptable`
 * → `item.total_cents`, for each `name["field"]` on the failing line whose field the class
 * declares. No candidate when the class is not the project's or declares none of the keys.
 */
export const pythonModelSubscript: RepairTemplate = {
  id: 'python.model-subscript',
  language: 'python',
  summary: "read a model's field as an attribute where the code subscripts it like a dict",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    const owner = /^'(\w+)' object is not subscriptable/.exec(exception?.message ?? '')?.[1];
    if (!culprit || !owner || !(await python.classNamed(owner))) return;
    const fields = new Set(await python.classMembers(owner));
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const text = lines[culprit.line - 1]!;
    const code = text.slice(0, codeEnd(text));
    const replaced: string[] = [];
    const updated = code.replace(/\b(\w+)\[\s*(["'])(\w+)\2\s*\]/g, (whole, name: string, _q: string, key: string) => {
      if (!fields.has(key)) return whole;
      replaced.push(`${name}.${key}`);
      return `${name}.${key}`;
    });
    if (replaced.length === 0) return;
    lines[culprit.line - 1] = updated + text.slice(code.length);
    await tree.write(culprit.file, join(lines));
    yield {
      key: 'python.model-subscript#attribute',
      summary: `read ${replaced.join(', ')} as attributes of ${owner} at ${culprit.file}:${culprit.line}`,
      template: { recipe: 'python.model-subscript#attribute', owner },
    };
  },
};
