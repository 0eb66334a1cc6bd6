import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { maskStrings, statementEnd } from './expression-text.js';

const ID = 'python.frozen-model-assign';
const INVALID = ['ValidationError', 'pydantic.ValidationError', 'pydantic_core._pydantic_core.ValidationError'];

/**
 * A field of a frozen pydantic model (`model_config = ConfigDict(frozen=True)`) assigned in place
 * (`payload.grafter = normalise(payload.grafter)`) raises `ValidationError: 1 validation error for
 * GraftCreate … Instance is frozen` → the model rebound to a copy with that field updated:
 * `payload = payload.model_copy(update={"grafter": normalise(payload.grafter)})`, so the value the
 * code meant is what the rest of the function reads, and the model stays frozen. Only a one-target
 * assignment on the culprit line to an attribute of a plain name, whose class (the error names it)
 * the project declares frozen.
 */
export const pythonFrozenModelAssign: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'rebind a frozen pydantic model to an updated copy instead of assigning its field',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: INVALID, culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    const model = /^\d+ validation errors? for (\w+)/.exec(exception?.message ?? '')?.[1];
    const source = culprit ? await tree.read(culprit.file) : null;
    if (!model || !culprit || source === null) return;
    const found = await python.classNamed(model);
    const declared = found ? splitSource((await tree.read(found.file)) ?? '').lines : [];
    const body = found ? declared.slice(found.cls.line - 1, found.cls.endLine).join('\n') : '';
    if (!/\bfrozen\s*=\s*True\b/.test(body)) return;
    const { lines, join } = splitSource(source);
    const end = statementEnd(lines, culprit.line);
    const text = lines.slice(culprit.line - 1, end).join('\n');
    const target = /^(\s*)([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*=(?!=)\s*/.exec(maskStrings(text));
    if (!target) return;
    const [, indent, name, field] = target as unknown as [string, string, string, string];
    const value = text.slice(target[0].length, codeEnd(text)).trim();
    const replaced = `${indent}${name} = ${name}.model_copy(update={"${field}": ${value}})`;
    lines.splice(culprit.line - 1, end - culprit.line + 1, ...replaced.split('\n'));
    await tree.write(culprit.file, join(lines));
    yield {
      key: ID,
      summary: `rebind ${name} to a copy with ${field} updated (${model} is frozen) at ${culprit.file}:${culprit.line}`,
      template: { recipe: ID },
    };
  },
};
