import { routeTable } from '../../node/js-routes.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { findJsRoute } from '../../recipes/node/route-match.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, parseFile, spanOf, walk } from './estree.js';
import { shadowingMount } from './mount-shadow.js';
import { answeredOtherwise, shadows } from './nest-route-order.js';

const ID = 'node.express-route-order';

/**
 * Express serves the first registered route that matches, so `router.get('/overdue', …)` after
 * `router.get('/:id', …)` on one router is never reached: its request gets the id handler's
 * answer (400 from the id check, 404 from the lookup). The static registration moves to the line
 * above the first one that shadows it: its whole statement, an inline handler over several lines
 * included, as long as the statement has its lines to itself (nothing else starts or ends on them).
 * A router mounted above it on the same router (`router.use('/casks', casks)` before
 * `router.get('/casks/summary', …)`) shadows it the same way when the mounted router has a
 * parametrised route matching the path (`GET /:caskId`): the route moves above the mount.
 */
export const nodeExpressRouteOrder: RepairTemplate = {
  id: ID,
  language: 'node',
  evidence: { kinds: ['status_mismatch', 'schema_mismatch'] },
  summary: 'register a static Express route above a parametrised one of its router that matches it first',
  async *candidates({ cause, tree, node }) {
    const endpoint = answeredOtherwise(cause);
    const project = node ?? nodeProjectFor(tree);
    const route = endpoint ? await findJsRoute(project, endpoint) : undefined;
    if (!route?.call || route.path === null) return;
    const table = await routeTable(project);
    const shadow = table
      .filter(
        (r) =>
          r.file === route.file &&
          r.owner.name === route.owner.name &&
          r.call &&
          r.call.line < route.call!.line &&
          r.path !== null,
      )
      .filter((r) => (r.method === route.method || r.method === 'all') && shadows(r.path!, route.path!))
      .sort((a, b) => a.call!.line - b.call!.line)[0];
    const mount = shadow?.call ? undefined : await shadowingMount(project, route, table);
    const above = shadow?.call ? { target: shadow.call.target, line: shadow.call.line } : mount;
    if (!above) return;
    const source = await tree.read(route.file);
    if (source === null) return;
    const lines = source.split('\n');
    const own = statementLines(route.file, source, route.call.line);
    const aboveLine = lines[above.line - 1];
    const starts = (line: string | undefined, target: string) =>
      line !== undefined && new RegExp(`^\\s*${target.replace(/\$/g, '\\$')}\\.\\w+\\(`).test(line);
    // Whole statements only: `router.get('/overdue', handler);`, or one whose handler spans lines.
    if (!own || !starts(lines[own[0] - 1], route.call.target) || !starts(aboveLine, above.target)) return;
    // A statement over several lines set apart by blank lines takes the blank line below it along.
    const blank = (n: number) => lines[n - 1] !== undefined && lines[n - 1]!.trim() === '';
    const gap = own[1] > own[0] && blank(own[0] - 1) && blank(own[1] + 1) ? 1 : 0;
    // Line comments right above the statement (`// Workshop dashboard`) are its own: they go along.
    let first = own[0];
    while (first - 1 > above.line && /^\s*\/\//.test(lines[first - 2] ?? '')) first -= 1;
    const moved = lines.splice(first - 1, own[1] - first + 1 + gap);
    lines.splice(above.line - 1, 0, ...moved);
    await tree.write(route.file, lines.join('\n'));
    yield {
      key: ID,
      summary:
        `register ${route.method.toUpperCase()} ${route.localPath} before ` +
        `${shadow ? shadow.localPath : 'the router mounted above it'}, which matched its path first ` +
        `(${route.file}:${above.line})`,
      template: { recipe: ID },
    };
  },
};

// The lines of the expression statement starting on `line` (a registration), when no other code
// shares them: only indentation before it on its first line, nothing after it on its last.
function statementLines(file: string, source: string, line: number): [number, number] | null {
  const program = parseFile(file, source);
  const statement = program
    ? [...walk(program)].find(({ node }) => node.type === 'ExpressionStatement' && linesOf(node)[0] === line)?.node
    : undefined;
  if (!statement) return null;
  const [start, end] = spanOf(statement);
  const lineStart = source.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = source.indexOf('\n', end);
  const after = source.slice(end, lineEnd < 0 ? source.length : lineEnd);
  return source.slice(lineStart, start).trim() === '' && after.trim() === '' ? linesOf(statement) : null;
}
