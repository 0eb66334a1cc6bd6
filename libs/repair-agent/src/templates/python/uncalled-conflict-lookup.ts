import type { FunctionSummary } from '../../python/module-summary.js';
import { splitSource } from '../../python/python-edits.js';
import { findRoute } from '../../recipes/python/route-match.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { indentOf } from './expression-text.js';
import { handlerGuardsFinder, RETURNED_FINDER, statusNamed } from './uncalled-finder-return.js';

// Query methods that find a row or None; referenced without a call the bound method is always true.
const FINDER = /^(\s*)(\w+)\s*(?::[^=]+)?=\s*(.+\.(?:first|one_or_none|scalar_one_or_none|scalar|get))\s*$/;

/**
 * A uniqueness check whose lookup is never called (`existing = query.filter(…).first`): the
 * bound method is truthy, so `if existing: raise HTTPException(409)` refuses every create, and
 * the smoke sees 409 (or the documented conflict status) where the operation's success status is
 * expected → `.first()`. Looked for in the endpoint's handler and the project functions it calls
 * (one level); or a finder returning the bound method (`return db.scalars(stmt).first`) that the
 * handler tests (`uncalled-finder-return.ts`). Only when the guarded block raises the status the
 * request got (or calls the project's helper building it); deleting the check or changing the
 * status is never proposed.
 */
export const pythonUncalledConflictLookup: RepairTemplate = {
  id: 'python.uncalled-conflict-lookup',
  language: 'python',
  summary: 'call the lookup a conflict check tests, instead of testing the bound method',
  evidence: { kinds: ['status_mismatch'], contract: true },
  async *candidates(context) {
    const violation = context.cause.violations.find(
      (v) =>
        v.actualStatus !== null && v.actualStatus >= 400 && v.actualStatus < 500 && (v.expectedStatus ?? 200) < 300,
    );
    if (!violation?.actualStatus) return;
    const route = await findRoute(context.python, violation.endpoint);
    if (!route) return;
    const handlerLines = splitSource((await context.tree.read(route.file)) ?? '').lines;
    for (const { file, fn } of await reached(context, route.file, route.handler)) {
      const source = await context.tree.read(file);
      if (source === null) continue;
      const { lines, join } = splitSource(source);
      for (let i = fn.bodyLine - 1; i < Math.min(fn.endLine, lines.length); i++) {
        const text = lines[i]!;
        const found = FINDER.exec(text.slice(0, codeEnd(text)));
        // `return query.first` in a finder the handler tests: `if repo.find_by_email(...): raise conflict(...)`.
        const returned = !found && fn !== route.handler ? RETURNED_FINDER.exec(text.slice(0, codeEnd(text))) : null;
        const guarded = found
          ? guardsStatus(lines, i + 1, fn.endLine, found[2]!, violation.actualStatus)
          : returned !== null &&
            (await handlerGuardsFinder(
              context.python,
              context.tree,
              handlerLines,
              route.handler,
              fn.name,
              violation.actualStatus,
            ));
        if (!guarded) continue;
        const code = text.slice(0, codeEnd(text)).replace(/\s+$/, '');
        lines[i] = `${code}()${text.slice(code.length)}`;
        await context.tree.write(file, join(lines));
        yield {
          key: 'python.uncalled-conflict-lookup#call',
          summary:
            `call the lookup ${found?.[2] ?? fn.name} ${found ? 'is assigned' : 'returns'} ` +
            `at ${file}:${i + 1} (the bound method made every ${violation.endpoint} a ${violation.actualStatus})`,
          template: { recipe: 'python.uncalled-conflict-lookup#call' },
        };
        return;
      }
    }
  },
};

// `if existing:` / `if existing is not None:` below the assignment, whose block raises `status`.
function guardsStatus(lines: readonly string[], from: number, to: number, name: string, status: number): boolean {
  for (let i = from; i < Math.min(to, lines.length); i++) {
    const test = new RegExp(`^(\\s*)if\\s+(?:${name}|${name}\\s+is\\s+not\\s+None)\\s*:`).exec(lines[i]!);
    if (!test) continue;
    const block: string[] = [];
    for (
      let j = i + 1;
      j < lines.length && (lines[j]!.trim() === '' || indentOf(lines[j]!).length > test[1]!.length);
      j++
    )
      block.push(lines[j]!);
    const text = block.join('\n');
    return /^\s*raise\b/m.test(text) && statusNamed(text, status);
  }
  return false;
}

// The handler and the project functions it calls, by their unique name.
async function reached(
  { python }: TemplateContext,
  file: string,
  handler: FunctionSummary,
): Promise<{ file: string; fn: FunctionSummary }[]> {
  const out = [{ file, fn: handler }];
  for (const call of handler.calls) {
    const name = call.name.replace(/^.*\./, '');
    // `crud.create_user(...)` from a handler itself named `create_user`: the handler is not the callee.
    const defs = (await python.definitionsOf(name)).filter(
      (d) => d.kind === 'function' && !(d.file === file && name === handler.name),
    );
    if (defs.length !== 1) continue;
    const fn = (await python.modules())
      .get(defs[0]!.file)
      ?.functions.find((f) => f.name === name && f.qualname === name);
    if (fn && !out.some((o) => o.fn === fn)) out.push({ file: defs[0]!.file, fn });
  }
  return out;
}
