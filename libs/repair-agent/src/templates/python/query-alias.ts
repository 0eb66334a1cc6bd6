import { splitSource } from '../../python/python-edits.js';
import { findRoute } from '../../recipes/python/route-match.js';
import { operationOf, type RepairTemplate } from '../template.js';
import { closingParen } from './call-keyword.js';

// The `alias=` keyword of a `Query(...)` (not `validation_alias=`/`serialization_alias=`), with the comma
// that joins it.
const ALIAS_KEYWORD = /(?<![\w.])alias\s*=\s*("[^"\n]*"|'[^'\n]*')/;

/**
 * A query parameter served under an alias the contract does not document:
 * `coat: Coat | None = Query(default=None, alias="coatColour")` where the operation documents the
 * query parameter `coat` (and none named `coatColour`). FastAPI reads only the alias, so the
 * documented `?coat=…` is silently ignored: the filter returns every row, an invalid value is
 * answered 200 instead of 422 → drop `alias=...`, the parameter is then read under its Python
 * name, the one the contract documents. Evidence: a failing endpoint whose documented operation
 * names the parameter by its Python name and not by its alias; seen as wrong data or status,
 * never as an exception. An alias that is the documented name (the contract follows the code),
 * or an operation documenting both names, gets no candidate.
 */
export const pythonQueryAlias: RepairTemplate = {
  id: 'python.query-alias',
  language: 'python',
  summary: 'read a query parameter under the name the contract documents, not an undocumented alias',
  evidence: { kinds: ['test_failure', 'status_mismatch', 'schema_mismatch'] },
  async *candidates({ cause, contract, tree, python }) {
    for (const endpoint of new Set([...cause.endpoints, ...cause.violations.map((v) => v.endpoint)])) {
      const operation = operationOf(contract, endpoint);
      const route = operation ? await findRoute(python, endpoint).catch(() => undefined) : undefined;
      const source = route ? await tree.read(route.file) : null;
      if (!operation || !route || source === null) continue;
      const documented = new Set(operation.parameters.map((p) => `${p.in}:${p.name}`));
      const named = new Set(operation.parameters.map((p) => p.name));
      const { lines, join } = splitSource(source);
      const dropped: string[] = [];
      // Removing a keyword that stood on a line of its own shortens the signature: the body starts earlier.
      let shift = 0;
      for (const param of route.handler.params) {
        const query = queryCallOf(lines, route.handler.line, route.handler.bodyLine - shift, param);
        if (!query) continue;
        const text = lines.slice(query.start, query.end + 1).join('\n');
        const alias = ALIAS_KEYWORD.exec(text.slice(query.open, query.close));
        const aliased = alias?.[1]!.slice(1, -1);
        if (!alias || !aliased || aliased === param || named.has(aliased) || !documented.has(`query:${param}`))
          continue;
        const from = query.open + alias.index;
        const without = withoutKeyword(text, from, from + alias[0].length);
        const replaced = without.split('\n');
        shift += query.end - query.start + 1 - replaced.length;
        lines.splice(query.start, query.end - query.start + 1, ...replaced);
        dropped.push(`${param} (alias "${aliased}")`);
      }
      if (dropped.length === 0) continue;
      await tree.write(route.file, join(lines));
      yield {
        key: 'python.query-alias',
        summary:
          `read the query parameter ${dropped.join(', ')} of ${route.handler.name} under the name ` +
          `${endpoint} documents`,
        template: { recipe: 'python.query-alias' },
      };
      return;
    }
  },
};

/** The lines (0-based, first and last) of a `Query(...)` call, and its parentheses as offsets in those lines' text. */
interface QueryCall {
  readonly start: number;
  readonly end: number;
  readonly open: number;
  readonly close: number;
}

// The `Query(...)` that declares `param` in the signature (`param: T = Query(...)` or
// `param: Annotated[T, Query(...)]`), or null.
function queryCallOf(lines: readonly string[], defLine: number, bodyLine: number, param: string): QueryCall | null {
  const declared = new RegExp(`(?<![\\w.])${param}\\s*:`);
  for (let i = defLine - 1; i < bodyLine - 1; i++) {
    const at = declared.exec(lines[i]!);
    if (!at) continue;
    // Only the parameter's own declaration: up to the next top-level comma (or the signature's `)`).
    const rest = lines[i]!.slice(at.index);
    const call = /^[^,()]*?(?:Annotated\[[^,()]*?,\s*)?\bQuery\(/.exec(rest);
    if (!call) return null;
    const open = at.index + call[0].length - 1;
    const close = closingParen(lines, i + 1, open);
    if (!close) return null;
    const before = lines.slice(i, close.line).reduce((sum, l) => sum + l.length + 1, 0);
    return { start: i, end: close.line, open, close: before + close.index };
  }
  return null;
}

// The arguments' text without the keyword at [from, to), and the comma that joined it to a neighbour.
function withoutKeyword(text: string, from: number, to: number): string {
  const before = /,\s*$/.exec(text.slice(0, from));
  if (before) return text.slice(0, before.index) + text.slice(to);
  const after = /^\s*,\s*/.exec(text.slice(to));
  return text.slice(0, from) + text.slice(to + (after ? after[0].length : 0));
}
