import type { NodeProject } from './node-project.js';

/** The (file, local binding) a mounted argument refers to: a local, an import, or an inline require. */
export async function mountedBinding(
  project: NodeProject,
  file: string,
  arg: string,
): Promise<{ file: string; local: string } | null> {
  const modules = await project.modules();
  const module = modules.get(file);
  if (!module) return null;
  const inline = /^require:([^#]+)(?:#(\w+))?$/.exec(arg);
  if (inline) return exportBinding(project, file, inline[1]!, inline[2] ?? 'default');
  // A router factory's call (`courseRoutes(…)`): the factory; a new instance's field: `Class.field` where the class is.
  if (arg.startsWith('call:')) return mountedBinding(project, file, arg.slice(5));
  const field = /^new:([\w$]+)\.([\w$]+)$/.exec(arg);
  if (field) {
    const cls = await mountedBinding(project, file, field[1]!);
    return cls && { file: cls.file, local: `${cls.local}.${field[2]}` };
  }
  const [head, member] = arg.split('.');
  if (!head || !/^[\w$]+$/.test(head)) return null;
  if (!member && module.defs.some((d) => d.name === head)) return { file, local: head };
  // `controller.router` where `controller = new UsersController()`: the class's router field.
  const instance = member ? await instanceClass(project, file, head) : undefined;
  if (instance) return { file: instance.file, local: `${instance.local}.${member}` };
  for (const imp of module.imports) {
    const name = imp.names.find((n) => n.local === head);
    if (!name) continue;
    const imported = name.imported === '*' ? (member ?? 'default') : name.imported;
    return exportBinding(project, file, imp.source, imported);
  }
  return null;
}

async function exportBinding(
  project: NodeProject,
  file: string,
  specifier: string,
  name: string,
): Promise<{ file: string; local: string } | null> {
  const target = await project.resolve(file, specifier);
  const module = target ? (await project.modules()).get(target) : undefined;
  if (!target || !module) return null;
  const exported = module.exports.find((e) => e.name === name);
  return exported?.local ? { file: target, local: exported.local } : null;
}

/**
 * The path a name stands for (`config.apiPrefix`, `API_PREFIX`): a string the module states, or
 * one the module it is imported from exports; null when it is not a static path.
 */
export async function statedPath(project: NodeProject, file: string, ref: string): Promise<string | null> {
  const value = await statedString(project, file, ref);
  return value !== null && value.startsWith('/') ? value : null;
}

/**
 * The string a name stands for, stated in its module or exported by the module it is imported from; null when not
 * static.
 */
export async function statedString(project: NodeProject, file: string, ref: string): Promise<string | null> {
  const modules = await project.modules();
  const module = modules.get(file);
  if (!module) return null;
  const asPath = (value: string | undefined) => value ?? null;
  const own = asPath(module.strings?.[ref]);
  if (own) return own;
  const [head, ...rest] = ref.split('.');
  for (const imp of module.imports) {
    const name = imp.names.find((n) => n.local === head);
    if (!name) continue;
    const target = await project.resolve(file, imp.source);
    const strings = target ? modules.get(target)?.strings : undefined;
    if (!strings) return null;
    const path = [...(name.imported === '*' || name.imported === 'default' ? [] : [name.imported]), ...rest].join('.');
    return asPath(strings[path === '' ? 'module.exports' : `module.exports.${path}`]);
  }
  return null;
}

// The class a module-level (or imported) instance is made from: `const users = new UsersController()`.
async function instanceClass(
  project: NodeProject,
  file: string,
  name: string,
  depth = 0,
): Promise<{ file: string; local: string } | undefined> {
  const module = depth > 4 ? undefined : (await project.modules()).get(file);
  const made = module?.defs.find((d) => d.name === name)?.instanceOf;
  if (made) return (await mountedBinding(project, file, made)) ?? undefined;
  for (const imp of module?.imports ?? []) {
    const binding = imp.names.find((n) => n.local === name);
    const target = binding ? await project.resolve(file, imp.source) : undefined;
    const exported = target
      ? (await project.modules()).get(target)?.exports.find((e) => e.name === binding!.imported)
      : undefined;
    if (target && exported?.instanceOf)
      return (await mountedBinding(project, target, exported.instanceOf)) ?? undefined;
    if (target && exported?.local) return instanceClass(project, target, exported.local, depth + 1);
  }
  return undefined;
}
