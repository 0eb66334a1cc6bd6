import { addFromImport, splitSource } from '../../python/python-edits.js';
import type { ParsedModule } from '../../python/module-summary.js';
import { importAliases, importSpecifier, moduleNameOf } from '../../python/module-names.js';
import type { PythonProject, PythonRoute } from '../../python/python-project.js';
import type { MountGraph, RouterHost } from '../../python/router-mounts.js';
import type { ApiModel } from '@smoke-repair/smoke-validator';
import type { Recipe } from '../recipe.js';
import { routerNamedFor } from '../router-named-for.js';
import { parseEndpoint, pathShape } from './route-match.js';

/**
 * Documented routes answer 404 because the router that defines them is never mounted →
 * `include_router(...)` it where its documented paths say it belongs: on the app, or on the
 * nested router (`api_router = APIRouter(prefix="/api/v1")`) that mounts its siblings, the way
 * that file mounts the others.
 */
export const pythonUnmountedRouter: Recipe = {
  id: 'python.unmounted-router',
  language: 'python',
  summary: 'mount a router that defines documented routes but is never included',
  async apply(context) {
    const { cause, tree, python } = context;
    if (cause.kind !== 'route_missing') return null;
    const mounted: string[] = [];
    // Run as a template, the context carries the contract: it tells an include prefix no static reading resolved.
    const contract = (context as { contract?: ApiModel | null }).contract ?? null;
    for (const endpoint of cause.endpoints) {
      const graph = await python.mounts();
      const offset = await unknownPrefix(python, graph, contract);
      const found = await findDetachedRoute(python, graph, endpoint, offset);
      if (!found || mounted.includes(found.root.id)) continue;
      const source = await tree.read(found.host.file);
      const hostModule = (await python.modules()).get(found.host.file);
      if (source === null || !hostModule) continue;
      const edited = mountRouter(source, hostModule, graph, found.host, found.root, found.prefix);
      if (edited === null) continue;
      await tree.write(found.host.file, edited);
      mounted.push(found.root.id);
    }
    if (mounted.length === 0) return null;
    return {
      summary: `mount ${mounted.join(', ')}`,
      template: { recipe: 'python.unmounted-router', routers: mounted },
    };
  },
};

interface Placement {
  readonly root: RouterHost;
  readonly host: RouterHost;
  /** The `prefix=` the include needs ('' for none). */
  readonly prefix: string;
}

// A route of an unserved router whose documented path ends with the route's path below its
// outermost unserved router; mounted on the served host whose own path is the longest start of
// the rest (the rest beyond it becomes `prefix=`). Hosts that already mount routers come first.
async function findDetachedRoute(
  python: PythonProject,
  graph: MountGraph,
  endpoint: string,
  offset = '',
): Promise<Placement | undefined> {
  const documented = parseEndpoint(endpoint);
  if (!documented) return undefined;
  // Served paths were computed without the unknown prefix: documented paths are read without it too.
  const parsed =
    offset && documented.shape.startsWith(`${offset}/`)
      ? { ...documented, shape: documented.shape.slice(offset.length) }
      : documented;
  const routes = (await python.routes()).filter(
    (r): r is PythonRoute & { mountRoot: RouterHost } => !r.included && r.mountRoot !== undefined,
  );
  for (const route of routes) {
    if (route.method !== parsed.method && route.method !== 'api_route') continue;
    const local = pathShape(route.path);
    const needed =
      local === '/' ? parsed.shape : parsed.shape.endsWith(local) ? parsed.shape.slice(0, -local.length) : null;
    if (needed === null || (needed !== '' && !needed.startsWith('/'))) continue;
    // Mounted under a prefix the router does not state itself: only a router named for the path
    // (its shape alone, a bare `/` or `/{id}`, fits every documented collection).
    if (
      needed !== '' &&
      !routerNamedFor(endpoint.slice(endpoint.indexOf(' ') + 1), {
        file: route.mountRoot.file,
        name: route.mountRoot.var,
      })
    )
      continue;
    const host = bestHost(graph, needed, offset !== '');
    if (!host || host.host.id === route.mountRoot.id) continue;
    const rest = needed.slice(host.served.length);
    if (rest.includes('{}')) continue;
    return { root: route.mountRoot, host: host.host, prefix: rest };
  }
  return undefined;
}

/**
 * An app-level include whose prefix no static reading resolved (`prefix=get_prefix()`): the
 * literal start every served route's documented path has in front of its path as computed, when
 * the contract agrees on one for most of them. '' when there is none to find.
 */
async function unknownPrefix(python: PythonProject, graph: MountGraph, contract: ApiModel | null): Promise<string> {
  if (!contract || !graph.edges.some((e) => e.prefixUnknown !== undefined)) return '';
  const served = (await python.routes()).filter((r) => r.included);
  const votes = new Map<string, number>();
  for (const route of served) {
    const local = pathShape(route.path);
    for (const op of contract.operations) {
      const shape = parseEndpoint(op.endpoint)?.shape;
      if (!shape || shape === local || !shape.endsWith(local) || (local === '/' && shape.includes('{}'))) continue;
      const start = local === '/' ? shape : shape.slice(0, -local.length);
      if (start.startsWith('/') && !start.includes('{}')) votes.set(start, (votes.get(start) ?? 0) + 1);
    }
  }
  const [best] = [...votes.entries()].sort((a, b) => b[1] - a[1]);
  return best && best[1] * 2 >= served.length ? best[0] : '';
}

function bestHost(
  graph: MountGraph,
  needed: string,
  belowUnknown = false,
): { host: RouterHost; served: string } | undefined {
  let best: { host: RouterHost; served: string; mounts: number } | undefined;
  for (const host of graph.hosts.values()) {
    // Paths were read without the app-level prefix: the app itself is above it.
    if (belowUnknown && host.kind === 'app') continue;
    const served = graph.servedPrefix(host.id);
    if (served === undefined || (served !== '' && needed !== served && !needed.startsWith(`${served}/`))) continue;
    // A router's path shape as documented may name parameters differently; served prefixes are literal here.
    const mounts = graph.edges.filter((e) => e.parent === host.id).length;
    if (host.kind === 'router' && mounts === 0) continue;
    if (!best || served.length > best.served.length || (served.length === best.served.length && mounts > best.mounts))
      best = { host, served, mounts };
  }
  return best;
}

// Mirrors the host file's own style: `from pkg import module` + `host.include_router(module.router)`
// when its includes name modules, `from module import router_var` when they name routers; relative
// imports when the file imports relatively. Placed after the host's last include.
function mountRouter(
  source: string,
  module: ParsedModule,
  graph: MountGraph,
  host: RouterHost,
  root: RouterHost,
  prefix: string,
): string | null {
  const rootModule = moduleNameOf(root.file);
  const hostIncludes = graph.edges.filter((e) => e.parent === host.id && e.file === host.file);
  // Mounts made by a loop over a tuple of routers: a line after them would land in the loop.
  if (hostIncludes.some((e) => e.looped)) return null;
  const ownArgs = module.includes.filter((i) => hostIncludes.some((e) => e.line === i.line)).map((i) => i.arg ?? '');
  let withImport = source;
  let reference = root.var;
  if (root.file !== host.file) {
    const dot = rootModule.lastIndexOf('.');
    const leaf = rootModule.slice(dot + 1);
    const aliases = importAliases(host.file, module);
    const byName = ownArgs.length > 0 && ownArgs.every((a) => !a.includes('.')) && !aliases.has(root.var);
    if (byName) withImport = addFromImport(source, module, importSpecifier(host.file, module, rootModule), root.var);
    else {
      reference = `${leaf}.${root.var}`;
      withImport =
        dot > 0
          ? addFromImport(source, module, importSpecifier(host.file, module, rootModule.slice(0, dot)), leaf)
          : `import ${rootModule}\n${source}`;
    }
  }
  const shift = withImport.split('\n').length - source.split('\n').length;
  const { lines, join } = splitSource(withImport);
  const last = hostIncludes.reduce((max, e) => Math.max(max, e.endLine), 0);
  const anchor = last > 0 ? last + shift : host.line + shift;
  const at = last > 0 ? anchor : statementEnd(lines, anchor);
  const indent = /^\s*/.exec(lines[anchor - 1] ?? '')![0];
  lines.splice(
    at,
    0,
    `${indent}${host.var}.include_router(${reference}${prefix ? `, prefix=${JSON.stringify(prefix)}` : ''})`,
  );
  return join(lines);
}

// The last line (1-based) of the statement starting on `line`: brackets balanced again.
function statementEnd(lines: readonly string[], line: number): number {
  let depth = 0;
  for (let i = line - 1; i < lines.length; i++) {
    for (const c of lines[i]!.replace(/#.*$/, ''))
      depth += c === '(' || c === '[' || c === '{' ? 1 : c === ')' || c === ']' || c === '}' ? -1 : 0;
    if (depth <= 0) return i + 1;
  }
  return line;
}
