import type { CallSummary, FunctionSummary } from '../../python/module-summary.js';
import { maskStrings, statementEnd } from './expression-text.js';

/** pydantic v2 and v1 spellings of "the model as a dict". */
export const DUMPS = ['model_dump', 'dict'];
/** Dump keywords that already leave out what the client did not send (or sent as null). */
export const FILTERS = ['exclude_unset', 'exclude_none', 'exclude_defaults', 'include', 'exclude'];
// A raw SQL UPDATE's text: `"UPDATE items SET "`, `f"UPDATE items SET {assignments} WHERE id = ?"`.
const UPDATE = /\bUPDATE\s+["`[]?\w+["`\]]?\s+SET\b/i;

/**
 * The unfiltered one-line dump of the request model a raw SQL UPDATE is built from, without an
 * ORM (`changes = payload.model_dump()`, then `", ".join(f"{k} = ?" for k in changes)` and
 * `db.execute(f"UPDATE t SET {assignments} WHERE id = ?", [*changes.values(), id])`): the local
 * holding the dump is read by the statement whose string is an UPDATE … SET, directly or through
 * a local built from it. An INSERT (a create) or a dump no UPDATE reads: null.
 */
export function sqlUpdatedDump(lines: readonly string[], fn: FunctionSummary): CallSummary | null {
  for (const call of fn.calls) {
    if (!DUMPS.includes(call.name) || call.line !== call.endLine || !call.text?.includes('.')) continue;
    if (call.keywords.some((k) => FILTERS.includes(k)) || call.starKwargs.length > 0) continue;
    const local = /^\s*(\w+)\s*(?::[^=]+)?=\s*[\w.]+\([^()]*\)\s*$/.exec(maskStrings(lines[call.line - 1] ?? ''))?.[1];
    if (!local) continue;
    // The dump's local and the locals built from it (`assignments = ", ".join(… for k in changes)`).
    const names = new Set([local]);
    for (let i = call.line; i < fn.endLine; i++) {
      const end = statementEnd(lines, i + 1);
      const text = lines.slice(i, end).join('\n');
      const code = text.split('\n').map(maskStrings).join('\n');
      // Read as code, or interpolated into an f-string (`f"UPDATE t SET {assignments}"`).
      const reads = [...names].some(
        (n) =>
          new RegExp(`(?<![\\w.])${n}\\b`).test(code.replace(/^\s*\w+\s*=/, '')) ||
          new RegExp(`\\{[^{}]*(?<![\\w.])${n}\\b`).test(text),
      );
      if (reads && UPDATE.test(text)) return call;
      const built = /^\s*(\w+)\s*(?::[^=]+)?=(?!=)/.exec(code)?.[1];
      if (reads && built && built !== local) names.add(built);
      i = end - 1;
    }
  }
  return null;
}
