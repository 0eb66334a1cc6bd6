import type { CallSummary, FunctionSummary } from '../../python/module-summary.js';
import { byteColumnToIndex, insertAt, splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import { findRoute } from '../../recipes/python/route-match.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';

const EXCEPTIONS = ['ResponseValidationError', 'fastapi.exceptions.ResponseValidationError'];
// How many awaited calls deep from the handler (handler → service → helper).
const DEPTH = 3;

/** A returned call to await: where it starts, and what it calls. */
interface Site {
  readonly file: string;
  readonly call: CallSummary;
}

/**
 * FastAPI's `ResponseValidationError` on the response of an `async def` handler that returns the
 * call of a project `async def` without awaiting it (`return invoice_service.build_invoice(order)`):
 * FastAPI validates the coroutine object and never runs it → `return await …`. The log keeps only
 * the error's first line ("1 validation errors:"), so the evidence is the chain itself, followed
 * down awaited returns (`return await service.x()` whose `x` returns `helper()` un-awaited). A name
 * the project also defines as a plain function, a returning function that is not `async` (making it
 * one changes every caller), an awaited call: no candidate.
 */
export const pythonReturnedCoroutine: RepairTemplate = {
  id: 'python.returned-coroutine',
  language: 'python',
  summary: 'await the project coroutine an async handler returns un-awaited',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: EXCEPTIONS },
  async *candidates({ cause, tree, python }) {
    const sites = new Map<string, Site>();
    for (const endpoint of new Set([...cause.endpoints, ...cause.violations.map((v) => v.endpoint)])) {
      const route = await findRoute(python, endpoint).catch(() => undefined);
      if (!route) continue;
      for (const site of await unawaitedReturns(python, tree, route.file, route.handler, DEPTH))
        sites.set(`${site.file}:${site.call.line}:${site.call.col}`, site);
    }
    if (sites.size === 0) return;
    // Bottom up, so an earlier insertion on a line does not move a later one's column.
    const ordered = [...sites.values()].sort(
      (a, b) => a.file.localeCompare(b.file) || b.call.line - a.call.line || b.call.col - a.call.col,
    );
    for (const { file, call } of ordered) {
      const source = await tree.read(file);
      if (source === null) return;
      const line = splitSource(source).lines[call.line - 1] ?? '';
      if (/\bawait\s+$/.test(line.slice(0, byteColumnToIndex(line, call.col)))) return;
      await tree.write(file, insertAt(source, call.line, call.col, 'await '));
    }
    const where = ordered.map(({ file, call }) => `${file}:${call.line}`).join(', ');
    yield {
      key: 'python.returned-coroutine',
      summary:
        `await ${[...new Set(ordered.map((s) => s.call.name))].join(', ')}(...), returned un-awaited ` + `at ${where}`,
      template: { recipe: 'python.returned-coroutine', callees: ordered.map((s) => s.call.name) },
    };
  },
};

// The calls of project coroutine functions `fn` returns without awaiting; one returned awaited
// (`return await service.x()`) is followed into its definition (the one function of that name).
async function unawaitedReturns(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  file: string,
  fn: FunctionSummary,
  depth: number,
): Promise<Site[]> {
  if (depth === 0 || !fn.async) return [];
  const { lines } = splitSource((await tree.read(file)) ?? '');
  const out: Site[] = [];
  for (const ret of fn.returns) {
    // The returned expression's own call starts first on its lines.
    const call = fn.calls
      .filter((c) => c.line >= ret.line && c.line <= ret.endLine)
      .sort((a, b) => a.line - b.line || a.col - b.col)[0];
    if (!call || !(await onlyCoroutines(python, call.name))) continue;
    const before = (lines[call.line - 1] ?? '').slice(0, byteColumnToIndex(lines[call.line - 1] ?? '', call.col));
    if (!call.awaited && ret.call === call.name && /\breturn\s+$/.test(before)) {
      out.push({ file, call });
      continue;
    }
    if (!call.awaited || !/\breturn\s+await\s+$/.test(before)) continue;
    const callee = await theFunction(python, call.name);
    if (callee) out.push(...(await unawaitedReturns(python, tree, callee.file, callee.fn, depth - 1)));
  }
  return out;
}

// The project defines the name only as coroutine functions (`async def`, methods included).
async function onlyCoroutines(python: PythonProject, name: string): Promise<boolean> {
  if ((await python.definitionsOf(name)).some((d) => d.kind !== 'function')) return false;
  const functions = [...(await python.modules()).values()].flatMap((m) => m.functions.filter((f) => f.name === name));
  return functions.length > 0 && functions.every((f) => f.async);
}

// The one function (or method) of that name in the project.
async function theFunction(
  python: PythonProject,
  name: string,
): Promise<{ file: string; fn: FunctionSummary } | undefined> {
  const found: { file: string; fn: FunctionSummary }[] = [];
  for (const [file, module] of await python.modules())
    for (const fn of module.functions) if (fn.name === name) found.push({ file, fn });
  return found.length === 1 ? found[0] : undefined;
}
