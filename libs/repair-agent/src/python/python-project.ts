import type { SourceTree } from '../source/source-tree.js';
import type { ClassSummary, FunctionSummary, ParsedModule, PythonInspector, RouteDecorator } from './module-summary.js';
import { importAliases, moduleNameOf } from './module-names.js';
import { buildMountGraph, joinPath, type MountGraph, type RouterHost } from './router-mounts.js';

/** A route handler with its full path (router prefix + decorator path). */
export interface PythonRoute {
  readonly file: string;
  readonly method: string;
  readonly path: string;
  readonly routerVar: string;
  /** Whether a chain of `include_router(...)` calls reaches an app (always true for app routes). */
  readonly included: boolean;
  /** For a route that is not served: the outermost router to mount (its `path` is relative to that mount point). */
  readonly mountRoot?: RouterHost;
  /** The decorator, or the `add_api_route(...)` call that registers the handler (its keywords alike). */
  readonly decorator: RouteDecorator;
  /**
   * Where `decorator` is, when not in `file` (`router.add_api_route(path, handlers.create_x)`; `file` is the
   * handler's).
   */
  readonly decoratorFile?: string;
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
  /** Apps, routers and the `include_router` calls between them. */
  mounts(): Promise<MountGraph>;
  /** Which of these standard-library modules define `name` at top level (none without an inspector that knows). */
  standardExports(modules: readonly string[], name: string): Promise<string[]>;
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

  async function moduleName(file: string): Promise<string> {
    return moduleNameOf(file);
  }

  return {
    modules,
    moduleName,
    async standardExports(names, name) {
      return inspector.standardExports ? inspector.standardExports(names, name) : [];
    },
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
      const graph = buildMountGraph(all);
      const out: PythonRoute[] = [];
      for (const [file, module] of all) {
        const name = moduleNameOf(file);
        const apps = new Set(module.apps.map((a) => a.var));
        const routers = new Set(module.routers.map((r) => r.var));
        for (const handler of module.functions) {
          for (const decorator of handler.decorators) {
            if (decorator.path === null || (!routers.has(decorator.target) && !apps.has(decorator.target))) continue;
            const id = `${name}.${decorator.target}`;
            const served = graph.servedPrefix(id);
            // Served: the whole chain of prefixes; not served: the path below where its outermost router would be
            // mounted.
            const detached = served === undefined ? graph.detachedRoot(id) : undefined;
            const base = served ?? detached?.prefix ?? '';
            const path = joinPath(base, decorator.path) || '/';
            out.push({
              file,
              method: decorator.method,
              path,
              routerVar: decorator.target,
              included: served !== undefined,
              decorator,
              handler,
              ...(detached ? { mountRoot: detached.root } : {}),
            });
          }
        }
        for (const call of module.routeCalls ?? []) {
          if (!routers.has(call.target) && !apps.has(call.target)) continue;
          const target = registeredHandler(all, file, module, call.endpoint);
          if (!target) continue;
          const id = `${name}.${call.target}`;
          const served = graph.servedPrefix(id);
          const detached = served === undefined ? graph.detachedRoot(id) : undefined;
          const path = joinPath(served ?? detached?.prefix ?? '', call.path) || '/';
          for (const method of call.methods) {
            const decorator: RouteDecorator = {
              line: call.line,
              endLine: call.endLine,
              target: call.target,
              method,
              path: call.path,
              keywords: call.keywords,
            };
            out.push({
              file: target.file,
              method,
              path,
              routerVar: call.target,
              included: served !== undefined,
              decorator,
              handler: target.fn,
              ...(target.file !== file ? { decoratorFile: file } : {}),
              ...(detached ? { mountRoot: detached.root } : {}),
            });
          }
        }
      }
      return out;
    },
    async mounts() {
      return buildMountGraph(await modules());
    },
  };
}

// The module-level function an `add_api_route` endpoint names: local (`create_x`), imported
// (`from .handlers import create_x`), or through an imported module (`handlers.create_x`).
function registeredHandler(
  all: ReadonlyMap<string, ParsedModule>,
  file: string,
  module: ParsedModule,
  endpoint: string,
): { file: string; fn: FunctionSummary } | undefined {
  if (!/^[A-Za-z_][\w.]*$/.test(endpoint)) return undefined;
  const local = module.functions.find((f) => f.qualname === endpoint);
  if (local) return { file, fn: local };
  const [head, ...rest] = endpoint.split('.');
  const dotted = [importAliases(file, module).get(head!) ?? '', ...rest].join('.');
  const at = dotted.lastIndexOf('.');
  if (!dotted.startsWith('.') && at > 0) {
    const owner = dotted.slice(0, at);
    const name = dotted.slice(at + 1);
    for (const [other, summary] of all) {
      if (moduleNameOf(other) !== owner) continue;
      const fn = summary.functions.find((f) => f.qualname === name);
      if (fn) return { file: other, fn };
    }
  }
  return undefined;
}

/** A test module or a test folder's file (`tests/…`, `test_x.py`, `x_test.py`, `conftest.py`): not the app's. */
export function isTestFile(file: string): boolean {
  return /(^|\/)(tests?|__tests__)\//.test(file) || /(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/.test(file);
}
