import type { FunctionSummary } from '../../python/module-summary.js';
import { splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import { findRoute } from '../../recipes/python/route-match.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { indentOf, indentUnit } from './expression-text.js';

const EXCEPTIONS = [
  'ResponseValidationError',
  'fastapi.exceptions.ResponseValidationError',
  'IntegrityError',
  'sqlalchemy.exc.IntegrityError',
];
const NOT_NULL = /NOT NULL constraint failed: \w+\.(\w+)|null value in column "(\w+)"/;
// How many calls deep from the handler (handler → service → repository → helper).
const DEPTH = 4;

/**
 * FastAPI's `ResponseValidationError` (a `None` response) where the handler
 * returns what a project function returns, and down that chain one function annotated to return
 * a class (`-> Invoice`) has no `return` at all → `return <the parameter or local of that class>`
 * at the end of its body (`return invoice` after `self.db.refresh(invoice)`). No candidate when no such
 * function, or several, or no single value of that class is at hand: loosening the response model
 * to allow None would change the contract. `#computed`: a NOT NULL `IntegrityError` on a column the
 * culprit's function fills from a project helper (`code=_next_code(db, site)`, `row.code = …`) that is
 * annotated to return a value, has no `return` at all and ends by assigning a local
 * (`code = f"{prefix}-{n:04d}"`) → `return code` at its end; the column is never made nullable.
 */
export const pythonMissingReturn: RepairTemplate = {
  id: 'python.missing-return',
  language: 'python',
  summary: 'add the missing `return` of a function annotated to return an entity, on the route’s call chain',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS },
  async *candidates({ cause, tree, python, exception, culprit }) {
    if (exception && /IntegrityError$/.test(exception.type)) {
      const column = NOT_NULL.exec(exception.message);
      const hit = column && culprit ? await computedHelper(python, tree, culprit, column[1] ?? column[2]!) : null;
      if (!hit) return;
      const { lines, join } = splitSource((await tree.read(hit.file))!);
      let last = hit.fn.endLine - 1;
      while (last > hit.fn.line - 1 && lines[last]!.trim() === '') last--;
      lines.splice(last + 1, 0, `${indentOf(lines[last]!)}return ${hit.value}`);
      await tree.write(hit.file, join(lines));
      yield {
        key: 'python.missing-return#computed',
        summary:
          `return ${hit.value} at the end of ${hit.fn.qualname} (${hit.file}:${hit.fn.line}), ` +
          `which fills the NOT NULL column ${column![1] ?? column![2]}`,
        template: { recipe: 'python.missing-return#computed', function: hit.fn.name },
      };
      return;
    }
    if (cause.kind === 'test_failure') return;
    // The log's message keeps only the first line ("1 validation errors:"): the evidence is the
    // chain itself, a function annotated to return an entity that returns nothing.
    const found = new Map<string, { file: string; fn: FunctionSummary; value: string }>();
    for (const endpoint of new Set([...cause.endpoints, ...cause.violations.map((v) => v.endpoint)])) {
      const route = await findRoute(python, endpoint).catch(() => undefined);
      if (!route) continue;
      for (const hit of await returnless(python, tree, route.handler, DEPTH))
        found.set(`${hit.file}:${hit.fn.line}`, hit);
    }
    if (found.size !== 1) return;
    const { file, fn, value } = [...found.values()][0]!;
    const { lines, join } = splitSource((await tree.read(file))!);
    let last = fn.endLine - 1;
    while (last > fn.line - 1 && lines[last]!.trim() === '') last--;
    const indent = indentOf(lines[fn.bodyLine - 1]!) || indentOf(lines[fn.line - 1]!) + indentUnit(lines);
    lines.splice(last + 1, 0, `${indent}return ${value}`);
    await tree.write(file, join(lines));
    yield {
      key: 'python.missing-return#entity',
      summary: `return ${value} at the end of ${fn.qualname} (${file}:${fn.line}), annotated to return it`,
      template: { recipe: 'python.missing-return#entity', function: fn.name },
    };
  },
};

// Down the chain of returned calls: functions with no `return`, a class return annotation and
// one parameter or local of that class.
async function returnless(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  fn: FunctionSummary,
  depth: number,
): Promise<{ file: string; fn: FunctionSummary; value: string }[]> {
  if (depth === 0) return [];
  const out: { file: string; fn: FunctionSummary; value: string }[] = [];
  for (const name of new Set(fn.returns.map((r) => r.call).filter((c): c is string => !!c))) {
    for (const [file, module] of await python.modules()) {
      for (const callee of module.functions.filter((f) => f.name === name)) {
        if (callee.returns.length > 0) {
          out.push(...(await returnless(python, tree, callee, depth - 1)));
          continue;
        }
        const value = await valueOfReturnType(python, tree, file, callee);
        if (value) out.push({ file, fn: callee, value });
      }
    }
  }
  return out;
}

// `def update(self, invoice: Invoice, …) -> Invoice:` → `invoice` (the one parameter annotated
// Invoice, else the one local assigned `Invoice(...)`); null when the annotation is no project class.
async function valueOfReturnType(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  file: string,
  fn: FunctionSummary,
): Promise<string | null> {
  const { lines } = splitSource((await tree.read(file)) ?? '');
  // A stub (`...`, `pass`) or a body that ends by raising is not missing its return.
  const code = lines
    .slice(fn.bodyLine - 1, fn.endLine)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (code.length === 0 || /^(?:\.\.\.|pass|raise\b)/.test(code[code.length - 1]!)) return null;
  const header = lines.slice(fn.line - 1, fn.bodyLine - 1).join(' ');
  const returned = /\)\s*->\s*([\w.]+)\s*:/.exec(header)?.[1]?.replace(/^.*\./, '');
  if (!returned || !(await python.classNamed(returned))) return null;
  const params = fn.params.filter((p) => fn.annotations[p]?.replace(/^.*\./, '') === returned);
  if (params.length === 1) return params[0]!;
  if (params.length > 1) return null;
  const body = lines.slice(fn.bodyLine - 1, fn.endLine);
  const locals = fn.locals.filter((l) =>
    body.some((text) => new RegExp(`^\\s*${l}\\s*=\\s*(?:[\\w.]+\\.)?${returned}\\(`).test(text)),
  );
  return locals.length === 1 ? locals[0]! : null;
}

// The one project helper the culprit's function fills `column` from (`column=helper(...)` or
// `x.column = helper(...)`) that has no `return`, is annotated to return a value and ends by
// assigning a local: that local is what it computed for the caller.
async function computedHelper(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  culprit: { file: string; line: number },
  column: string,
): Promise<{ file: string; fn: FunctionSummary; value: string } | null> {
  const caller = await python.functionAt(culprit.file, culprit.line);
  if (!caller) return null;
  const body = splitSource((await tree.read(culprit.file)) ?? '')
    .lines.slice(caller.bodyLine - 1, caller.endLine)
    .join('\n');
  const fill = new RegExp(`(?<![\\w=!<>])${column}\\s*=(?!=)\\s*(?:[A-Za-z_]\\w*\\.)*([A-Za-z_]\\w*)\\(`, 'g');
  const names = new Set([...body.matchAll(fill)].map((m) => m[1]!));
  const out: { file: string; fn: FunctionSummary; value: string }[] = [];
  for (const [file, module] of await python.modules())
    for (const fn of module.functions.filter((f) => names.has(f.name) && f.returns.length === 0)) {
      const lines = splitSource((await tree.read(file)) ?? '').lines;
      const header = lines.slice(fn.line - 1, fn.bodyLine - 1).join(' ');
      const returned = /\)\s*->\s*(.+?)\s*:\s*(?:#.*)?$/.exec(header)?.[1];
      if (!returned || /^(?:None|NoReturn|Never)$|\bNone\b|Optional\[/.test(returned)) continue;
      const code = lines.slice(fn.bodyLine - 1, fn.endLine).filter((l) => l.trim() !== '' && !/^\s*#/.test(l));
      const last = code[code.length - 1] ?? '';
      // Its last statement, at the body's own depth, assigns one plain local.
      const local = /^(\s*)([A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)/.exec(last);
      if (!local || local[1] !== indentOf(code[0]!) || !fn.locals.includes(local[2]!)) continue;
      out.push({ file, fn, value: local[2]! });
    }
  return out.length === 1 ? out[0]! : null;
}
