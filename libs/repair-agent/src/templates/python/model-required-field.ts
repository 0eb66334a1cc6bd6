import { splitSource } from '../../python/python-edits.js';
import type { FunctionSummary } from '../../python/module-summary.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { addKeywordArgument, closingParen } from './call-keyword.js';
import { maskStrings } from './expression-text.js';
import { isSchema } from './response-missing-field.js';

/**
 * `pydantic ValidationError: 1 validation error for CostOut` raised at the code's own
 * `CostOut(metal=…, total=…)` (culprit): the call leaves out a required field of the model (one with
 * no default), so pydantic answers `Field required` → pass the fields the error names so (else the
 * class's ones the call lacks), each from the one value in scope before the call that is it: a
 * parameter or local of that name (`kiln_id`), the same-named attribute of a parameter or local
 * whose project class has it (`order.kiln_id`), or the `id` of the entity a `<noun>_id` names
 * (`kiln.id` for `kiln_id` where `kiln: Kiln`). No candidate when a missing field has no such value
 * or more than one (two entities of the class in scope), when the call spreads `**data` (the field
 * may come from there), or when the model is no pydantic model: data is never invented, and a
 * default for the field is never added (the documented response requires it).
 */
export const pythonModelRequiredField: RepairTemplate = {
  id: 'python.model-required-field',
  language: 'python',
  summary: "pass a pydantic model's required field the constructor call leaves out, from the entity in scope",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    if (!exception || !/ValidationError$/.test(exception.type) || !culprit) return;
    const model = /^\d+ validation errors? for (\w+)/.exec(exception.message.trim())?.[1];
    const fn = model ? await python.functionAt(culprit.file, culprit.line) : undefined;
    const found = model ? await python.classNamed(model) : undefined;
    const call = fn?.calls.find((c) => c.name === model && c.line <= culprit.line && culprit.line <= c.endLine);
    const source = await tree.read(culprit.file);
    if (!model || !fn || !found || !call || source === null || call.starKwargs.length > 0) return;
    if (!(await isSchema(python, found.cls.bases))) return;
    // The fields pydantic names `Field required` are the missing ones; the class source only when it names none.
    const named = requiredInMessage(exception.message);
    const required = named.length > 0 ? named : await requiredFields(python, tree, model);
    const missing = required.filter((f) => !call.keywords.includes(f));
    if (missing.length === 0) return;
    const { lines, join } = splitSource(source);
    // Only what is bound before the call is in scope at it.
    const body = lines.slice(fn.bodyLine - 1, call.line - 1);
    const values: string[] = [];
    for (const field of missing) {
      const options = await valuesFor(python, fn, body, field, model);
      if (options.size !== 1) return;
      values.push(`${field}=${[...options][0]!}`);
    }
    // `\b`: `CostOut(` is not the call inside `ItemCostOut(`.
    const open = new RegExp(`\\b${model}\\(`).exec(lines[call.line - 1]!)?.index ?? -1;
    const close = open < 0 ? null : closingParen(lines, call.line, open);
    if (!close) return;
    for (const value of values) addKeywordArgument(lines, call.line - 1, close, value);
    await tree.write(culprit.file, join(lines));
    yield {
      key: 'python.model-required-field',
      summary:
        `pass ${values.join(', ')} to ${model}(...) at ${culprit.file}:${call.line}: ` + 'a required field it left out',
      template: { recipe: 'python.model-required-field', model, fields: missing },
    };
  },
};

// The values in scope that can be `field`: a name that is it, or a member of an entity in scope.
async function valuesFor(
  python: PythonProject,
  fn: FunctionSummary,
  body: readonly string[],
  field: string,
  model: string,
): Promise<Set<string>> {
  const out = new Set<string>();
  const locals = fn.locals.filter((n) => body.some((l) => bindsName(l, n)));
  const names = [...fn.params, ...locals].filter((n) => n !== 'self' && n !== 'cls');
  if (names.includes(field)) out.add(field);
  const noun = /^(\w+)_id$/.exec(field)?.[1];
  for (const name of new Set(names)) {
    const cls = classOf(fn, body, name);
    if (!cls || cls === model || !(await python.classNamed(cls))) continue;
    const members = await python.classMembers(cls);
    if (members.includes(field)) out.add(`${name}.${field}`);
    else if (noun && members.includes('id') && (name === noun || snakeCase(cls) === noun)) out.add(`${name}.id`);
  }
  return out;
}

// The one class a name holds: its annotation (`kiln: Kiln`, `Kiln | None`), or what a body line
// assigns it (`kiln = Kiln(...)`, `kiln = db.get(Kiln, kiln_id)`). A collection of them is no entity.
function classOf(fn: FunctionSummary, body: readonly string[], name: string): string | null {
  const annotation = fn.annotations[name]
    ?.replace(/^Optional\[(.*)\]$/, '$1')
    .replace(/\s*\|\s*None\b|\bNone\s*\|\s*/g, '')
    .trim();
  if (annotation) return /^(?:\w+\.)*([A-Z]\w*)$/.exec(annotation)?.[1] ?? null;
  const assigned = new RegExp(
    `^\\s*${name}\\s*=\\s*(?:await\\s+)?(?:([A-Z]\\w*)\\(|[\\w.]+\\.get\\(\\s*([A-Z]\\w*)\\s*,)`,
  );
  const classes = new Set(body.map((l) => assigned.exec(l)).flatMap((m) => (m ? [m[1] ?? m[2]!] : [])));
  return classes.size === 1 ? [...classes][0]! : null;
}

// Whether a line binds `name`: `name = …`, `a, name = …`, `name: T = …`, `for name in`, `as name`, `name :=`.
function bindsName(line: string, name: string): boolean {
  const masked = maskStrings(line);
  return (
    new RegExp(`^\\s*(?:[\\w.*]+\\s*,\\s*)*\\(?${name}\\b[\\w\\s,.*)]*(?::[^=]+)?[-+*/|&%@]?=(?!=)`).test(masked) ||
    new RegExp(`\\bfor\\b[^:]*\\b${name}\\b[^:]*\\bin\\b|\\bas\\s+${name}\\b|\\b${name}\\s*:=`).test(masked)
  );
}

// The fields a pydantic ValidationError reports `Field required` for (the field's path on the line before).
function requiredInMessage(message: string): string[] {
  const lines = message.split('\n').map((l) => l.trim());
  return lines.flatMap((l, i) =>
    /^Field required\b/.test(l) && /^\w+$/.test(lines[i - 1] ?? '') ? [lines[i - 1]!] : [],
  );
}

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** The fields of a pydantic model (its own and its project bases') that have no default. */
async function requiredFields(python: PythonProject, tree: Pick<SourceTree, 'read'>, model: string, depth = 0) {
  const found = await python.classNamed(model);
  const source = found ? await tree.read(found.file) : null;
  if (!found || source === null || depth > 5) return [];
  const inherited: string[] = [];
  for (const base of found.cls.bases)
    if (base && !/BaseModel$/.test(base))
      inherited.push(...(await requiredFields(python, tree, base.replace(/^.*\./, ''), depth + 1)));
  const lines = splitSource(source).lines.slice(found.cls.line, found.cls.endLine);
  // Fields sit at the body's own indentation; deeper lines are methods' bodies.
  const indent = /^\s*/.exec(lines.find((l) => l.trim() !== '') ?? '')![0];
  const own: string[] = [];
  const optional = new Set<string>();
  for (const line of lines) {
    const m = new RegExp(`^${indent}(\\w+)\\s*:(.*)$`).exec(line);
    if (!m || m[1] === 'model_config' || /^\s*ClassVar\b/.test(m[2]!)) continue;
    const at = topLevelEquals(m[2]!);
    const fallback = at < 0 ? null : m[2]!.slice(at + 1).trim();
    if (fallback === null || isRequiredField(fallback)) own.push(m[1]!);
    else optional.add(m[1]!);
  }
  return [...inherited.filter((f) => !optional.has(f) && !own.includes(f)), ...own];
}

// `Field(...)`, `Field(description="…")` (no default given) require the field; `Field(0)`, `Field(default=…)` do not.
function isRequiredField(value: string): boolean {
  const field = /^(?:\w+\.)?Field\((.*)\)$/.exec(value)?.[1];
  if (field === undefined) return false;
  const first = field.trim();
  if (first.startsWith('...')) return true;
  return /^\w+\s*=/.test(first) || first === '' ? !/\bdefault(?:_factory)?\s*=/.test(maskStrings(field)) : false;
}

// Index of the first `=` outside brackets and strings (the default of an annotated field), or -1.
function topLevelEquals(text: string): number {
  const masked = maskStrings(text);
  let depth = 0;
  for (let i = 0; i < masked.length; i++) {
    const ch = masked[i]!;
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === '#') return -1;
    else if (ch === '=' && depth === 0 && masked[i + 1] !== '=') return i;
  }
  return -1;
}
