import { splitSource } from '../../python/python-edits.js';
import type { FunctionSummary } from '../../python/module-summary.js';
import { findRoute } from '../../recipes/python/route-match.js';
import type { RepairTemplate } from '../template.js';
import { maskStrings } from './expression-text.js';

// Names of a page number and of a page's size.
const PAGE = /^(?:page|page_number|page_no|pageNumber|page_num)$/;
const SIZE = /^(?:\w*size|limit|per_page|perPage|page_len)$/;
// The product is an offset: `.offset(…`, `offset = …`, `skip=…`, `start = …` right before it.
const OFFSET_USE = /(?:\.offset\(\s*|\b(?:offset|skip|start)\s*=\s*)$/;

/**
 * A page number that starts at 1 (`page: int = Query(1, ge=1)`) turned into an offset as if it
 * started at 0 (`offset = page * page_size`): the first page skips a page of rows, the last comes
 * back empty → `(page - 1) * page_size`; a list sliced the same way (`rows[page * size : page * size + size]`,
 * `rows[page * size:(page + 1) * size]`) → `rows[(page - 1) * size : page * size]`. Only where the
 * handler declares the page one-based (a default of 1 or `ge=1`), and one such offset or slice is
 * found, in the handler or in a project function it calls that takes the page under the same
 * name. Seen as wrong data (a test's assertion, a body off its schema), never as an exception.
 * Handlers are found through the routes' mounts, routers included in a loop over their modules too.
 */
export const pythonOneBasedPage: RepairTemplate = {
  id: 'python.one-based-page',
  language: 'python',
  summary: 'count the offset of a page numbered from 1 as (page - 1) * size',
  evidence: { kinds: ['test_failure', 'schema_mismatch', 'status_mismatch'] },
  async *candidates({ cause, tree, python }) {
    for (const endpoint of new Set([...cause.endpoints, ...cause.violations.map((v) => v.endpoint)])) {
      const route = await findRoute(python, endpoint).catch(() => undefined);
      const source = route ? await tree.read(route.file) : null;
      if (!route || source === null) continue;
      const { handler } = route;
      const signature = splitSource(source)
        .lines.slice(handler.line - 1, handler.bodyLine - 1)
        .join('\n');
      const page = handler.params.find(
        (p) =>
          PAGE.test(p) &&
          new RegExp(`\\b${p}\\s*:[^,)]*(?:=\\s*(?:Query\\(\\s*)?1\\b|\\bge\\s*=\\s*1\\b)`).test(signature),
      );
      if (!page) continue;
      const modules = await python.modules();
      const handlerBody = splitSource(source)
        .lines.slice(handler.bodyLine - 1, handler.endLine)
        .join('\n');
      // A handler that converts the page itself (`service.list(db, page - 1, size)`) hands on a 0-based one.
      if (new RegExp(`\\b${page}\\s*-\\s*1\\b`).test(handlerBody)) continue;
      const called = new Set(handler.calls.map((c) => c.name));
      const scopes: { file: string; fn: FunctionSummary }[] = [{ file: route.file, fn: handler }];
      for (const [file, module] of modules)
        for (const fn of module.functions)
          if (fn !== handler && called.has(fn.name) && fn.params.includes(page)) scopes.push({ file, fn });
      const sites: { file: string; line: number; text: string; fixed: string }[] = [];
      const product = new RegExp(`(?<![\\w.])(?:${page}\\s*\\*\\s*(\\w+)|(\\w+)\\s*\\*\\s*${page}\\b)(?!\\s*[-+])`);
      const slice = pageSlice(page);
      for (const { file, fn } of scopes) {
        const { lines } = splitSource((await tree.read(file)) ?? '');
        for (let i = fn.bodyLine - 1; i < fn.endLine; i++) {
          const code = maskStrings(lines[i] ?? '');
          const m = product.exec(code);
          const size = m?.[1] ?? m?.[2];
          const sliced = slice.exec(code);
          if (m && SIZE.test(size!) && OFFSET_USE.test(code.slice(0, m.index)))
            sites.push({ file, line: i + 1, text: m[0], fixed: `(${page} - 1) * ${size}` });
          else if (sliced && SIZE.test(sliced[1]!))
            sites.push({
              file,
              line: i + 1,
              text: sliced[0],
              fixed: `[(${page} - 1) * ${sliced[1]} : ${page} * ${sliced[1]}]`,
            });
        }
      }
      if (sites.length !== 1) continue;
      const site = sites[0]!;
      const { lines, join } = splitSource((await tree.read(site.file)) ?? '');
      lines[site.line - 1] = lines[site.line - 1]!.replace(site.text, site.fixed);
      await tree.write(site.file, join(lines));
      yield {
        key: 'python.one-based-page',
        summary: `offset of page ${page} (numbered from 1) as ${site.fixed} at ${site.file}:${site.line}`,
        template: { recipe: 'python.one-based-page' },
      };
      return;
    }
  },
};

// A page's slice of a list as if numbered from 0: `[page * size : page * size + size]` or
// `[page * size:(page + 1) * size]` (group 1: the size).
function pageSlice(page: string): RegExp {
  const start = `${page}\\s*\\*\\s*(\\w+)`;
  const end = `(?:${page}\\s*\\*\\s*\\1\\s*\\+\\s*\\1|\\(\\s*${page}\\s*\\+\\s*1\\s*\\)\\s*\\*\\s*\\1)`;
  return new RegExp(`\\[\\s*${start}\\s*:\\s*${end}\\s*\\]`);
}
