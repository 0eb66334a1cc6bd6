import { replaceWordOnLine, splitSource } from '../../python/python-edits.js';
import { closestName } from '../../similarity.js';
import { callOnLine, fitsCall, membersOf, missingAttribute } from '../../templates/python/member-candidates.js';
import { fitsMoment, momentColumns } from '../../templates/python/moment-member.js';
import type { Recipe } from '../recipe.js';

/**
 * `AttributeError: 'Cls' object has no attribute 'x'` (or `type object 'Cls'`, or
 * `module 'm'`) where Cls / m is the project's own and has a member spelt closely → that member;
 * when `.x(...)` is called, only a method whose parameters fit the call. Close in meaning rather
 * than spelling is python.attribute-meaning's, tried after this one.
 */
export const pythonAttributeTypo: Recipe = {
  id: 'python.attribute-typo',
  language: 'python',
  summary: "replace a misspelt attribute with the closest member of the object's class",
  async apply({ exception, culprit, tree, python }) {
    if (exception?.type !== 'AttributeError' || !culprit) return null;
    const missing = missingAttribute(exception.message);
    if (!missing) return null;
    const source = await tree.read(culprit.file);
    if (source === null) return null;
    const call = callOnLine(source, culprit.line, missing.attribute);
    const members = (await membersOf(python, tree, missing)).filter((m) => fitsCall(m, call));
    const replacement = closestName(
      missing.attribute,
      members.map((m) => m.name),
    );
    if (!replacement) return null;
    // `subscriber_since` is a date: a closely spelt `subscription_plan` column cannot be what it means.
    const moments = call ? null : await momentColumns(python, tree, missing.owner, missing.attribute);
    if (!fitsMoment(missing.attribute, replacement, moments)) return null;
    let updated = replaceWordOnLine(source, culprit.line, missing.attribute, replacement, true);
    if (!updated) return null;
    // The same receiver's misspelt attribute elsewhere in the function (the check's message after the check)
    // fails the same way as soon as the request reaches it.
    const fn = await python.functionAt(culprit.file, culprit.line);
    const receivers = receiversOf(splitSource(source).lines[culprit.line - 1]!, missing.attribute);
    for (let line = fn?.bodyLine ?? culprit.line; fn && line <= fn.endLine; line++) {
      if (line === culprit.line) continue;
      const text = splitSource(updated).lines[line - 1] ?? '';
      if (!receiversOf(text, missing.attribute).some((r) => receivers.includes(r))) continue;
      updated = replaceWordOnLine(updated, line, missing.attribute, replacement, true) ?? updated;
    }
    await tree.write(culprit.file, updated);
    return {
      summary: `rename .${missing.attribute} to .${replacement} at ${culprit.file}:${culprit.line}`,
      template: { recipe: 'python.attribute-typo', owner: missing.owner, from: missing.attribute, to: replacement },
    };
  },
};

// The names the attribute is read off on a line (`herd` of `herd.headcount`).
function receiversOf(line: string, attribute: string): string[] {
  return [...line.matchAll(new RegExp(`(?<![\\w.])([A-Za-z_]\\w*)\\.${attribute}\\b`, 'g'))].map((m) => m[1]!);
}
