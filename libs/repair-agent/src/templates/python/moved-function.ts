import { importAliases, importSpecifier, moduleNameOf } from '../../python/module-names.js';
import { addFromImport } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';

const ID = 'python.moved-function';

/**
 * A function called through a project module that does not define it, after a refactor moved it
 * (`AttributeError: module 'app.services' has no attribute 'record_pressing'` on
 * `services.record_pressing(session, litres)`, the function now in `app/pressing.py`) → call it
 * through the module that defines it, imported as a module (`from app import pressing`, then
 * `pressing.record_pressing(…)`): importing the bare name could shadow a handler of the same name.
 * Only when exactly one other project module (tests aside) defines a top-level function of that
 * name, and the module's name is free in the calling file (or already bound to that module).
 */
export const pythonMovedFunction: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'call a function through the project module that defines it, not the one it moved out of',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['AttributeError'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    const missing = /^module '([\w.]+)' has no attribute '(\w+)'/.exec(exception?.message ?? '');
    if (!missing || !culprit) return;
    const [, from, name] = missing as unknown as [string, string, string];
    const modules = await python.modules();
    const own = [...modules.keys()].filter((file) => moduleNameOf(file) === from);
    const homes = [...modules]
      // The calling file's own def of that name is a handler named after it (`def record_pressing`).
      .filter(
        ([file]) => !own.includes(file) && file !== culprit.file && !/(^|\/)tests?\/|(^|\/)test_[^/]*$/.test(file),
      )
      .filter(([, m]) => m.defs.some((d) => d.kind === 'function' && d.name === name))
      .map(([file]) => file);
    const caller = modules.get(culprit.file);
    const source = await tree.read(culprit.file);
    if (own.length === 0 || homes.length !== 1 || !caller || source === null) return;
    const target = moduleNameOf(homes[0]!);
    const aliases = importAliases(culprit.file, caller);
    const through = [...aliases].filter(([, full]) => full === from).map(([local]) => local);
    const bound = [...aliases].find(([, full]) => full === target)?.[0];
    const parts = target.split('.');
    const local = bound ?? parts.at(-1)!;
    // A new binding must not take a name the file already uses.
    if (!bound && (parts.length < 2 || new RegExp(`(?<![\\w.])${local}(?!\\w)`).test(source))) return;
    let fixed = source;
    let calls = 0;
    for (const alias of through) {
      fixed = fixed.replace(new RegExp(`(?<![\\w.])${alias}\\.${name}(?!\\w)`, 'g'), () => {
        calls++;
        return `${local}.${name}`;
      });
    }
    if (calls === 0) return;
    if (!bound) {
      const parent = parts.slice(0, -1).join('.');
      fixed = addFromImport(fixed, caller, importSpecifier(culprit.file, caller, parent), local);
    }
    await tree.write(culprit.file, fixed);
    yield {
      key: ID,
      summary: `call ${name} through ${target}, which defines it, not ${from} (${culprit.file}:${culprit.line})`,
      template: { recipe: ID },
    };
  },
};
