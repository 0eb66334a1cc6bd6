import type { JsImport, JsImportName, JsModule } from '../../node/js-module.js';
import type { NodeProject } from '../../node/node-project.js';
import type { CulpritLocation } from '../../recipes/recipe.js';
import { culpritModule } from '../../recipes/node/scope.js';
import type { SourceTree } from '../../source/source-tree.js';

/** A name called on the failing line that a top-level `require` of a project module binds. */
export interface CalledRequire {
  readonly name: string;
  /** The culprit file's module and source. */
  readonly module: JsModule;
  readonly source: string;
  /** The `require` binding the name, and the name's entry in it. */
  readonly imp: JsImport;
  readonly binding: JsImportName;
  /** The required module's path and module. */
  readonly target: string;
  readonly targetModule: JsModule;
}

/**
 * For `TypeError: x is not a function` (or `is not a constructor`): the `require` that binds `x`
 * in the culprit's file, when the failing line calls `x` itself (not a member of something else
 * of that name) and the required module is the project's; else null. What import-shape and
 * import-name start from.
 */
export async function calledRequire(
  message: string | undefined,
  culprit: CulpritLocation | null,
  tree: Pick<SourceTree, 'read'>,
  project: NodeProject,
): Promise<CalledRequire | null> {
  const name = /^([A-Za-z_$][\w$]*) is not a (?:function|constructor)/.exec(message ?? '')?.[1];
  const module = culprit ? await culpritModule(project, culprit.file) : undefined;
  const source = culprit ? await tree.read(culprit.file) : null;
  if (!culprit || !name || !module || source === null) return null;
  const line = source.split('\n')[culprit.line - 1] ?? '';
  if (!new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}\\s*\\(`).test(line)) return null;
  const imp = module.imports.find((i) => i.kind === 'require' && i.names.some((n) => n.local === name));
  const binding = imp?.names.find((n) => n.local === name);
  const target = imp ? await project.resolve(culprit.file, imp.source) : undefined;
  const targetModule = target ? (await project.modules()).get(target) : undefined;
  if (!imp || !binding || !target || !targetModule) return null;
  return { name, module, source, imp, binding, target, targetModule };
}
