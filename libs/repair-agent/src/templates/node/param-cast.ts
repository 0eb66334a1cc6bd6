import { addJsImport, relativeSpecifier, replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor, type NodeProject } from '../../node/node-project.js';
import type { RepairTemplate } from '../template.js';
import { pathOf, spanOf, walk, type EsNode } from './estree.js';
import { numericParamHandlers } from './numeric-path-params.js';

const ID = 'node.param-cast';
// Conversions that are not a project's own parser of ids.
const BUILTIN_CONVERSIONS = new Set(['Number', 'String', 'parseInt', 'parseFloat', 'decodeURIComponent']);

/**
 * A TypeScript cast does not convert: `const { id } = req.params as unknown as { id: number }`
 * hands the lookup the string Express gives, so a record that exists is not found and the
 * handler answers its own 404 → read the parameter through the project's own parser of route
 * parameters (the one function other handlers call on `req.params.x`, imported where it is
 * exported), else `Number(…)`: `const id = parseId(req.params.id)`. Only when the contract
 * documents that path parameter as an integer or number, the 404 came from the handler of a
 * served route, and the destructuring is cast (a plain one is typed `string` and says so).
 */
export const nodeParamCast: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'convert a route parameter a type assertion claims is a number',
  evidence: { kinds: ['route_missing', 'status_mismatch'], contract: true },
  async *candidates({ cause, tree, node: given, contract }) {
    const project = given ?? nodeProjectFor(tree);
    for await (const { endpoint, request, numeric, file, source, fn, line } of numericParamHandlers(
      cause,
      contract,
      project,
      tree,
    )) {
      const cast = castDestructuring(fn, source, `${request}.params`, numeric);
      if (!cast) continue;
      const parser = await projectParser(project, tree, file);
      const convert = parser?.name ?? 'Number';
      const declarators = cast.bindings.map(({ param, local }) => {
        const read = `${request}.params.${param}`;
        return `${local} = ${numeric.has(param) ? parserCall(parser, read, param) : read}`;
      });
      // The cast lies after the imports: their offsets hold for the import added after it.
      let patched = replaceRange(source, cast.start, cast.end, declarators.join(', '));
      if (parser?.specifier) {
        const module = (await project.modules()).get(file);
        if (!module) continue;
        patched = addJsImport(patched, module, parser.specifier, parser.name, false);
      }
      patched = withoutUnusedType(
        patched,
        /\bas\s+([A-Za-z_$][\w$]*)\s*$/.exec(source.slice(cast.start, cast.end))?.[1],
      );
      await tree.write(file, patched);
      yield {
        key: `${ID}#${parser ? 'parser' : 'number'}`,
        summary:
          `read ${request}.params through ${convert}(…), not a type assertion, in the handler of ${endpoint} ` +
          `(${file}:${line})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

// The interface the cast named (`as IdParams`), declared in this file and now used nowhere, goes too.
function withoutUnusedType(source: string, name: string | undefined): string {
  if (!name) return source;
  const declaration = new RegExp(`^interface ${name} \\{\\n(?:  [^\\n]*\\n)*?\\}\\n\\n?`, 'm').exec(source);
  if (!declaration) return source;
  const rest = source.slice(0, declaration.index) + source.slice(declaration.index + declaration[0].length);
  return new RegExp(`\\b${name}\\b`).test(rest) ? source : rest;
}

interface CastDestructuring {
  start: number;
  end: number;
  bindings: { param: string; local: string }[];
}

// `{ id } = req.params as unknown as IdParams` (a declarator), its plain bindings, one of them numeric.
function castDestructuring(
  fn: EsNode,
  source: string,
  params: string,
  numeric: ReadonlySet<string>,
): CastDestructuring | null {
  for (const { node } of walk(fn)) {
    if (node.type !== 'VariableDeclarator') continue;
    const id = node['id'] as EsNode;
    const init = node['init'] as EsNode | null;
    if (id.type !== 'ObjectPattern' || !init || pathOf(init) !== params) continue;
    // The parser hands the value without its `as T` wrapper: the cast is the text after it.
    const [start, end] = spanOf(node);
    if (!/^\s*as\s/.test(source.slice(spanOf(init)[1], end))) continue;
    const bindings: { param: string; local: string }[] = [];
    for (const property of id['properties'] as EsNode[]) {
      const key = property['key'] as EsNode | undefined;
      const value = property['value'] as EsNode | undefined;
      if (property.type !== 'Property' || property['computed'] || key?.type !== 'Identifier') return null;
      if (value?.type !== 'Identifier') return null;
      bindings.push({ param: key['name'] as string, local: value['name'] as string });
    }
    if (bindings.some((b) => numeric.has(b.param))) return { start, end, bindings };
  }
  return null;
}

/**
 * The one function the project's handlers call on a route parameter (`parseId(req.params.id)`),
 * with the specifier `file` imports it by (none when the file has it already); null when the
 * project has no such function or several. `named`: its calls mostly hand it the parameter's name
 * too (`parseId(req.params.layoutId, 'layoutId')`, for its 400 message), in that quote.
 */
export async function projectParser(
  project: NodeProject,
  tree: { read(path: string): Promise<string | null> },
  file: string,
): Promise<{ name: string; specifier?: string; named?: string } | null> {
  const modules = await project.modules();
  const counts = new Map<string, number>();
  const quotes: string[] = [];
  for (const path of modules.keys()) {
    const text = (await tree.read(path)) ?? '';
    for (const m of text.matchAll(
      /(?<![\w$.])([A-Za-z_$][\w$]*)\(\s*[A-Za-z_$][\w$]*\.params\.([A-Za-z_$][\w$]*)\s*(?:,\s*(['"])\2\3\s*)?\)/g,
    )) {
      if (BUILTIN_CONVERSIONS.has(m[1]!)) continue;
      counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
      if (m[3]) quotes.push(m[3]);
    }
  }
  if (counts.size !== 1) return null;
  const [name, calls] = [...counts.entries()][0]!;
  const named = quotes.length * 2 > calls ? { named: quotes[0]! } : {};
  const module = modules.get(file);
  if (!module) return null;
  if (module.imports.some((i) => i.names.some((n) => n.local === name)) || module.defs.some((d) => d.name === name))
    return { name, ...named };
  const exporters = (await project.exportersOf(name)).filter((e) => !e.isDefault);
  if (exporters.length !== 1) return null;
  const source = (await tree.read(file)) ?? '';
  return { name, specifier: relativeSpecifier(source, module, file, exporters[0]!.file), ...named };
}

/** The parser's call on one route parameter, as the project writes it (`parseId(req.params.id, 'id')`). */
export function parserCall(parser: { name: string; named?: string } | null, read: string, param: string): string {
  if (!parser) return `Number(${read})`;
  return parser.named ? `${parser.name}(${read}, ${parser.named}${param}${parser.named})` : `${parser.name}(${read})`;
}
