import { splitSource } from '../../python/python-edits.js';
import { findRoute } from '../../recipes/python/route-match.js';
import type { RepairTemplate } from '../template.js';
import { maskStrings } from './expression-text.js';
import { dependencyReads } from './path-param-name.js';
import { isPathScalar } from './path-scalar-annotation.js';

/**
 * A route whose path template names a segment otherwise than the contract documents it (`/{id}` where
 * the contract has `/{farmer_id}`) while the handler takes the documented name as a path parameter
 * (`farmer_id: int = Path(..., ge=1)`): no segment fills the handler's parameter, so FastAPI answers
 * 422 (`path.farmer_id` missing) → the segment takes the documented name, in the decorator's path
 * string; the handler and the contract stay. Only for a 422 answered where a real contract (not the
 * code's own) documents a success, with exactly one differing segment, the handler taking the
 * documented name (no default, or a `Path(...)` one) and not the template's, and no `Depends(...)` of
 * the signature reading the template's name. A handler that takes neither name, or reads the
 * documented name from the query, is not this shape.
 */
export const pythonPathSegmentName: RepairTemplate = {
  id: 'python.path-segment-name',
  language: 'python',
  summary: 'name a route path segment as the contract documents it, the name its handler reads',
  evidence: { kinds: ['status_mismatch'] },
  async *candidates({ cause, tree, python, contract, contractFromCode }) {
    if (!contract || contractFromCode) return;
    const refused = cause.violations.filter((v) => v.actualStatus === 422 && (v.expectedStatus ?? 200) < 400);
    for (const endpoint of new Set(refused.map((v) => v.endpoint))) {
      if (!contract.operations.some((op) => op.endpoint === endpoint)) continue;
      const route = await findRoute(python, endpoint).catch(() => undefined);
      if (!route) continue;
      const differing = renamedSegments(endpoint.split(/\s+/)[1] ?? '', route.path);
      if (differing.length !== 1) continue;
      const [{ documented, declared }] = differing as [{ documented: string; declared: string }];
      const { handler } = route;
      if (!handler.params.includes(documented) || handler.params.includes(declared)) continue;
      const handlerSource = await tree.read(route.file);
      if (handlerSource === null) continue;
      const signature = splitSource(handlerSource)
        .lines.slice(handler.line - 1, handler.bodyLine - 1)
        .join('\n');
      const annotation = handler.annotations[documented] ?? '';
      const fromPath = pathDefault(signature, documented);
      if (fromPath === false) continue;
      if (fromPath === null && !(await isPathScalar(python, tree, route.file, annotation))) continue;
      if (await dependencyReads(python, signature, declared)) continue;
      const file = route.decoratorFile ?? route.file;
      const source = await tree.read(file);
      if (source === null) continue;
      const { lines, join } = splitSource(source);
      const first = route.decorator.line - 1;
      const segment = new RegExp(`\\{${declared}(?=[}:])`, 'g');
      const span = lines.slice(first, route.decorator.endLine);
      if (span.join('\n').match(segment)?.length !== 1) continue;
      const renamed = span.map((l) => l.replace(segment, `{${documented}`));
      lines.splice(first, renamed.length, ...renamed);
      await tree.write(file, join(lines));
      yield {
        key: 'python.path-segment-name',
        summary:
          `name the path segment {${declared}} of ${endpoint} {${documented}}, as the contract documents it ` +
          `and ${handler.name} reads it, at ${file}:${route.decorator.line}`,
        template: { recipe: 'python.path-segment-name' },
      };
      return;
    }
  },
};

// The parameter segments named otherwise in the code's path than in the documented one, position by
// position (the two have the same shape: findRoute matched them).
function renamedSegments(documented: string, declared: string): { documented: string; declared: string }[] {
  const names = (path: string) =>
    path
      .replace(/\/+$/, '')
      .split('/')
      .map((s) => /^\{(\w+)(?::[^}]*)?\}$/.exec(s)?.[1] ?? null);
  const [doc, code] = [names(documented), names(declared)];
  if (doc.length !== code.length) return [];
  return doc.flatMap((d, i) => (d && code[i] && d !== code[i] ? [{ documented: d, declared: code[i]! }] : []));
}

// How the signature defaults the parameter: null for no default, true for a `Path(...)` one, false for
// any other (a literal, `Query(...)`, `Depends(...)`): then the name is not the path's to take.
function pathDefault(signature: string, name: string): boolean | null {
  const masked = maskStrings(signature);
  const at = new RegExp(`(?<![\\w.])${name}\\s*(?::|=)`).exec(masked);
  if (!at) return false;
  let depth = 0;
  // From the `:` or `=` after the name: an `=` at the top level starts the default.
  const rest = masked.slice(at.index + at[0].length - 1);
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i]!;
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch) && depth-- === 0) return null;
    else if (depth === 0 && ch === ',') return null;
    else if (depth === 0 && ch === '=') return /^\s*(?:fastapi\.)?Path\s*\(/.test(rest.slice(i + 1));
  }
  return null;
}
