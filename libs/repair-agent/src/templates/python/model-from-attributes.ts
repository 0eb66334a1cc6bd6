import { addFromImport, splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { indentOf, maskStrings } from './expression-text.js';
import { isSchema } from './response-missing-field.js';

const EXCEPTIONS = [
  'ValidationError',
  'pydantic.ValidationError',
  'pydantic_core.ValidationError',
  'pydantic_core._pydantic_core.ValidationError',
];

/**
 * `BerthOut.model_validate(berth)` of an ORM object, where `BerthOut` does not read attributes,
 * raises `1 validation error for BerthOut … Input should be a valid dictionary or instance of
 * BerthOut` → `model_config = ConfigDict(from_attributes=True)` on the model the error names (or
 * `from_attributes=True` added to its existing `ConfigDict(...)`). Only when the culprit line
 * validates (`BerthOut.model_validate(...)`, or through its module, `schemas.BerthOut.model_validate(...)`)
 * one argument that is a name or attribute chain (no dict literal, no `**`, no
 * `model_dump()`) with that very class, and the class is the project's pydantic model with no
 * `from_attributes` and no v1 `class Config` of its own. A v1 `class Config:` whose `orm_mode = True`
 * pydantic v2 ignores (it was renamed, v2 only warns) gets that key renamed `from_attributes = True`
 * instead; any other v1 `class Config` is left alone.
 */
export const pythonModelFromAttributes: RepairTemplate = {
  id: 'python.model-from-attributes',
  language: 'python',
  summary: 'let a response model be validated from an object’s attributes',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS, culprit: true },
  async *candidates({ exception, culprit, python, tree }) {
    const name = /^\d+ validation errors? for (\w+)/.exec(exception?.message.trim() ?? '')?.[1];
    const text =
      culprit && name ? (splitSource((await tree.read(culprit.file)) ?? '').lines[culprit.line - 1] ?? '') : '';
    const code = maskStrings(text).slice(0, codeEnd(text));
    if (
      !name ||
      !new RegExp(
        `(?<![\\w.])(?:[A-Za-z_]\\w*\\.)*${name}\\.model_validate\\(\\s*[A-Za-z_]\\w*(?:\\.[A-Za-z_]\\w*)*\\s*\\)`,
      ).test(code)
    )
      return;
    const found = await python.classNamed(name);
    const source = found ? await tree.read(found.file) : null;
    const module = found ? (await python.modules()).get(found.file) : undefined;
    if (!found || source === null || !module || !(await isSchema(python, found.cls.bases))) return;
    const { lines, join } = splitSource(source);
    const body = lines.slice(found.cls.line, found.cls.endLine);
    if (body.some((l) => /\bfrom_attributes\b/.test(l))) return;
    const orm = ormModeLine(body);
    if (orm !== null) {
      const at = found.cls.line + orm;
      lines[at] = lines[at]!.replace(/\borm_mode\b/, 'from_attributes');
      await tree.write(found.file, join(lines));
      yield {
        key: 'python.model-from-attributes#orm-mode',
        summary:
          `orm_mode renamed from_attributes in ${name}'s v1 Config at ${found.file}:${at + 1} (validated from ` +
          `an object at ${culprit!.file}:${culprit!.line})`,
        template: { recipe: 'python.model-from-attributes#orm-mode' },
      };
      return;
    }
    if (body.some((l) => /\borm_mode\b|^\s*class\s+Config\b/.test(l))) return;
    const config = body.findIndex((l) => /^\s*model_config\s*(?::[^=]+)?=\s*ConfigDict\(/.test(l));
    if (config >= 0) {
      const at = found.cls.line + config;
      lines[at] = lines[at]!.replace(/ConfigDict\(\s*/, (open) =>
        /ConfigDict\(\s*\)/.test(lines[at]!) ? 'ConfigDict(from_attributes=True' : `${open}from_attributes=True, `,
      );
    } else {
      if (body.some((l) => /^\s*model_config\b/.test(l))) return;
      const first = body.findIndex((l) => l.trim() !== '' && !/^\s*#/.test(l));
      if (first < 0) return;
      const closes = docstringEnd(body, first);
      const docstring = closes >= first;
      const indent = indentOf(body[first]!);
      lines.splice(
        found.cls.line + closes + 1,
        0,
        ...(docstring ? [''] : []),
        `${indent}model_config = ConfigDict(from_attributes=True)`,
        ...(docstring ? [] : ['']),
      );
    }
    let edited = join(lines);
    if (
      !module.imports.some(
        (i) =>
          i.kind === 'from' && i.module === 'pydantic' && i.names.some((n) => n.name === 'ConfigDict' && !n.asname),
      )
    ) {
      edited = addFromImport(edited, module, 'pydantic', 'ConfigDict');
    }
    await tree.write(found.file, edited);
    yield {
      key: 'python.model-from-attributes#config',
      summary:
        `from_attributes=True in ${name}'s model_config at ${found.file}:${found.cls.line} (validated from ` +
        `an object at ${culprit!.file}:${culprit!.line})`,
      template: { recipe: 'python.model-from-attributes#config' },
    };
  },
};

// The index of the line a class docstring starting at `first` closes on; first - 1 when there is none.
function docstringEnd(body: readonly string[], first: number): number {
  const open = /^\s*[rRuU]?("""|''')/.exec(body[first]!);
  if (!open) return first - 1;
  const quote = open[1]!;
  if (body[first]!.indexOf(quote, open[0].length) >= 0) return first;
  const end = body.findIndex((l, i) => i > first && l.includes(quote));
  return end < 0 ? first - 1 : end;
}

// The body index of the one `orm_mode = True` line of the class's nested v1 `class Config:`; null when none.
function ormModeLine(body: readonly string[]): number | null {
  const config = body.findIndex((l) => /^\s*class\s+Config\s*:\s*(?:#.*)?$/.test(l));
  if (config < 0) return null;
  const depth = indentOf(body[config]!).length;
  const found: number[] = [];
  for (let i = config + 1; i < body.length; i++) {
    const line = body[i]!;
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    if (indentOf(line).length <= depth) break;
    if (/^\s*orm_mode\s*(?::\s*bool\s*)?=\s*True\s*(?:#.*)?$/.test(line)) found.push(i);
  }
  return found.length === 1 ? found[0]! : null;
}
