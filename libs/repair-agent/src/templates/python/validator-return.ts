import { splitSource } from '../../python/python-edits.js';
import { findRoute } from '../../recipes/python/route-match.js';
import { closestFieldName } from '../../similarity.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { indentOf } from './expression-text.js';
import { type PydanticValidator, validatorsOf } from './pydantic-validators.js';
import { requestFrames } from './trace-frames.js';

const EXCEPTIONS = [
  'IntegrityError',
  'sqlalchemy.exc.IntegrityError',
  'AttributeError',
  'ValidationError',
  'pydantic_core._pydantic_core.ValidationError',
  'pydantic.ValidationError',
];
const NOT_NULL = /NOT NULL constraint failed: \w+\.(\w+)|null value in column "(\w+)"/;
const NONE_ATTRIBUTE = /^'NoneType' object has no attribute '\w+'/;
// A model handed `None` by its own before-validator: `Input should be a valid dictionary or instance of X`.
const NONE_MODEL = /instance of (\w+) \[type=model_type, input_value=None/;

/**
 * A pydantic validator of the request's schema whose body can end without `return`, so pydantic
 * keeps its `None`: a field validator (`@field_validator("name")`, v1 `@validator`) that cleans the
 * value and falls off the end leaves the field None (`IntegrityError: NOT NULL constraint failed:
 * <table>.name` on the create); an after model validator (`@model_validator(mode="after")`, v1
 * `@root_validator`) leaves the whole model None (`'NoneType' object has no attribute …` on the
 * handler's parameter); a before one makes the input None (`instance of X [type=model_type,
 * input_value=None`) → `return <the value parameter>` (`return self` for an after model validator) at
 * the end of its body; the expression its other paths return when they do (all the same one), and
 * none when the body puts a value derived from the parameter into another local it never returns
 * (`cleaned = value.strip().lower()`: the parameter is the raw text, the local is unknown). Only
 * when exactly one such validator covers the failing field or model; a column is never made
 * nullable, and the validator is kept (its checks are the contract's).
 */
export const pythonValidatorReturn: RepairTemplate = {
  id: 'python.validator-return',
  language: 'python',
  summary: 'return the value at the end of a pydantic validator that falls off its end',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS },
  async *candidates(context) {
    const { exception, tree } = context;
    const message = exception?.message ?? '';
    let found: PydanticValidator[] = [];
    const column = NOT_NULL.exec(message);
    const named = NONE_MODEL.exec(message)?.[1];
    if (column) {
      const name = (column[1] ?? column[2])!;
      for (const cls of await requestSchemas(context)) {
        const fields = await context.python.classMembers(cls);
        const field = fields.includes(name) ? name : closestFieldName(name, fields);
        if (!field) continue;
        const all = await validatorsOf(context.python, tree, cls);
        found.push(...all.filter((v) => v.scope === 'field' && (v.fields.includes(field) || v.fields.includes('*'))));
      }
    } else if (named) {
      found = (await validatorsOf(context.python, tree, named)).filter(
        (v) => v.scope === 'model' && v.mode === 'before',
      );
    } else if (NONE_ATTRIBUTE.test(message) && context.culprit) {
      for (const cls of await noneParameterSchemas(context))
        found.push(...(await validatorsOf(context.python, tree, cls)).filter((v) => v.scope === 'model'));
      found = found.filter((v) => v.mode === 'after');
    }
    // A validator that returns on every path is no suspect; a wrap validator hands back its handler's result.
    const suspects = found.filter((v) => v.fallsOff && v.value && v.mode !== 'wrap');
    const unique = [...new Map(suspects.map((v) => [`${v.file}:${v.fn.line}`, v])).values()];
    if (unique.length !== 1) return;
    const { file, fn, value: param, scope, mode } = unique[0]!;
    if (!param) return;
    const { lines, join } = splitSource((await tree.read(file))!);
    const value = returnedValue(lines.slice(fn.bodyLine - 1, fn.endLine), param, scope === 'model' && mode === 'after');
    if (!value) return;
    lines.splice(fn.endLine, 0, `${indentOf(lines[fn.bodyLine - 1]!)}return ${value}`);
    await tree.write(file, join(lines));
    yield {
      key: 'python.validator-return#return-value',
      summary: `return ${value} at the end of the validator ${fn.qualname} (${file}:${fn.line})`,
      template: { recipe: 'python.validator-return#return-value', function: fn.name },
    };
  },
};

// The project classes the request's functions take as parameters (`payload: ObserverCreate`):
// the route handler's, and every in-app frame's of the trace.
async function requestSchemas(context: TemplateContext): Promise<Set<string>> {
  const { cause, python } = context;
  const fns = (await requestFrames(context)).map((f) => f.fn);
  for (const endpoint of new Set([...cause.endpoints, ...cause.violations.map((v) => v.endpoint)])) {
    const route = await findRoute(python, endpoint).catch(() => undefined);
    if (route) fns.push(route.handler);
  }
  const out = new Set<string>();
  for (const fn of fns)
    for (const annotation of Object.values(fn.annotations))
      for (const name of annotation?.match(/[A-Za-z_]\w*/g) ?? [])
        if (/^[A-Z]/.test(name) && (await python.classNamed(name))) out.add(name);
  return out;
}

// The schema classes of the culprit function's parameters that the culprit line dereferences
// (`payload.model_dump()` where `payload: BookingCreate`).
async function noneParameterSchemas({ culprit, tree, python }: TemplateContext): Promise<string[]> {
  if (!culprit) return [];
  const fn = await python.functionAt(culprit.file, culprit.line);
  const line = splitSource((await tree.read(culprit.file)) ?? '').lines[culprit.line - 1] ?? '';
  const out: string[] = [];
  for (const param of fn?.params ?? []) {
    if (!new RegExp(`\\b${param}\\.\\w`).test(line)) continue;
    for (const name of fn!.annotations[param]?.match(/[A-Za-z_]\w*/g) ?? [])
      if (/^[A-Z]/.test(name) && (await python.classNamed(name))) out.push(name);
  }
  return out;
}

// What the validator's fall-off path should hand back: the one expression its other paths return,
// else the parameter when the body only reads or reassigns it. A new local derived from the
// parameter (`cleaned = value.strip()`) may be the cleaned value the author meant to return, or a
// mere check, so no guess; an after model validator's `self` is the model itself, its locals checks.
function returnedValue(body: readonly string[], param: string, isSelf: boolean): string | null {
  const returned = new Set(body.flatMap((l) => /^\s*return\b(.*)$/.exec(l)?.[1]?.trim() ?? []));
  if (returned.size > 0) {
    // Only a bare name the fall-off path has too: the parameter, or a local the body's own level
    // binds (`if value: return value.strip()` would fail on the None the fall-off path holds, and a
    // name bound inside a branch is unbound there).
    const [only] = [...returned];
    if (returned.size !== 1 || !/^[A-Za-z_]\w*$/.test(only!)) return null;
    const indent = /^\s*/.exec(body.find((l) => l.trim() !== '') ?? '')?.[0] ?? '';
    const bound = body.some((l) => new RegExp(`^${indent}${only}\\s*(?::[^=]+)?=(?!=)`).test(l));
    return only === param || bound ? only! : null;
  }
  if (isSelf) return param;
  const uses = new RegExp(`\\b${param}\\b`);
  for (const line of body) {
    const assigned = /^\s*([A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)(.*)$/.exec(line);
    if (assigned && assigned[1] !== param && uses.test(assigned[2]!)) return null;
  }
  return param;
}
