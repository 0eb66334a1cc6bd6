/**
 * The second shape of an uncalled conflict lookup: a finder that returns the bound method
 * (`def find_by_email(db, email): return db.scalars(stmt).first`), tested by the handler as
 * `if repo.find_by_email(db, payload.email): raise conflict(...)` — always true, so every create
 * answers the conflict. Shared with python.uncalled-conflict-lookup, which owns the edit.
 */
import type { FunctionSummary } from '../../python/module-summary.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import { codeEnd } from './call-keyword.js';
import { indentOf } from './expression-text.js';

/** `return <query>.first` (no call) on a line of its own. */
export const RETURNED_FINDER = /^\s*return\s+(.+\.(?:first|one_or_none|scalar_one_or_none|scalar|one))\s*$/;

/**
 * Whether `handler`'s lines test a call of `finder` (`if mod.finder(...):` / `… is not None:`)
 * and the block under that `if` raises `status` — written in it, or in the body of a function of
 * the project the raise calls (`raise conflict(...)` with `def conflict(...)` building a 409).
 */
export async function handlerGuardsFinder(
  python: PythonProject,
  tree: SourceTree,
  lines: readonly string[],
  handler: FunctionSummary,
  finder: string,
  status: number,
): Promise<boolean> {
  for (let i = handler.bodyLine - 1; i < Math.min(handler.endLine, lines.length); i++) {
    const text = lines[i]!.slice(0, codeEnd(lines[i]!));
    const test = new RegExp(`^(\\s*)if\\s+(?:[\\w.]+\\.)?${finder}\\(.*\\)(?:\\s+is\\s+not\\s+None)?\\s*:\\s*$`).exec(
      text,
    );
    if (!test) continue;
    const block: string[] = [];
    for (
      let j = i + 1;
      j < lines.length && (lines[j]!.trim() === '' || indentOf(lines[j]!).length > test[1]!.length);
      j++
    )
      block.push(lines[j]!);
    const raised = /^\s*raise\s+(?:[\w.]+\.)?(\w+)\(/m.exec(block.join('\n'));
    if (!raised) return false;
    if (statusNamed(block.join('\n'), status)) return true;
    const defs = (await python.definitionsOf(raised[1]!)).filter((d) => d.kind === 'function');
    if (defs.length !== 1) return false;
    const fn = (await python.modules())
      .get(defs[0]!.file)
      ?.functions.find((f) => f.name === raised[1] && f.qualname === raised[1]);
    const source = fn ? await tree.read(defs[0]!.file) : null;
    return (
      fn !== undefined &&
      source !== null &&
      statusNamed(
        source
          .split('\n')
          .slice(fn.line - 1, fn.endLine)
          .join('\n'),
        status,
      )
    );
  }
  return false;
}

/** `409` or `status.HTTP_409_CONFLICT` in the text. */
export function statusNamed(text: string, status: number): boolean {
  return new RegExp(`\\b${status}\\b|\\bHTTP_${status}_`).test(text);
}
