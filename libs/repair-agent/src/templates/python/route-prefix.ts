import { moduleNameOf } from '../../python/module-names.js';
import { splitSource } from '../../python/python-edits.js';
import type { MountGraph } from '../../python/router-mounts.js';
import type { RepairTemplate } from '../template.js';
import { parseEndpoint, pathShape } from '../../recipes/python/route-match.js';
import { holdsSegment, renumbered, routePathSlip } from '../shared/route-path-slip.js';

// `prefix="/x"`, or an f-string whose literal text holds the segments (`prefix=f"{API_PREFIX}/x"`).
const PREFIX = /\bprefix\s*=\s*(?:(["'])(\/[^"']*)\1|f(["'])(\{\w+\}\/[^"'{}]*)\3)/g;

/**
 * Documented routes answer 404 while the router that defines them is served at a path one slip
 * away (route-path-slip.ts): its prefix given both on `APIRouter(prefix="/dye-batches")` and on
 * the `include_router(…, prefix="/dye-batches")` that mounts it → the include's goes (`#doubled-own`: the
 * include's a name, `prefix=API_PREFIX`, the router's own `prefix="/api/v1/buyers"` repeating it → the
 * router's loses the repeated part, `"/buyers"`); or a prefix
 * in the wrong number (`APIRouter(prefix="/member")` for documented `/members`) → the segment
 * the contract names (in a literal, or in the text of an f-string after its constant: `f"{API_PREFIX}/member"`).
 * Only a prefix literal the project writes once with that text.
 */
export const pythonRoutePrefix: RepairTemplate = {
  id: 'python.route-prefix',
  language: 'python',
  summary: 'serve a router at the documented path: a prefix given twice, or in the wrong number',
  evidence: { kinds: ['route_missing', 'status_mismatch'] },
  async *candidates({ cause, tree, python }) {
    const routes = (await python.routes()).filter((r) => r.included);
    const done = new Set<string>();
    for (const endpoint of cause.endpoints) {
      const wanted = parseEndpoint(endpoint);
      if (!wanted) continue;
      for (const route of routes) {
        if (route.method !== wanted.method && route.method !== 'api_route') continue;
        const slip = routePathSlip(pathShape(route.path), wanted.shape);
        if (!slip) continue;
        const key = JSON.stringify(slip);
        if (done.has(key)) continue;
        done.add(key);
        // Only the prefixes that make this route's path: its router's own and those of the includes above it.
        const chain = chainOf(
          await python.mounts(),
          `${moduleNameOf(route.decoratorFile ?? route.file)}.${route.routerVar}`,
        );
        const literals = (await prefixLiterals(tree, await tree.list())).filter((l) =>
          chain.some((c) => c.file === l.file && l.line >= c.from && l.line <= c.to),
        );
        if (slip.kind === 'doubled') {
          const same = literals.filter((l) => l.value === slip.prefix);
          const include = same.filter((l) => /\binclude_router\s*\(/.test(l.statement));
          // The include's prefix a name (`prefix=API_PREFIX`), the router's own literal repeating it
          // (`APIRouter(prefix="/api/v1/buyers")`): the router's literal loses the repeated part.
          const own = literals.filter(
            (l) => l.value.startsWith(`${slip.prefix}/`) && !/\binclude_router\s*\(/.test(l.statement),
          );
          if (same.length === 0 && own.length === 1) {
            const { file, source, line, start, end, value } = own[0]!;
            const fixed = value.slice(slip.prefix.length);
            const { lines, join } = splitSource(source);
            const text = lines[line - 1]!;
            lines[line - 1] = text.slice(0, start) + text.slice(start, end).replace(value, fixed) + text.slice(end);
            await tree.write(file, join(lines));
            yield {
              key: 'python.route-prefix#doubled-own',
              summary: `prefix "${fixed}" for "${value}" at ${file}:${line}: its include adds "${slip.prefix}" already`,
              template: { recipe: 'python.route-prefix#doubled-own' },
            };
            continue;
          }
          if (same.length !== 2 || include.length !== 1) continue;
          const { file, source, line, start, end } = include[0]!;
          const { lines, join } = splitSource(source);
          const text = lines[line - 1]!;
          // `, prefix="/x"` (or `prefix="/x", `) out of the include call.
          const before = text.slice(0, start).replace(/,\s*$/, '');
          const after = before.length < start ? text.slice(end) : text.slice(end).replace(/^\s*,\s*/, '');
          lines[line - 1] = before + after;
          await tree.write(file, join(lines));
          yield {
            key: 'python.route-prefix#doubled',
            summary: `mount without prefix="${slip.prefix}" at ${file}:${line}: the router has it already`,
            template: { recipe: 'python.route-prefix#doubled' },
          };
        } else {
          const holding = literals.filter((l) => holdsSegment(l.value, slip.served));
          if (holding.length !== 1) continue;
          const { file, source, line, start, end, value } = holding[0]!;
          const fixed = renumbered(value, slip);
          const { lines, join } = splitSource(source);
          const text = lines[line - 1]!;
          lines[line - 1] = text.slice(0, start) + text.slice(start, end).replace(value, fixed) + text.slice(end);
          await tree.write(file, join(lines));
          yield {
            key: 'python.route-prefix#number',
            summary: `prefix "${fixed}" for "${value}" at ${file}:${line}: the documented path says ${slip.documented}`,
            template: { recipe: 'python.route-prefix#number' },
          };
        }
      }
    }
  },
};

// The lines where the prefixes of router `id`'s served path are written: its `APIRouter(…)` (a call
// may run a few lines) and every `include_router` that mounts it or, upwards, a router above it.
function chainOf(graph: MountGraph, id: string): { file: string; from: number; to: number }[] {
  const out: { file: string; from: number; to: number }[] = [];
  const seen = new Set<string>();
  const queue = [id];
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (seen.has(current)) continue;
    seen.add(current);
    const host = graph.hosts.get(current);
    if (host) out.push({ file: host.file, from: host.line, to: host.line + 4 });
    // A loop's include is every router's of its tuple: its prefix is not this router's to edit.
    for (const edge of graph.edges.filter((e) => e.child === current && !e.looped)) {
      out.push({ file: edge.file, from: edge.line, to: edge.endLine });
      queue.push(edge.parent);
    }
  }
  return out;
}

interface PrefixLiteral {
  readonly file: string;
  readonly source: string;
  readonly line: number;
  /** Offsets of `prefix="…"` in its line. */
  readonly start: number;
  readonly end: number;
  readonly value: string;
  readonly statement: string;
}

async function prefixLiterals(
  tree: { read(p: string): Promise<string | null> },
  files: readonly string[],
): Promise<PrefixLiteral[]> {
  const out: PrefixLiteral[] = [];
  for (const file of files.filter((f) => f.endsWith('.py'))) {
    const source = await tree.read(file);
    if (source === null) continue;
    const { lines } = splitSource(source);
    lines.forEach((text, i) => {
      // The call a keyword belongs to may open a few lines above it.
      const statement = lines.slice(Math.max(0, i - 3), i + 1).join('\n');
      for (const m of text.matchAll(PREFIX))
        out.push({
          file,
          source,
          line: i + 1,
          start: m.index,
          end: m.index + m[0].length,
          value: (m[2] ?? m[4])!,
          statement,
        });
    });
  }
  return out;
}
