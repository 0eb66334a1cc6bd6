import { posix } from 'node:path';
import { addJsImport, relativeSpecifier, replaceRange } from '../../node/js-edits.js';
import { endpointShape, routeShape } from '../../node/js-routes.js';
import { nestApp, type NestModuleRef, type NestRoute } from '../../node/nest-routes.js';
import { nodeProjectFor, type NodeProject } from '../../node/node-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';

const ID = 'node.nest-unmounted-controller';

/**
 * Documented routes answer 404 because the NestJS controller declaring them is listed in no
 * module's `controllers` → add it (and its import) to the module of its feature: a module the app
 * reaches, in the controller's own folder, named like it (`OrdersModule` for
 * `orders/order-notes.controller.ts`), or listing controllers of the controller's folder. A
 * controller its own module lists, where that module is imported by nothing the app reaches →
 * import the module into the root module (the one `NestFactory.create` bootstraps).
 */
export const nodeNestUnmountedController: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "list a NestJS controller that declares documented routes in its feature module's controllers",
  evidence: { kinds: ['route_missing'] },
  async *candidates({ cause, tree, node: given }) {
    const node = given ?? nodeProjectFor(tree);
    const app = await nestApp(node, tree);
    if (!app) return;
    // A documented route a mounted controller already serves is no missing controller (its 404 is
    // the handler's own, grouped with the others): only the routes nothing serves are looked for.
    const wanted = cause.endpoints
      .map(endpointShape)
      .filter((e) => e !== null)
      .filter((w) => !app.routes.some((r) => r.path !== null && matches(r, w)));
    const lost = new Map<string, NestRoute>();
    for (const w of wanted)
      for (const r of app.routes) if (r.path === null && matches(r, w)) lost.set(`${r.file}#${r.controller.name}`, r);
    for (const route of lost.values()) {
      // Listed by a module the app never imports: import that module into the root module.
      const owner = await listingModule(node, app.modules, route);
      if (owner && app.root && !owner.reachable) {
        if (await addToList(node, tree, app.root, 'imports', owner.module.name, owner.file)) {
          yield {
            key: `${ID}#import-${owner.module.name}`,
            summary: `import ${owner.module.name} (${owner.file}) into ${app.root.module.name} (${app.root.file})`,
            template: { recipe: ID },
          };
        }
        continue;
      }
      for (const target of await hostsOf(node, app.modules, route)) {
        if (!(await addToList(node, tree, target, 'controllers', route.controller.name, route.file))) continue;
        yield {
          key: `${ID}#${target.module.name}`,
          summary:
            `list ${route.controller.name} (${route.file}) in ${target.module.name}'s controllers ` +
            `(${target.file})`,
          template: { recipe: ID },
        };
      }
    }
  },
};

function matches(route: NestRoute, wanted: { method: string; shape: string }): boolean {
  return (route.method === wanted.method || route.method === 'all') && routeShape(route.fullPath) === wanted.shape;
}

// Modules the controller belongs in, best first: reachable, and in its folder, named after its
// feature, or importing its siblings (a flat app module listing every controller of controllers/).
async function hostsOf(
  node: NodeProject,
  modules: readonly NestModuleRef[],
  route: NestRoute,
): Promise<NestModuleRef[]> {
  const dir = posix.dirname(route.file);
  const stem = route.controller.name.replace(/Controller$/, '').toLowerCase();
  const scored: { ref: NestModuleRef; score: number }[] = [];
  for (const ref of modules) {
    if (!ref.reachable) continue;
    const feature = ref.module.name.replace(/Module$/, '').toLowerCase();
    const sameDir = posix.dirname(ref.file) === dir;
    const named =
      feature.length > 0 &&
      (stem.includes(feature) || feature.includes(stem) || posix.basename(dir).toLowerCase() === feature);
    const module = (await node.modules()).get(ref.file);
    const siblings = (module?.imports ?? []).some(
      (i) =>
        i.source.startsWith('.') &&
        posix.dirname(posix.join(posix.dirname(ref.file), i.source)) === dir &&
        ref.module.controllers.some((c) => i.names.some((n) => n.local === c)),
    );
    const score = (sameDir ? 4 : 0) + (named ? 2 : 0) + (siblings ? 1 : 0);
    if (score > 0) scored.push({ ref, score });
  }
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, 2)
    .map((s) => s.ref);
}

// The module whose `controllers` lists the route's controller, if any.
async function listingModule(
  node: NodeProject,
  modules: readonly NestModuleRef[],
  route: NestRoute,
): Promise<NestModuleRef | undefined> {
  for (const ref of modules) {
    if (!ref.module.controllers.includes(route.controller.name)) continue;
    if (ref.file === route.file) return ref;
    const module = (await node.modules()).get(ref.file);
    const imp = module?.imports.find((i) => i.names.some((n) => n.local === route.controller.name));
    if (imp && (await node.resolve(ref.file, imp.source)) === route.file) return ref;
  }
  return undefined;
}

// Adds `name` (declared in `fromFile`) to a module's `controllers` or `imports` list, importing it.
async function addToList(
  node: NodeProject,
  tree: SourceTree,
  target: NestModuleRef,
  list: 'controllers' | 'imports',
  name: string,
  fromFile: string,
): Promise<boolean> {
  const source = await tree.read(target.file);
  const module = (await node.modules()).get(target.file);
  if (source === null || !module) return false;
  const array = list === 'controllers' ? target.module.controllersArray : target.module.importsArray;
  let updated: string;
  if (array) {
    const inner = source.slice(array.start + 1, array.end - 1);
    const trimmed = inner.replace(/[\s,]*$/, '');
    // `[A]` → `[A, B]`; a multi-line list gets the next line in its own style.
    const multiline = /\n/.test(inner);
    const indent = multiline ? (/\n([ \t]*)\S[^\n]*[\s,]*$/.exec(inner)?.[1] ?? '  ') : '';
    const addition = trimmed.trim() === '' ? name : multiline ? `,\n${indent}${name}` : `, ${name}`;
    const at = array.start + 1 + trimmed.length;
    updated = replaceRange(source, at, at, addition);
  } else {
    const at = target.module.options.start + 1;
    updated = replaceRange(source, at, at, ` ${list}: [${name}],`);
  }
  const bound =
    module.imports.some((i) => i.names.some((n) => n.local === name)) || module.defs.some((d) => d.name === name);
  if (!bound && fromFile !== target.file) {
    const exported = (await node.modules()).get(fromFile)?.exports.find((e) => e.local === name);
    if (!exported) return false;
    updated = addJsImport(
      updated,
      module,
      relativeSpecifier(source, module, target.file, fromFile),
      name,
      exported.name === 'default',
    );
  }
  await tree.write(target.file, updated);
  return true;
}
