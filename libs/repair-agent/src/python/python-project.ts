import type { SourceTree } from '../source/source-tree.js';
import type { ClassSummary, FunctionSummary, ParsedModule, PythonInspector, RouteDecorator } from './module-summary.js';

/** A route handler with its full path (router prefix + decorator path). */
export interface PythonRoute {
  readonly file: string;
  readonly method: string;
  readonly path: string;
  readonly routerVar: string;
  /** Whether some `include_router(...)` mounts the router (always true for app routes). */
  readonly included: boolean;
  readonly decorator: RouteDecorator;
  readonly handler: FunctionSummary;
}

/** Queries over the app's Python modules, as the current tree (with accepted edits) has them. */
export interface PythonProject {
  modules(): Promise<Map<string, ParsedModule>>;
  /** Dotted import name of a module file (`app/routers/carts.py` → `app.routers.carts`). */
  moduleName(file: string): Promise<string>;
  /** Innermost function or method whose lines contain `line`. */
  functionAt(file: string, line: number): Promise<FunctionSummary | undefined>;
  /** Top-level definitions named `name`, in every module. */
  definitionsOf(name: string): Promise<{ file: string; kind: string; async: boolean }[]>;
  classNamed(name: string): Promise<{ file: string; cls: ClassSummary } | undefined>;
  /** Attribute names of a class including its project base classes. */
  classMembers(name: string): Promise<string[]>;
  routes(): Promise<PythonRoute[]>;
}

/** Indexes the `.py` files of the tree (re-inspecting only files whose content changed). */
export function createPythonProject(tree: SourceTree, inspector: PythonInspector): PythonProject {
  const cache = new Map<string, { source: string; summary: ParsedModule | null }>();

  async function modules(): Promise<Map<string, ParsedModule>> {
    const files = (await tree.list()).filter((f) => f.endsWith('.py') && !isTestFile(f));
    const stale: { path: string; source: string }[] = [];
    for (const file of files) {
      const source = await tree.read(file);
      if (source === null) continue;
      if (cache.get(file)?.source !== source) stale.push({ path: file, source });
    }
    for (const summary of await inspector.inspect(stale)) {
      const source = stale.find((s) => s.path === summary.path)!.source;
      cache.set(summary.path, { source, summary: 'error' in summary ? null : summary });
    }
    const out = new Map<string, ParsedModule>();
    for (const file of files) {
      const summary = cache.get(file)?.summary;
      if (summary) out.set(file, summary);
    }
    return out;
  }

  // Apps are run from their root (uvicorn app.main:app), so modules are named from there;
  // a src/ layout puts the import root one level down.
  async function moduleName(file: string): Promise<string> {
    const parts = file.replace(/\.py$/, '').split('/');
    if (parts.at(-1) === '__init__') parts.pop();
    if (parts[0] === 'src' && parts.length > 1) parts.shift();
    return parts.join('.');
  }

  return {
    modules,
    moduleName,
    async functionAt(file, line) {
      const module = (await modules()).get(file);
      let best: FunctionSummary | undefined;
      for (const fn of module?.functions ?? []) {
        if (fn.line <= line && line <= fn.endLine && (!best || fn.line >= best.line)) best = fn;
      }
      return best;
    },
    async definitionsOf(name) {
      const out: { file: string; kind: string; async: boolean }[] = [];
      for (const [file, module] of await modules()) {
        for (const def of module.defs) if (def.name === name) out.push({ file, kind: def.kind, async: def.async });
      }
      return out;
    },
    async classNamed(name) {
      for (const [file, module] of await modules()) {
        const cls = module.classes.find((c) => c.name === name);
        if (cls) return { file, cls };
      }
      return undefined;
    },
    async classMembers(name) {
      const seen = new Set<string>();
      const members = new Set<string>();
      const visit = async (className: string): Promise<void> => {
        if (seen.has(className)) return;
        seen.add(className);
        const found = await this.classNamed(className);
        if (!found) return;
        for (const attr of [...found.cls.attributes, ...found.cls.methods]) members.add(attr);
        for (const base of found.cls.bases) if (base) await visit(base.replace(/^.*\./, ''));
      };
      await visit(name);
      return [...members];
    },
    async routes() {
      const all = await modules();
      const mounts = await includeMounts(all, moduleName);
      const out: PythonRoute[] = [];
      for (const [file, module] of all) {
        const prefixes = new Map(module.routers.map((r) => [r.var, r.prefix] as const));
        const appVars = new Set(module.apps.map((a) => a.var));
        const name = await moduleName(file);
        for (const handler of module.functions) {
          for (const decorator of handler.decorators) {
            if (decorator.path === null || (!prefixes.has(decorator.target) && !appVars.has(decorator.target))) continue;
            // The full path: include_router(prefix=…) + APIRouter(prefix=…) + the decorator's path.
            const mount = appVars.has(decorator.target) ? '' : mounts.get(`${name}.${decorator.target}`);
            const prefix = joinPath(mount ?? '', prefixes.get(decorator.target) ?? '');
            const path = joinPath(prefix === '/' ? '' : prefix, decorator.path);
            out.push({ file, method: decorator.method, path, routerVar: decorator.target, included: mount !== undefined, decorator, handler });
          }
        }
      }
      return out;
    },
  };
}

/** `module.router` → the prefix it is included with (`''` when none), for every `include_router` of the project. */
async function includeMounts(all: Map<string, ParsedModule>, moduleName: (file: string) => Promise<string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [file, module] of all) {
    const aliases = new Map<string, string>();
    for (const imp of module.imports) {
      for (const n of imp.names) aliases.set(n.asname ?? n.name, imp.kind === 'from' ? `${imp.module}.${n.name}` : n.name);
    }
    const own = await moduleName(file);
    for (const inc of module.includes) {
      const [head, ...rest] = (inc.arg ?? '').split('.');
      if (!head) continue;
      // `payments.router` after `from app.routers import payments`, an imported router, or one of this module.
      const resolved = aliases.get(head) ?? (rest.length === 0 ? `${own}.${head}` : head);
      out.set([resolved, ...rest].join('.'), inc.prefix ?? '');
    }
  }
  return out;
}

function joinPath(prefix: string, path: string): string {
  const joined = `${prefix.replace(/\/$/, '')}${path.startsWith('/') || path === '' ? path : `/${path}`}`;
  return joined === '' ? '/' : joined;
}

function isTestFile(file: string): boolean {
  return /(^|\/)(tests?|__tests__)\//.test(file) || /(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/.test(file);
}
