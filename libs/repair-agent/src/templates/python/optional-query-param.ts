import { splitSource } from '../../python/python-edits.js';
import { findRoute } from '../../recipes/python/route-match.js';
import { operationOf, type RepairTemplate } from '../template.js';
import { maskStrings } from './expression-text.js';

const ID = 'python.optional-query-param';
// FastAPI's 422 for a query parameter the request left out: `{"type":"missing","loc":["query","status"]…}`.
const MISSING = /"type"\s*:\s*"missing"\s*,\s*"loc"\s*:\s*\[\s*"query"\s*,\s*"(\w+)"\s*\]/g;

/**
 * A query parameter the contract documents as optional is declared without a default
 * (`status_filter: GraftStatus = Query(alias="status")`), so FastAPI answers the documented request
 * that leaves it out 422 (`{"type": "missing", "loc": ["query", "status"]}`) → the parameter is
 * optional: `GraftStatus | None = Query(default=None, alias="status")` (`name: T | None = None` for
 * one with no `Query`). Only a 422 whose body names the missing query parameter, documented by the
 * operation and not required, declared in the handler's own signature by that name or alias.
 */
export const pythonOptionalQueryParam: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'make a query parameter the contract documents as optional optional in the handler',
  evidence: { kinds: ['status_mismatch'], contract: true },
  async *candidates({ cause, contract, tree, python }) {
    for (const v of cause.violations) {
      if (v.actualStatus !== 422 || (v.expectedStatus ?? 200) >= 400) continue;
      const missing = [...v.responseExcerpt.matchAll(MISSING)].map((m) => m[1]!);
      const operation = operationOf(contract, v.endpoint);
      const optional = missing.filter((name) =>
        operation?.parameters.some((p) => p.in === 'query' && p.name === name && !p.required),
      );
      const route = optional.length > 0 ? await findRoute(python, v.endpoint).catch(() => undefined) : undefined;
      const source = route ? await tree.read(route.file) : null;
      if (!route || source === null) continue;
      const { lines, join } = splitSource(source);
      const { handler } = route;
      const made: string[] = [];
      for (let i = handler.line - 1; i < handler.bodyLine - 1; i++) {
        const fixed = optionalDeclaration(lines[i]!, optional);
        if (!fixed) continue;
        lines[i] = fixed.line;
        made.push(fixed.name);
      }
      if (made.length === 0) continue;
      await tree.write(route.file, join(lines));
      yield {
        key: ID,
        summary: `make ${made.join(', ')} of ${handler.name} optional, as ${v.endpoint} documents (${route.file})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

// `name: T = Query(…alias="q"…)` or `q: T` on one line of the signature, for a missing query name: the
// line with the parameter optional, or null.
function optionalDeclaration(line: string, names: readonly string[]): { line: string; name: string } | null {
  const masked = maskStrings(line);
  const query = /(?<![\w.])([A-Za-z_]\w*)\s*:\s*([^=,()]+?)\s*=\s*Query\(([^()]*)\)/.exec(masked);
  if (query) {
    const args = line.slice(query.index + query[0].length - 1 - query[3]!.length, query.index + query[0].length - 1);
    const alias = /(?<![\w.])alias\s*=\s*["'](\w+)["']/.exec(args)?.[1];
    const name = alias ?? query[1]!;
    if (!names.includes(name) || /(?<![\w.])default\s*=/.test(args) || /^\s*[^\s.=][^=,]*(?:,|$)/.test(args))
      return null;
    const type = query[2]!.trim();
    const annotation = /\bNone\b|Optional\[/.test(type) ? type : `${type} | None`;
    const rest = args.replace(/^\s*\.\.\.\s*,?\s*/, '');
    const call = `Query(default=None${rest.trim() ? `, ${rest.trim()}` : ''})`;
    const text = `${query[1]!}: ${annotation} = ${call}`;
    return { line: line.slice(0, query.index) + text + line.slice(query.index + query[0].length), name };
  }
  const plain = /(?<![\w.])([A-Za-z_]\w*)\s*:\s*([A-Za-z_][\w.]*(?:\[[^\]=]*\])?)\s*(?=,|\)|$)/.exec(masked);
  if (!plain || !names.includes(plain[1]!)) return null;
  const type = plain[2]!;
  const annotation = /\bNone\b|Optional\[/.test(type) ? type : `${type} | None`;
  const text = `${plain[1]!}: ${annotation} = None`;
  return { line: line.slice(0, plain.index) + text + line.slice(plain.index + plain[0].length), name: plain[1]! };
}
