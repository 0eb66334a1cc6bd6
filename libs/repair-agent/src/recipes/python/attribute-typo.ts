import { replaceWordOnLine } from '../../python/python-edits.js';
import { closestName } from '../../similarity.js';
import type { Recipe } from '../recipe.js';

/**
 * `AttributeError: 'Cls' object has no attribute 'x'` (or `type object 'Cls'`, or
 * `module 'm'`) where Cls / m is the project's own and has a close member → that member.
 */
export const pythonAttributeTypo: Recipe = {
  id: 'python.attribute-typo',
  language: 'python',
  summary: "replace a misspelt attribute with the closest member of the object's class",
  async apply({ exception, culprit, tree, python }) {
    if (exception?.type !== 'AttributeError' || !culprit) return null;
    const match = /^(?:'(\w+)' object|type object '(\w+)'|module '([\w.]+)') has no attribute '(\w+)'/.exec(exception.message);
    if (!match) return null;
    const attribute = match[4]!;
    let members: string[] = [];
    if (match[1] ?? match[2]) members = await python.classMembers((match[1] ?? match[2])!);
    else {
      for (const [file, module] of await python.modules()) {
        if ((await python.moduleName(file)) === match[3]) members = module.defs.map((d) => d.name);
      }
    }
    const replacement = closestName(attribute, members.filter((m) => !m.startsWith('__')));
    if (!replacement) return null;
    const source = await tree.read(culprit.file);
    const updated = source === null ? null : replaceWordOnLine(source, culprit.line, attribute, replacement, true);
    if (!updated) return null;
    await tree.write(culprit.file, updated);
    return {
      summary: `rename .${attribute} to .${replacement} at ${culprit.file}:${culprit.line}`,
      template: { recipe: 'python.attribute-typo', owner: match[1] ?? match[2] ?? match[3], from: attribute, to: replacement },
    };
  },
};
