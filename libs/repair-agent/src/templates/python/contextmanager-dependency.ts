import { moduleNameOf, importAliases, importSpecifier } from '../../python/module-names.js';
import type { FunctionSummary, ParsedModule } from '../../python/module-summary.js';
import { addFromImport, splitSource } from '../../python/python-edits.js';
import { findRoute } from '../../recipes/python/route-match.js';
import type { RepairTemplate } from '../template.js';

// What FastAPI injects for a dependency decorated @contextmanager: the manager, never the value it yields.
const MANAGER = /'_(?:Async)?GeneratorContextManager' object has no attribute/;
// `Depends(get_x)`, `Depends(dependency=deps.get_x)`.
const DEPENDS = /\bDepends\(\s*(?:dependency\s*=\s*)?([A-Za-z_][\w.]*)\s*[,)]/g;

/** A top-level project function, with its module. */
interface Defined {
  readonly file: string;
  readonly module: ParsedModule;
  readonly fn: FunctionSummary;
}

/**
 * A route depends on a `@contextmanager` helper (`db: Session = Depends(open_session)`, the helper
 * meant for `with open_session() as db:` in scripts and startup): FastAPI calls it and injects the
 * `_GeneratorContextManager` it returns, so the first use of the "session" raises `AttributeError:
 * '_GeneratorContextManager' object has no attribute 'execute'` → the handler depends on the
 * project's plain generator dependency instead (`Depends(get_db)`), imported into the router.
 * Evidence: that message, the failing route's handler naming `Depends(f)` with `f` decorated
 * `@contextmanager` (`@asynccontextmanager`), and exactly one undecorated generator function in the
 * project of the same kind (async or not) that other code already uses as `Depends(…)` and that
 * yields a session (annotated so, or a name bound from the same factory call as `f`'s). The
 * decorator stays (other code uses the helper with `with`); no candidate without such a generator.
 */
export const pythonContextmanagerDependency: RepairTemplate = {
  id: 'python.contextmanager-dependency',
  language: 'python',
  summary: "depend on the project's generator session dependency, not on a @contextmanager helper",
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['AttributeError'] },
  async *candidates({ cause, tree, python, exception }) {
    if (!exception || !MANAGER.test(exception.message)) return;
    const modules = await python.modules();
    for (const endpoint of new Set([...cause.endpoints, ...cause.violations.map((v) => v.endpoint)])) {
      const route = await findRoute(python, endpoint).catch(() => undefined);
      const own = route ? modules.get(route.file) : undefined;
      const source = route ? await tree.read(route.file) : null;
      if (!route || !own || source === null) continue;
      const { lines, join } = splitSource(source);
      const { handler } = route;
      for (let i = handler.line - 1; i < handler.bodyLine - 1; i++) {
        for (const m of lines[i]!.matchAll(DEPENDS)) {
          const manager = resolve(modules, route.file, own, m[1]!);
          if (!manager || !isManager(await tree.read(manager.file), manager.fn)) continue;
          const plain = await plainDependency(modules, tree.read.bind(tree), manager);
          if (!plain) continue;
          const local = localName(route.file, own, plain);
          if (local === null) continue;
          lines[i] = lines[i]!.replace(m[0], m[0].replace(m[1]!, local));
          let edited = join(lines);
          if (plain.file !== route.file && !importAliases(route.file, own).has(local)) {
            edited = addFromImport(edited, own, importSpecifier(route.file, own, moduleNameOf(plain.file)), local);
          }
          await tree.write(route.file, edited);
          yield {
            key: 'python.contextmanager-dependency',
            summary:
              `${handler.name} depends on ${local} (a generator) at ${route.file}:${i + 1}, ` +
              `not on ${m[1]} (@contextmanager)`,
            template: { recipe: 'python.contextmanager-dependency' },
          };
          return;
        }
      }
    }
  },
};

// The top-level project function a name in `file` stands for: its own, or one it imports (`deps.get_x` too).
function resolve(modules: Map<string, ParsedModule>, file: string, own: ParsedModule, name: string): Defined | null {
  const local = own.functions.find((f) => f.qualname === name);
  if (local) return { file, module: own, fn: local };
  const [head, ...rest] = name.split('.');
  const target = importAliases(file, own).get(head!);
  if (!target) return null;
  const dotted = [target, ...rest].join('.');
  const [moduleName, fnName] = [dotted.slice(0, dotted.lastIndexOf('.')), dotted.slice(dotted.lastIndexOf('.') + 1)];
  for (const [path, module] of modules) {
    const fn = moduleNameOf(path) === moduleName ? module.functions.find((f) => f.qualname === fnName) : undefined;
    if (fn) return { file: path, module, fn };
  }
  return null;
}

// Decorated @contextmanager / @contextlib.asynccontextmanager: the decorator lines right above its `def`.
function isManager(source: string | null, fn: FunctionSummary): boolean {
  const lines = splitSource(source ?? '').lines;
  for (let i = fn.line - 2; i >= 0 && /^\s*@/.test(lines[i]!); i--) {
    if (/^\s*@(?:contextlib\.)?(?:async)?contextmanager\s*$/.test(lines[i]!)) return true;
  }
  return false;
}

// The one undecorated generator dependency yielding a session like the manager's; null when not exactly one.
async function plainDependency(
  modules: Map<string, ParsedModule>,
  read: (file: string) => Promise<string | null>,
  manager: Defined,
): Promise<Defined | null> {
  const managerLines = splitSource((await read(manager.file)) ?? '').lines;
  const factory = yieldedFactory(managerLines, manager.fn);
  const depended = new Set<string>();
  for (const [file, module] of modules) {
    const lines = splitSource((await read(file)) ?? '').lines;
    for (const line of lines)
      for (const m of line.matchAll(DEPENDS)) depended.add(resolveKey(modules, file, module, m[1]!));
  }
  const found: Defined[] = [];
  for (const [file, module] of modules) {
    const lines = splitSource((await read(file)) ?? '').lines;
    for (const fn of module.functions) {
      if (fn.qualname !== fn.name || fn === manager.fn || fn.async !== manager.fn.async) continue;
      if (lines[fn.line - 2]?.trim().startsWith('@') || !depended.has(`${file}:${fn.name}`)) continue;
      const body = lines.slice(fn.bodyLine - 1, fn.endLine);
      if (!body.some((l) => /^\s*yield\b/.test(l))) continue;
      const header = lines.slice(fn.line - 1, fn.bodyLine - 1).join(' ');
      const yieldsSession =
        /->[^:]*\b(?:Async)?Session\b/.test(header) || (factory !== null && yieldedFactory(lines, fn) === factory);
      if (yieldsSession) found.push({ file, module, fn });
    }
  }
  return found.length === 1 ? found[0]! : null;
}

// `file:name` of the function a `Depends(…)` argument names, for matching; the raw text when unresolved.
function resolveKey(modules: Map<string, ParsedModule>, file: string, module: ParsedModule, name: string): string {
  const found = resolve(modules, file, module, name);
  return found ? `${found.file}:${found.fn.name}` : name;
}

// The call a generator's yielded name is bound from (`db = SessionLocal()` … `yield db` → `SessionLocal()`).
function yieldedFactory(lines: readonly string[], fn: FunctionSummary): string | null {
  const body = lines.slice(fn.bodyLine - 1, fn.endLine);
  const name = body.map((l) => /^\s*yield\s+(\w+)\s*$/.exec(l)?.[1]).find(Boolean);
  if (!name) return null;
  const bound = body
    .map((l) => new RegExp(`^\\s*${name}\\s*(?::[^=]+)?=(?!=)\\s*(.+?)\\s*$`).exec(l)?.[1])
    .find(Boolean);
  return bound && /\)$/.test(bound) ? bound.replace(/\s+/g, '') : null;
}

// How the router names the generator: its own name, the alias it already imports it under; null on a clash.
function localName(file: string, own: ParsedModule, plain: Defined): string | null {
  if (plain.file === file) return plain.fn.name;
  const target = `${moduleNameOf(plain.file)}.${plain.fn.name}`;
  const aliases = importAliases(file, own);
  for (const [alias, dotted] of aliases) if (dotted === target) return alias;
  const clash = aliases.has(plain.fn.name) || own.defs.some((d) => d.name === plain.fn.name);
  return clash ? null : plain.fn.name;
}
