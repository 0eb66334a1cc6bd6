import type { JsFunction, JsModule } from './js-module.js';
import type { NodeProject } from './node-project.js';

/**
 * The function a name or a member reference used in `file` denotes: a local function, an
 * imported one (`const { create } = require('../controllers/x')`, ESM imports), a member of an
 * imported module or object (`controller.create`, `module.exports = { create }`), or a method of
 * a class instance (`const ctrl = new Ctrl()`, an exported instance), or the function a wrapper or
 * factory is handed (`const show = reply.ok((req) => …)`, `const list = asyncHandler(async (req, res) => …)`).
 */
export async function resolveFunction(
  project: NodeProject,
  file: string,
  ref: string,
  depth = 0,
): Promise<{ file: string; fn: JsFunction } | undefined> {
  const modules = await project.modules();
  const module = modules.get(file);
  if (!module || depth > 4) return undefined;
  const [head, ...rest] = ref.split('.');
  if (!head || rest.length > 1) return undefined;
  const member = rest[0];
  const topLevel = (m: JsModule, name: string, cls?: string) =>
    m.functions.find(
      (f) =>
        f.name === name &&
        (cls === undefined ? !f.className : f.className === cls) &&
        !m.functions.some((o) => o !== f && o.start < f.start && f.end <= o.end && !o.className && o.name !== ''),
    );
  if (member === undefined) {
    const fn = topLevel(module, head) ?? wrappedBy(module, head);
    if (fn) return { file, fn };
  } else {
    const def = module.defs.find((d) => d.name === head);
    if (def?.instanceOf || def?.kind === 'class') return methodOf(project, def.instanceOf ?? head, member);
    if (def?.shape?.keys.includes(member)) {
      const fn = module.functions.find((f) => f.name === member);
      if (fn) return { file, fn };
    }
  }
  for (const imp of module.imports) {
    const binding = imp.names.find((n) => n.local === head);
    if (!binding) continue;
    const target = await project.resolve(file, imp.source);
    const targetModule = target ? modules.get(target) : undefined;
    if (!target || !targetModule) return undefined;
    // The export the reference lands on: `x` of `{ x }`, `m` of `ns.m` or of a whole CommonJS module / default object.
    const whole = binding.imported === '*' || (binding.imported === 'default' && member !== undefined);
    const wanted = whole ? (member ?? 'default') : binding.imported;
    const rest2 = whole ? undefined : member;
    const exported = targetModule.exports.find((e) => e.name === wanted);
    if (!exported) {
      // `module.exports = new Ctrl()`, `export default { create, list }` read as `ctrl.create`.
      const def = targetModule.exports.find((e) => e.name === 'default');
      const local = def?.local ? targetModule.defs.find((d) => d.name === def.local) : undefined;
      const instanceOf = def?.instanceOf ?? local?.instanceOf;
      if (instanceOf && member) return methodOf(project, instanceOf, member);
      // `export default class X { static list() … }` read as `X.list`.
      if (local?.kind === 'class' && member) return methodOf(project, local.name, member);
      const shape = def?.shape ?? local?.shape;
      const fn =
        member && shape?.keys.includes(member)
          ? targetModule.functions.find((f) => f.name === member && !f.className)
          : undefined;
      return fn && { file: target, fn };
    }
    if (exported.instanceOf && rest2) return methodOf(project, exported.instanceOf, rest2);
    if (exported.local)
      return resolveFunction(project, target, rest2 ? `${exported.local}.${rest2}` : exported.local, depth + 1);
    if (rest2) return undefined;
    // `exports.create = async (req, res) => …`, `module.exports = { create: async (req, res) => … }`
    const fn = targetModule.functions.find((f) => f.name === wanted && !f.className);
    return fn && { file: target, fn };
  }
  return undefined;
}

/** The method (or arrow-function field) `member` of the project class `className`. */
export async function methodOf(
  project: NodeProject,
  className: string,
  member: string,
): Promise<{ file: string; fn: JsFunction } | undefined> {
  for (const [file, module] of await project.modules()) {
    if (!module.classes.some((c) => c.name === className)) continue;
    const fn = module.functions.find((f) => f.className === className && f.name === member);
    if (fn) return { file, fn };
  }
  return undefined;
}

/**
 * `const name = wrap(fn)` at the top level: the function handed to the call that initialises
 * `name` (an anonymous function starting on its line, not nested in another function).
 */
function wrappedBy(module: JsModule, name: string): JsFunction | undefined {
  const def = module.defs.find((d) => d.name === name && d.kind === 'variable' && d.calls !== undefined);
  if (!def) return undefined;
  return module.functions.find(
    (f) =>
      f.name === '' &&
      !f.className &&
      f.line === def.line &&
      !module.functions.some((o) => o !== f && o.start < f.start && f.end <= o.end),
  );
}
