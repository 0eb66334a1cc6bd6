import { byteColumnToIndex, splitSource } from '../../python/python-edits.js';
import type { FunctionSummary } from '../../python/module-summary.js';
import type { TemplateContext } from '../template.js';
import { privateLoads } from './detached-instance.js';
import { requestFrames } from './trace-frames.js';

const SESSION = /\b(?:Async)?Session\b/;

/**
 * `loan_repository.find_by_id(loan_id)` whose loader opens and closes its own session, beside a
 * sibling of the same module that does the same load through a session it is given (`def get(db,
 * loan_id): return db.get(Loan, loan_id)`) → the call on the request's path (a function of the
 * trace that has a `Session` parameter) calls the sibling with that session:
 * `loan_repository.get(db, loan_id)`. The sibling must take the session first, then exactly the
 * loader's parameters, and return the same expression. Returns the files it edited.
 */
export async function callSessionSibling(context: TemplateContext, cls: string): Promise<string[]> {
  const { python, tree } = context;
  const replacements = new Map<string, string>();
  for (const [file, module] of await python.modules()) {
    const lines = splitSource((await tree.read(file)) ?? '').lines;
    for (const fn of module.functions) {
      const [load, ...more] = fn.qualname === fn.name ? privateLoads(lines, fn, cls) : [];
      if (!load || more.length > 0) continue;
      const wanted = load.expr.replace(new RegExp(`\\b${load.variable}\\b`, 'g'), '\u0000');
      const siblings = module.functions.filter(
        (s) =>
          s.qualname === s.name &&
          s !== fn &&
          s.params.length === fn.params.length + 1 &&
          s.params.slice(1).every((p, i) => p === fn.params[i]) &&
          returns(lines, s, wanted),
      );
      if (siblings.length === 1) replacements.set(fn.name, siblings[0]!.name);
    }
  }
  const edited: string[] = [];
  for (const { file, fn } of await requestFrames(context)) {
    const session = fn.params.find((p) => SESSION.test(fn.annotations[p] ?? ''));
    const calls = session
      ? fn.calls
          .filter((c) => replacements.has(c.name.replace(/^.*\./, '')))
          .sort((a, b) => b.line - a.line || b.col - a.col)
      : [];
    if (calls.length === 0 || edited.includes(file)) continue;
    const { lines, join } = splitSource((await tree.read(file)) ?? '');
    for (const call of calls) {
      const name = call.name.replace(/^.*\./, '');
      const line = lines[call.line - 1]!;
      const start = byteColumnToIndex(line, call.col);
      const at = line.indexOf(`${name}(`, start);
      if (at < 0) continue;
      const open = at + name.length + 1;
      const empty = /^\s*\)/.test(line.slice(open));
      const args = line.slice(open).replace(/^\s*/, '');
      lines[call.line - 1] = `${line.slice(0, at)}${replacements.get(name)}(${session}${empty ? '' : ', '}${args}`;
    }
    await tree.write(file, join(lines));
    edited.push(file);
  }
  return edited;
}

// Whether the sibling's whole body is `return <first param>.<expr>` with the loader's expression.
function returns(lines: readonly string[], sibling: FunctionSummary, wanted: string): boolean {
  const body = lines.slice(sibling.bodyLine - 1, sibling.endLine).filter((l) => l.trim() !== '' && !/^\s*#/.test(l));
  const ret = body.length === 1 ? /^\s*return\s+(\w+)\.(.+?)\s*$/.exec(body[0]!) : null;
  return (
    !!ret && ret[1] === sibling.params[0] && ret[2]!.replace(new RegExp(`\\b${ret[1]}\\b`, 'g'), '\u0000') === wanted
  );
}
