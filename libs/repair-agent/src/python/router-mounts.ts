import type { ParsedModule } from './module-summary.js';
import { importAliases, moduleNameOf } from './module-names.js';

/** A FastAPI app or an APIRouter of the project, named `module.var`. */
export interface RouterHost {
  readonly id: string;
  readonly file: string;
  readonly var: string;
  readonly kind: 'app' | 'router';
  /** `APIRouter(prefix=…)`; '' for apps. */
  readonly ownPrefix: string;
  readonly line: number;
}

/** One `parent.include_router(child, prefix=…)`. */
interface MountEdge {
  readonly file: string;
  readonly line: number;
  readonly endLine: number;
  readonly parent: string;
  readonly child: string;
  readonly prefix: string;
  /** A prefix expression no static reading resolves (`prefix` is then ''), as written. */
  readonly prefixUnknown?: string;
  /** Made by a loop over several routers: its line and prefix are shared, an edit there moves them all. */
  readonly looped?: boolean;
}

/** Which routers are mounted, at what path, through which chain of `include_router` calls. */
export interface MountGraph {
  readonly hosts: ReadonlyMap<string, RouterHost>;
  readonly edges: readonly MountEdge[];
  /**
   * The path a host's routes start with once served (its own prefix included), or undefined when
   * no chain of includes reaches an app. Without any recognisable app, a router nobody includes
   * is taken as served at its own prefix (the app is made in a way the index cannot see).
   */
  servedPrefix(id: string): string | undefined;
  /**
   * For a router that is not served: the outermost router of its (unserved) chain of includes,
   * and the path its routes have below wherever that router gets mounted.
   */
  detachedRoot(id: string): { readonly root: RouterHost; readonly prefix: string } | undefined;
}

/** Joins URL path pieces (`/api/v1` + `/appointments` + `` → `/api/v1/appointments`). */
export function joinPath(...pieces: readonly string[]): string {
  let out = '';
  for (const piece of pieces) {
    if (piece === '' || piece === '/') continue;
    out = `${out.replace(/\/$/, '')}${piece.startsWith('/') ? piece : `/${piece}`}`;
  }
  return out;
}

/** Builds the graph from the modules' apps, routers and `include_router` calls (nested routers included). */
export function buildMountGraph(all: ReadonlyMap<string, ParsedModule>): MountGraph {
  const hosts = new Map<string, RouterHost>();
  for (const [file, module] of all) {
    const name = moduleNameOf(file);
    for (const app of module.apps)
      hosts.set(`${name}.${app.var}`, {
        id: `${name}.${app.var}`,
        file,
        var: app.var,
        kind: 'app',
        ownPrefix: '',
        line: app.line,
      });
    for (const r of module.routers) {
      const ownPrefix = r.prefix || (r.prefixExpr ? (staticPrefix(all, file, module, r.prefixExpr) ?? '') : '');
      hosts.set(`${name}.${r.var}`, {
        id: `${name}.${r.var}`,
        file,
        var: r.var,
        kind: 'router',
        ownPrefix,
        line: r.line,
      });
    }
  }
  const canonical = canonicalizer(all, hosts);
  const edges: MountEdge[] = [];
  for (const [file, module] of all) {
    for (const inc of module.includes) {
      const parent = canonical(file, module, inc.target);
      const child = canonical(file, module, inc.arg);
      const prefix = inc.prefix ?? (inc.prefixExpr ? staticPrefix(all, file, module, inc.prefixExpr) : '');
      if (parent && child)
        edges.push({
          file,
          line: inc.line,
          endLine: inc.endLine,
          parent,
          child,
          prefix: prefix ?? '',
          ...(prefix === undefined ? { prefixUnknown: inc.prefixExpr! } : {}),
          ...(inc.looped ? { looped: true } : {}),
        });
    }
  }
  const anyApp = [...hosts.values()].some((h) => h.kind === 'app');
  const served = new Map<string, string | undefined>();
  const servedPrefix = (id: string, visiting = new Set<string>()): string | undefined => {
    if (served.has(id)) return served.get(id);
    const host = hosts.get(id);
    if (!host || visiting.has(id)) return undefined;
    visiting.add(id);
    let result: string | undefined;
    if (host.kind === 'app') result = '';
    for (const edge of edges) {
      if (result !== undefined) break;
      if (edge.child !== id) continue;
      const above = servedPrefix(edge.parent, visiting);
      if (above !== undefined) result = joinPath(above, edge.prefix, host.ownPrefix);
    }
    if (result === undefined && !anyApp && !edges.some((e) => e.child === id)) result = host.ownPrefix;
    visiting.delete(id);
    served.set(id, result);
    return result;
  };
  const detachedRoot = (id: string): { root: RouterHost; prefix: string } | undefined => {
    let host = hosts.get(id);
    if (!host || servedPrefix(id) !== undefined) return undefined;
    let prefix = host.ownPrefix;
    const seen = new Set([id]);
    for (;;) {
      const up = edges.find((e) => e.child === host!.id && !seen.has(e.parent));
      const parent = up && hosts.get(up.parent);
      if (!up || !parent || parent.kind === 'app') return { root: host, prefix };
      seen.add(parent.id);
      prefix = joinPath(parent.ownPrefix, up.prefix, prefix);
      host = parent;
    }
  };
  return { hosts, edges, servedPrefix: (id) => servedPrefix(id), detachedRoot };
}

// `payments.router` after `from .routers import payments`, a router imported by name, one of
// the module's own, or a name re-exported by a package `__init__` (followed a few hops).
function canonicalizer(all: ReadonlyMap<string, ParsedModule>, hosts: ReadonlyMap<string, RouterHost>) {
  const byName = new Map<string, [string, ParsedModule]>();
  for (const [file, module] of all) byName.set(moduleNameOf(file), [file, module]);
  const aliasCache = new Map<string, Map<string, string>>();
  const aliasesOf = (file: string, module: ParsedModule) => {
    let aliases = aliasCache.get(file);
    if (!aliases) aliasCache.set(file, (aliases = importAliases(file, module)));
    return aliases;
  };
  return (file: string, module: ParsedModule, expression: string | null): string | undefined => {
    if (!expression || !/^[\w.]+$/.test(expression)) return undefined;
    const [head, ...rest] = expression.split('.');
    const own = `${moduleNameOf(file)}.${head}`;
    let id = hosts.has(own) ? own : [aliasesOf(file, module).get(head!) ?? own, ...rest].join('.');
    if (hosts.has(own) && rest.length > 0) id = [own, ...rest].join('.');
    for (let hop = 0; hop < 4 && !hosts.has(id); hop++) {
      const dot = id.lastIndexOf('.');
      const found = byName.get(id.slice(0, dot));
      const next = found && aliasesOf(found[0], found[1]).get(id.slice(dot + 1));
      if (!next || next === id) break;
      id = next;
    }
    return hosts.has(id) ? id : undefined;
  };
}

/**
 * The value of a non-literal prefix read statically: a module constant (`API_PREFIX`, also
 * imported, or `config.API_PREFIX` of an imported module), or a settings attribute
 * (`settings.api_prefix`, `get_settings().API_V1_STR`) whose class default is the same string in
 * every project class declaring it (pydantic BaseSettings, `os.getenv("X", "/api")` defaults
 * included). Undefined when unknown.
 */
function staticPrefix(
  all: ReadonlyMap<string, ParsedModule>,
  file: string,
  module: ParsedModule,
  expression: string,
  depth = 0,
): string | undefined {
  if (depth > 4) return undefined;
  const byName = new Map<string, [string, ParsedModule]>();
  for (const [f, m] of all) byName.set(moduleNameOf(f), [f, m]);
  const constantOf = (f: string, m: ParsedModule, name: string): string | undefined => {
    const value = m.constants?.[name];
    if (value !== undefined) return value.startsWith('=') ? staticPrefix(all, f, m, value.slice(1), depth + 1) : value;
    const imported = importAliases(f, m).get(name);
    const dot = imported?.lastIndexOf('.') ?? -1;
    const owner = imported ? byName.get(imported.slice(0, dot)) : undefined;
    return owner && imported ? constantOf(owner[0], owner[1], imported.slice(dot + 1)) : undefined;
  };
  if (/^\w+$/.test(expression)) return constantOf(file, module, expression);
  // `f'{API_PREFIX}/items'`: every field a name known without running code, the rest as written.
  const fstring = /^f(['"])([^'"\\]*)\1$/.exec(expression);
  if (fstring) {
    let known = true;
    const text = fstring[2]!.replace(/\{([\w.()]+)\}/g, (_, field: string) => {
      const value = staticPrefix(all, file, module, field, depth + 1);
      known &&= value !== undefined;
      return value ?? '';
    });
    return known && !/[{}]/.test(text) ? text : undefined;
  }
  const attribute = /^(\w+)(\(\))?\.(\w+)$/.exec(expression);
  if (!attribute) return undefined;
  const [, head, called, attr] = attribute;
  const imported = called ? undefined : importAliases(file, module).get(head!);
  const asModule = imported ? byName.get(imported) : undefined;
  if (asModule) return constantOf(asModule[0], asModule[1], attr!);
  const values = new Set<string>();
  for (const m of all.values())
    for (const cls of m.classes) if (cls.defaults?.[attr!] !== undefined) values.add(cls.defaults[attr!]!);
  return values.size === 1 ? [...values][0] : undefined;
}
