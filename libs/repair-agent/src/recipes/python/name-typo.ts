import { replaceWordOnLine } from '../../python/python-edits.js';
import { closestName } from '../../similarity.js';
import type { Recipe } from '../recipe.js';

// Python 3.11 prints no "Did you mean" through logging, so the candidates are computed here.
const BUILTINS = [
  'abs',
  'all',
  'any',
  'bool',
  'bytes',
  'callable',
  'dict',
  'enumerate',
  'filter',
  'float',
  'format',
  'getattr',
  'hasattr',
  'hash',
  'int',
  'isinstance',
  'issubclass',
  'iter',
  'len',
  'list',
  'map',
  'max',
  'min',
  'next',
  'object',
  'print',
  'range',
  'repr',
  'reversed',
  'round',
  'set',
  'setattr',
  'sorted',
  'str',
  'sum',
  'super',
  'tuple',
  'type',
  'zip',
  'None',
  'True',
  'False',
];

/** `NameError: name 'x' is not defined` with a close name in scope (a typo) → that name. */
export const pythonNameTypo: Recipe = {
  id: 'python.name-typo',
  language: 'python',
  summary: 'replace a misspelt name with the closest name in scope',
  async apply({ exception, culprit, tree, python }) {
    if (exception?.type !== 'NameError' || !culprit) return null;
    const name = /name '(\w+)' is not defined/.exec(exception.message)?.[1];
    if (!name) return null;
    const module = (await python.modules()).get(culprit.file);
    if (!module) return null;
    const fn = await python.functionAt(culprit.file, culprit.line);
    const imported = module.imports.flatMap((i) => i.names.map((n) => n.asname ?? n.name.split('.')[0]!));
    const scope = [
      ...(fn?.params ?? []),
      ...(fn?.locals ?? []),
      ...module.defs.map((d) => d.name),
      ...imported,
      ...BUILTINS,
    ];
    const replacement = closestName(name, scope);
    if (!replacement) return null;
    const source = await tree.read(culprit.file);
    const updated = source === null ? null : replaceWordOnLine(source, culprit.line, name, replacement);
    if (!updated) return null;
    await tree.write(culprit.file, updated);
    return {
      summary: `rename ${name} to ${replacement} at ${culprit.file}:${culprit.line}`,
      template: { recipe: 'python.name-typo', from: name, to: replacement },
    };
  },
};
