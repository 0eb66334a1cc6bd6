import { splitSource } from '../../python/python-edits.js';
import { findRoute } from '../../recipes/python/route-match.js';
import type { PythonProject } from '../../python/python-project.js';
import type { RepairTemplate } from '../template.js';
import { assignsName, maskStrings } from './expression-text.js';
import { isPathScalar } from './path-scalar-annotation.js';

// A name for an id: `id`, `farmer_id`, `farmerId`, `pk`.
const ID_LIKE = /^(?:id|pk|\w*_id|\w*[a-z]Id|\w*_pk)$/;

/**
 * A route whose path names a parameter its handler does not take (`/{farmer_id}/statement`) while
 * the handler takes one required scalar the path does not name (`def statement(id: int, …)`):
 * FastAPI reads that one from the query string, so every request answers 422 (`query.id`
 * missing) → the handler's parameter takes the path's name, in the signature and where the body
 * reads it. The parameter may be typed through `Annotated[int, Path(...)]`, inline or as a module
 * alias (`ItemId = Annotated[int, Path(...)]`): FastAPI then answers 422 with `path.id` missing.
 * Only for a 422 answered where the contract (or a test) expects a success, with exactly one such
 * pair, both named as ids (or the handler's the path's spelt without its separator: `vatid` for
 * `vat_id`), a parameter with no default nor `Query`/`Depends`/`Body` marker (in its
 * `Annotated[...]` either), and no `Depends(...)` of the signature taking the path's parameter
 * itself; the path, which the contract documents, stays.
 */
export const pythonPathParamName: RepairTemplate = {
  id: 'python.path-param-name',
  language: 'python',
  summary: "name a handler's parameter after the path parameter it should read",
  evidence: { kinds: ['status_mismatch'] },
  async *candidates({ cause, tree, python }) {
    const refused = cause.violations.filter((v) => v.actualStatus === 422 && (v.expectedStatus ?? 200) < 400);
    for (const endpoint of new Set(refused.map((v) => v.endpoint))) {
      const route = await findRoute(python, endpoint).catch(() => undefined);
      if (!route || route.decoratorFile) continue;
      const inPath = [...route.path.matchAll(/\{(\w+)(?::[^}]*)?\}/g)].map((m) => m[1]!);
      const { handler } = route;
      const unread = inPath.filter((p) => !handler.params.includes(p));
      const source = await tree.read(route.file);
      if (unread.length !== 1 || source === null) continue;
      const { lines, join } = splitSource(source);
      const signature = lines.slice(handler.line - 1, handler.bodyLine - 1).join('\n');
      const strays: string[] = [];
      for (const p of handler.params) {
        if (inPath.includes(p) || !undefaulted(signature, p)) continue;
        if (await isPathScalar(python, tree, route.file, handler.annotations[p] ?? '')) strays.push(p);
      }
      if (strays.length !== 1) continue;
      const [from, to] = [strays[0]!, unread[0]!];
      // Both name an id (`farmer_id` and `id`/`farmerId`), and no dependency of the signature takes the
      // path's parameter itself (`farmer = Depends(get_farmer)` reading `farmer_id`).
      // The handler's name may be the path's spelt without its separator (`vatid` for `vat_id`).
      const sameWord = from.replace(/_/g, '').toLowerCase() === to.replace(/_/g, '').toLowerCase();
      if (!ID_LIKE.test(to) || !(ID_LIKE.test(from) || sameWord)) continue;
      if (await dependencyReads(python, signature, to)) continue;
      if (new RegExp(`(?<![\\w.])${to}(?!\\w)`).test(lines.slice(handler.line - 1, handler.endLine).join('\n')))
        continue;
      const body = lines.slice(handler.bodyLine - 1, handler.endLine);
      if (assignsName(body, from)) continue;
      for (let i = handler.line - 1; i < handler.endLine; i++)
        lines[i] =
          i < handler.bodyLine - 1
            ? lines[i]!.replace(new RegExp(`(?<![\\w.])${from}(?=\\s*:)`), to)
            : renameReads(lines[i]!, from, to);
      await tree.write(route.file, join(lines));
      yield {
        key: 'python.path-param-name',
        summary:
          `read {${to}} of ${endpoint} as ${handler.name}'s parameter ${to} ` +
          `(it was ${from}, which no path segment fills)`,
        template: { recipe: 'python.path-param-name' },
      };
      return;
    }
  },
};

// Whether the signature declares the parameter with an annotation and no default (`id: int,`,
// `id: Annotated[int, Path()])`), the annotation's own brackets and strings skipped.
function undefaulted(signature: string, name: string): boolean {
  const masked = maskStrings(signature);
  const at = new RegExp(`(?<![\\w.])${name}\\s*:`).exec(masked);
  if (!at) return false;
  let depth = 0;
  for (const ch of masked.slice(at.index + at[0].length)) {
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch) && depth-- === 0) return true;
    else if (depth === 0 && ch === ',') return true;
    else if (depth === 0 && ch === '=') return false;
  }
  return false;
}

// Reads of the name in code — not attributes (`x.id`), keywords (`id=` in a call) or words in a
// string — and in an f-string's fields (`f"Farmer {id} not found"`).
function renameReads(line: string, from: string, to: string): string {
  const code = maskStrings(line);
  const read = new RegExp(`(?<![\\w.])${from}(?!\\w)(?!\\s*=(?!=))`, 'g');
  let out = '';
  let last = 0;
  for (const m of code.matchAll(read)) {
    out += line.slice(last, m.index) + to;
    last = m.index + from.length;
  }
  out += line.slice(last);
  return out.replace(/(\bf(['"])(?:(?!\2).)*)/g, (fstring) =>
    fstring.replace(new RegExp(`\\{${from}(?=[}!:])`, 'g'), `{${to}`),
  );
}

/** Whether a `Depends(fn)` of the signature names a function with a parameter `name`. */
export async function dependencyReads(python: PythonProject, signature: string, name: string): Promise<boolean> {
  for (const m of signature.matchAll(/\bDepends\(\s*([\w.]+)/g)) {
    const callee = m[1]!.split('.').pop()!;
    for (const module of (await python.modules()).values())
      if (module.functions.some((f) => f.name === callee && f.params.includes(name))) return true;
  }
  return false;
}
