import { splitSource } from '../../python/python-edits.js';
import type { PythonRoute } from '../../python/python-project.js';
import { findRoute, parseEndpoint } from '../../recipes/python/route-match.js';
import type { RepairTemplate } from '../template.js';

/**
 * A documented static path (`GET /lessons/upcoming`) whose route is declared after a route of the
 * same router and method with a path parameter where it has a literal (`GET /lessons/{lesson_id}`):
 * FastAPI (Starlette) matches routes in declaration order, so the parametrised one always answers
 * the request (422 when the segment fails its conversion, or the wrong handler's answer) and the
 * static handler is never reached → move the static route's block (its decorators, the comments
 * directly above them, the function) up, right before the first route that shadows it. Nothing
 * else changes; the parametrised route still matches every other segment. Only routes of one
 * router in one module, both registered by decorators at the top level; a segment with a
 * converter (`{id:int}`) does not match a literal and shadows nothing.
 */
export const pythonRouteOrder: RepairTemplate = {
  id: 'python.route-order',
  language: 'python',
  summary: 'declare a static route before the parametrised route of the same router that shadows it',
  evidence: { kinds: ['status_mismatch', 'schema_mismatch', 'runtime_error', 'route_missing'], contract: true },
  async *candidates({ cause, tree, python }) {
    for (const endpoint of new Set(cause.violations.map((v) => v.endpoint))) {
      const parsed = parseEndpoint(endpoint);
      const target = await findRoute(python, endpoint);
      if (!parsed || !target || target.decoratorFile || parsed.shape.includes('{}')) continue;
      const segments = pathSegments(target.path);
      const shadows = (await python.routes()).filter(
        (r) =>
          r !== target &&
          r.file === target.file &&
          !r.decoratorFile &&
          r.routerVar === target.routerVar &&
          (r.method === target.method || r.method === 'api_route') &&
          r.decorator.line < target.decorator.line &&
          shadowsPath(r.path, segments),
      );
      if (shadows.length === 0) continue;
      const source = await tree.read(target.file);
      if (source === null) continue;
      const moved = moveBlock(source, target, shadows);
      if (!moved) continue;
      await tree.write(target.file, moved);
      const first = shadows.reduce((a, b) => (a.decorator.line <= b.decorator.line ? a : b));
      yield {
        key: 'python.route-order',
        summary:
          `declare ${target.method.toUpperCase()} ${target.path} (${target.handler.name}) ` +
          `before ${first.path} (${first.handler.name}), which shadows it, in ${target.file}`,
        template: { recipe: 'python.route-order', parameters: [target.path, first.path] },
      };
      return;
    }
  },
};

/** The segments of a path (`/a/{b}/` → `a`, `{b}`). */
export function pathSegments(path: string): string[] {
  return path.replace(/\/+$/, '').split('/').filter(Boolean);
}

/**
 * Whether `/lessons/{lesson_id}` matches `/lessons/upcoming`: same length, literals equal, and a
 * plain parameter (or a trailing `{x:path}`) where the static path has a literal.
 */
export function shadowsPath(pattern: string, segments: readonly string[]): boolean {
  const parts = pathSegments(pattern);
  let parameterOverLiteral = false;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const segment = segments[i];
    if (segment === undefined) return false;
    const param = /^\{(\w+)(?::(\w+))?\}$/.exec(part);
    if (param && param[2] === 'path' && i === parts.length - 1) return true;
    if (param && param[2] === undefined) {
      parameterOverLiteral = true;
      continue;
    }
    if (part !== segment) return false;
  }
  return parts.length === segments.length && parameterOverLiteral;
}

// First line (0-based) of a route's block: its topmost decorator, and comments directly above.
function blockStart(lines: readonly string[], route: PythonRoute): number | null {
  const decorators = route.handler.decorators.map((d) => d.line);
  let start = Math.min(route.handler.line, ...decorators) - 1;
  // A decorator the index does not list (not a route's) above the route decorator: leave it.
  if (!/^@/.test(lines[start] ?? '') || /^@/.test(lines[start - 1] ?? '')) return null;
  while (start > 0 && /^#/.test(lines[start - 1]!)) start--;
  return start;
}

function moveBlock(source: string, target: PythonRoute, shadows: readonly PythonRoute[]): string | null {
  const { lines, join } = splitSource(source);
  const from = blockStart(lines, target);
  const before = Math.min(...shadows.map((s) => blockStart(lines, s) ?? Number.NaN));
  if (from === null || !Number.isFinite(before) || before >= from) return null;
  let to = target.handler.endLine; // exclusive, 0-based
  if (/^\s/.test(lines[to] ?? '')) return null; // the function runs on past what the index says
  // Blank lines between the shadowing block and what precedes it separate the moved block too.
  let gap = 0;
  while (before - gap - 1 >= 0 && lines[before - gap - 1]!.trim() === '') gap++;
  const block = lines.slice(from, to);
  while (to < lines.length && lines[to]!.trim() === '') to++;
  let cut = from;
  if (to === lines.length) while (cut > 0 && lines[cut - 1]!.trim() === '') cut--;
  const rest = [...lines.slice(0, cut), ...lines.slice(to)];
  const separator = Array.from({ length: Math.max(gap, 2) }, () => '');
  rest.splice(before, 0, ...block, ...separator);
  return join(rest);
}
