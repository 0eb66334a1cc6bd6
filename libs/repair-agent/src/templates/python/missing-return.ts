import type { FunctionSummary } from '../../python/module-summary.js';
import { splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import { findRoute } from '../../recipes/python/route-match.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { indentOf, indentUnit } from './expression-text.js';

const EXCEPTIONS = ['ResponseValidationError', 'fastapi.exceptions.ResponseValidationError'];
// How many calls deep from the handler (handler → service → repository → helper).
const DEPTH = 4;

/**
 * FastAPI's `ResponseValidationError` (a `None` response) where the handler
 * returns what a project function returns, and down that chain one function annotated to return
 * a class (`-> Invoice`) has no `return` at all → `return <the parameter or local of that class>`
 * at the end of its body (`return invoice` after `self.db.refresh(invoice)`). No candidate when no such
 * function, or several, or no single value of that class is at hand: loosening the response model
 * to allow None would change the contract.
 */
export const pythonMissingReturn: RepairTemplate = {
  id: 'python.missing-return',
  language: 'python',
  summary: 'add the missing `return` of a function annotated to return an entity, on the route’s call chain',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: EXCEPTIONS },
  async *candidates({ cause, tree, python }) {
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
