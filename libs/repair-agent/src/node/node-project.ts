import { posix } from 'node:path';
import { aliasBases } from './path-aliases.js';
import type { SourceTree } from '../source/source-tree.js';
import { NODE_SOURCE_FILE } from './js-ast.js';
import type { JsExport, JsFunction, JsModule, JsShape } from './js-module.js';
import { summariseModule } from './summarise-module.js';

const RESOLVE_SUFFIXES = [
  '',
  '.js',
  '.mjs',
  '.cjs',
  '/index.js',
  '/index.mjs',
  '/index.cjs',
  '.ts',
  '.tsx',
  '.mts',
  '.cts',
  '/index.ts',
  '/index.tsx',
];
// TypeScript imports name the compiled file (`./users.js` for users.ts, NodeNext style).
const TS_OF_JS: readonly [RegExp, readonly string[]][] = [
  [/\.js$/, ['.ts', '.tsx']],
  [/\.mjs$/, ['.mts']],
  [/\.cjs$/, ['.cts']],
];

/** What a binding is known to be: its members (an object literal's keys, a class's members, a module's exports). */
interface JsBindingTarget {
  readonly file: string;
  readonly members: readonly string[];
  readonly shape?: JsShape;
  /** Methods known to be `async` (a class's, or a module's exported async functions). */
  readonly asyncMembers: readonly string[];
}

/** Queries over the app's JavaScript modules, as the current tree (with accepted edits) has them. */
export interface NodeProject {
  modules(): Promise<Map<string, JsModule>>;
  /** The project file a relative specifier names (`./x.js`, `../lib`), if any. */
  resolve(fromFile: string, specifier: string): Promise<string | undefined>;
  /** Innermost function whose lines contain `line`. */
  functionAt(file: string, line: number): Promise<JsFunction | undefined>;
  /** Modules exporting `name` (named export, or a default export whose local name is `name`). */
  exportersOf(name: string): Promise<{ file: string; export: JsExport; isDefault: boolean }[]>;
  /** What an identifier used in `file` refers to (its own definition or an import of a project file). */
  bindingTarget(file: string, name: string): Promise<JsBindingTarget | undefined>;
  /** Members of a class the project defines. */
  classMembers(name: string): Promise<{ members: string[]; asyncMembers: string[] } | undefined>;
  /** Names of every `async` function and method of the project. */
  asyncNames(): Promise<Set<string>>;
}

const perTree = new WeakMap<SourceTree, NodeProject>();

/** The index of a tree, made once per tree (it re-parses only files a patch changed). */
export function nodeProjectFor(tree: SourceTree): NodeProject {
  let project = perTree.get(tree);
  if (!project) perTree.set(tree, (project = createNodeProject(tree)));
  return project;
}

/**
 * Indexes the `.js/.mjs/.cjs` and `.ts/.tsx/.mts/.cts` files of the tree (re-parsing only files whose content changed).
 */
export function createNodeProject(tree: SourceTree): NodeProject {
  const cache = new Map<string, { source: string; module: JsModule | null }>();

  async function modules(): Promise<Map<string, JsModule>> {
    const out = new Map<string, JsModule>();
    for (const file of (await tree.list()).filter((f) => NODE_SOURCE_FILE.test(f) && !isTestOrBuild(f))) {
      const source = await tree.read(file);
      if (source === null) continue;
      let entry = cache.get(file);
      if (entry?.source !== source) {
        let module: JsModule | null = null;
        try {
          module = summariseModule(file, source);
        } catch {
          // A file that does not parse is no evidence for or against a fix.
        }
        cache.set(file, (entry = { source, module }));
      }
      if (entry.module) out.set(file, entry.module);
    }
    return out;
  }

  async function resolve(fromFile: string, specifier: string): Promise<string | undefined> {
    // A path alias (tsconfig `paths`, package.json `imports`) stands for project files too.
    const bases = specifier.startsWith('.')
      ? [posix.normalize(posix.join(posix.dirname(fromFile), specifier))]
      : await aliasBases(tree, specifier);
    const all = await modules();
    const candidates = bases.flatMap((base) => [
      ...RESOLVE_SUFFIXES.map((s) => base + s),
      ...TS_OF_JS.filter(([js]) => js.test(base)).flatMap(([js, ts]) => ts.map((ext) => base.replace(js, ext))),
    ]);
    return candidates.find((candidate) => all.has(candidate));
  }

  async function classMembers(name: string): Promise<{ members: string[]; asyncMembers: string[] } | undefined> {
    for (const module of (await modules()).values()) {
      const cls = module.classes.find((c) => c.name === name);
      if (cls) return { members: [...cls.members], asyncMembers: [...cls.asyncMethods] };
    }
    return undefined;
  }

  // A local binding of a module → its members; follows one level of imports into project files.
  async function targetOf(
    file: string,
    module: JsModule,
    name: string,
    depth: number,
  ): Promise<JsBindingTarget | undefined> {
    const def = module.defs.find((d) => d.name === name);
    if (def) {
      if (def.shape) return { file, members: def.shape.keys, shape: def.shape, asyncMembers: [] };
      if (def.instanceOf) {
        const cls = await classMembers(def.instanceOf);
        if (cls) return { file, members: cls.members, asyncMembers: cls.asyncMembers };
      }
      if (def.kind === 'class') {
        const cls = await classMembers(name);
        if (cls) return { file, members: cls.members, asyncMembers: cls.asyncMembers };
      }
      return undefined;
    }
    if (depth > 3) return undefined;
    for (const imp of module.imports) {
      const binding = imp.names.find((n) => n.local === name);
      if (!binding) continue;
      const target = await resolve(file, imp.source);
      const targetModule = target ? (await modules()).get(target) : undefined;
      if (!target || !targetModule) return undefined;
      const wholeModule =
        binding.imported === '*' &&
        (imp.kind === 'import' ||
          !targetModule.exports.some(
            // `module.exports = new WoodLotService(db)`: the require gives the instance, not the named exports.
            (e) => e.name === 'default' && (e.local !== null || e.instanceOf) && !e.shape,
          ));
      if (
        wholeModule ||
        (binding.imported === 'default' && targetModule.style === 'cjs' && defaultIsObject(targetModule))
      ) {
        const members = [...new Set(targetModule.exports.map((e) => e.name).filter((n) => n !== 'default'))];
        const asyncMembers = targetModule.defs.filter((d) => d.async && members.includes(d.name)).map((d) => d.name);
        const shape = targetModule.exports.find((e) => e.name === 'default')?.shape;
        return { file: target, members, asyncMembers, ...(shape ? { shape } : {}) };
      }
      const exported = targetModule.exports.find(
        (e) => e.name === (binding.imported === '*' ? 'default' : binding.imported),
      );
      if (!exported) return undefined;
      if (exported.shape)
        return { file: target, members: exported.shape.keys, shape: exported.shape, asyncMembers: [] };
      if (exported.instanceOf) {
        const cls = await classMembers(exported.instanceOf);
        return cls ? { file: target, members: cls.members, asyncMembers: cls.asyncMembers } : undefined;
      }
      return exported.local ? targetOf(target, targetModule, exported.local, depth + 1) : undefined;
    }
    return undefined;
  }

  return {
    modules,
    resolve,
    async functionAt(file, line) {
      const module = (await modules()).get(file);
      let best: JsFunction | undefined;
      for (const fn of module?.functions ?? [])
        if (fn.line <= line && line <= fn.endLine && (!best || fn.start >= best.start)) best = fn;
      return best;
    },
    async exportersOf(name) {
      const out: { file: string; export: JsExport; isDefault: boolean }[] = [];
      for (const [file, module] of await modules()) {
        const named = module.exports.find((e) => e.name === name);
        if (named) out.push({ file, export: named, isDefault: false });
        else {
          const byDefault = module.exports.find((e) => e.name === 'default' && e.local === name);
          if (byDefault) out.push({ file, export: byDefault, isDefault: true });
        }
      }
      return out;
    },
    async bindingTarget(file, name) {
      const module = (await modules()).get(file);
      return module ? targetOf(file, module, name, 0) : undefined;
    },
    classMembers,
    async asyncNames() {
      const names = new Set<string>();
      for (const module of (await modules()).values()) {
        for (const fn of module.functions) if ((fn.async || fn.returnsPromise) && fn.name) names.add(fn.name);
        for (const cls of module.classes) for (const m of cls.asyncMethods) names.add(m);
      }
      return names;
    },
  };
}

function defaultIsObject(module: JsModule): boolean {
  const def = module.exports.find((e) => e.name === 'default');
  if (!def) return false;
  if (def.shape) return true;
  return def.local !== null && Boolean(module.defs.find((d) => d.name === def.local)?.shape);
}

function isTestOrBuild(file: string): boolean {
  return (
    /(^|\/)(tests?|__tests__|dist|build|coverage)\//.test(file) ||
    /\.(test|spec)\.[cm]?[jt]sx?$/.test(file) ||
    /\.min\.js$/.test(file)
  );
}
