import { posix } from 'node:path';
import { addJsImport, indentAt, relativeSpecifier, replaceRange } from '../../node/js-edits.js';
import type { JsFunction, JsModule } from '../../node/js-module.js';
import { findApps } from '../../node/js-routes.js';
import { nodeProjectFor, type NodeProject } from '../../node/node-project.js';
import { findJsRoute } from '../../recipes/node/route-match.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { expressMajor } from './express-version.js';

const ID = 'node.async-error-forward';

/**
 * An async Express 4 handler that rejects: Express 4 does not catch the rejection, so Node (≥15)
 * dies of it (a `crash`, or a logged unhandled rejection). Forward the error to the app's error
 * middleware — through the app's own `asyncHandler`-style helper at the route registration when
 * it has one, else with `try { … } catch (err) { next(err); }` around the handler's body. This
 * does not fix the exception: the request then fails as a 5xx with the same trace, and the app
 * lives on. Never on Express 5 (it forwards rejections itself) nor on an already wrapped handler.
 */
export const nodeAsyncErrorForward: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "forward an async Express 4 handler's rejection to the error middleware",
  evidence: { kinds: ['crash', 'runtime_error', 'timeout'] },
  async *candidates(context) {
    const { cause, tree } = context;
    // A crash with its trace; a 500 or a hang only when the log says the rejection went unhandled
    // (an app that logs `unhandledRejection` instead of dying leaves the request hanging).
    const unhandled = cause.violations.some((v) =>
      /unhandled ?(promise )?rejection/i.test(`${v.message}\n${v.responseExcerpt}`),
    );
    if (cause.kind === 'crash' ? !cause.trace : !unhandled) return;
    const node = context.node ?? nodeProjectFor(tree);
    if ((await expressMajor(tree)) === 5 || !(await findApps(node)).some((a) => a.framework === 'express')) return;
    for (const endpoint of cause.endpoints) {
      const route = await findJsRoute(node, endpoint);
      const handler = route?.handler;
      if (!route?.call || !handler || route.owner.kind === 'plugin' || route.call.wrapper) continue;
      const file = route.handlerFile ?? route.file;
      const source = await tree.read(file);
      if (source === null || forwardsItself(source, handler)) continue;
      // `(req, res) => controller.create(req, res)`: a plain arrow handing back an async call's Promise.
      const delegates =
        !handler.async && !handler.returnsPromise ? await delegatedPromise(node, source, handler) : undefined;
      if (!(handler.async || handler.returnsPromise || delegates)) continue;
      const helper = await asyncHelper(node, tree);
      if (helper && (await wrapAtRoute(context, route.file, route.call.handlerArg!, helper))) {
        yield {
          key: `${ID}#wrap`,
          summary: `wrap the handler of ${endpoint} with ${helper.name} (${route.file})`,
          template: { recipe: `${ID}#wrap`, helper: helper.name },
        };
      }
      // The engine rolled the tree back: read the handler's file afresh.
      const fresh = await tree.read(file);
      const updated =
        fresh === null ? null : delegates ? catchNext(fresh, handler, delegates) : tryCatchBody(fresh, handler);
      if (!updated) return;
      await tree.write(file, updated);
      const variant = delegates ? 'catch-next' : 'try-catch';
      yield {
        key: `${ID}#${variant}`,
        summary: `forward the rejection of the handler of ${endpoint} to next(err) in ${file}`,
        template: { recipe: `${ID}#${variant}` },
      };
      return;
    }
  },
};

// The call an expression-bodied, non-async arrow returns, when it is a call of a project async function.
async function delegatedPromise(
  node: NodeProject,
  source: string,
  handler: JsFunction,
): Promise<{ start: number; end: number } | undefined> {
  if (source[handler.bodyStart] === '{') return undefined;
  const call = handler.calls.find((c) => c.start === handler.bodyStart && c.end === handler.end);
  return call && (await node.asyncNames()).has(call.name) ? { start: call.start, end: call.end } : undefined;
}

// `(req, res) => ctrl.create(req, res)` → `(req, res, next) => ctrl.create(req, res).catch(next)`.
function catchNext(source: string, handler: JsFunction, call: { start: number; end: number }): string | null {
  let next = handler.params[2];
  let updated = replaceRange(source, call.end, call.end, `.catch(${next ?? 'next'})`);
  if (!next) {
    if (handler.params.length !== 2 || handler.locals.includes('next')) return null;
    const close = source.slice(handler.start, handler.bodyStart).lastIndexOf(')');
    if (close < 0) return null;
    next = 'next';
    updated = replaceRange(updated, handler.start + close, handler.start + close, ', next');
  }
  return updated;
}

// A handler that already catches and forwards (`catch (e) { next(e) }`, `.catch(next)`).
function forwardsItself(source: string, handler: JsFunction): boolean {
  const next = handler.params[2];
  if (!next) return false;
  const text = source.slice(handler.bodyStart, handler.end);
  const name = next.replace(/\$/g, '\\$');
  return new RegExp(`catch\\s*\\(\\s*[\\w$]+\\s*\\)\\s*\\{[^}]*\\b${name}\\(|\\.catch\\(\\s*${name}\\s*\\)`).test(text);
}

interface Helper {
  /** A project file, or a package (`express-async-handler`) the app already uses. */
  readonly file: string;
  readonly package?: boolean;
  readonly name: string;
  readonly isDefault: boolean;
}

/**
 * The app's own wrapper: a one-parameter function returning `(req, res, next)` that sends a
 * rejection to `next` (`Promise.resolve(fn(req, res, next)).catch(next)`, a try/catch calling
 * next). Found by its shape, whatever its name; it must be exported to be imported.
 */
async function asyncHelper(node: NodeProject, tree: Pick<SourceTree, 'read'>): Promise<Helper | undefined> {
  for (const [file, module] of await node.modules()) {
    const source = await tree.read(file);
    for (const fn of module.functions) {
      if (fn.params.length !== 1) continue;
      const inner = module.functions.find((g) => g.start > fn.start && g.end <= fn.end && g.params.length >= 3);
      const next = inner?.params[2];
      if (!inner || !next || !source) continue;
      const body = source.slice(inner.start, inner.end);
      if (!body.includes(`${fn.params[0]}(`)) continue;
      const n = next.replace(/\$/g, '\\$');
      if (
        !new RegExp(
          `\\.catch\\(\\s*${n}\\s*\\)|catch\\s*\\(\\s*([\\w$]+)\\s*\\)\\s*\\{\\s*(?:return\\s+)?${n}\\(`,
        ).test(body)
      )
        continue;
      const exported = exportOf(module, fn, file);
      if (exported) return exported;
    }
  }
  // The app already uses the express-async-handler package somewhere.
  for (const module of (await node.modules()).values()) {
    const local = module.imports
      .find((i) => i.source === 'express-async-handler')
      ?.names.find((n) => n.imported === 'default' || n.imported === '*')?.local;
    if (local) return { file: 'express-async-handler', package: true, name: local, isDefault: true };
  }
  return undefined;
}

function exportOf(module: JsModule, fn: JsFunction, file: string): Helper | undefined {
  const named = module.exports.find(
    (e) => e.name !== 'default' && (e.local === fn.name || (e.local === null && e.name === fn.name)),
  );
  if (named) return { file, name: named.name, isDefault: false };
  const byDefault = module.exports.find((e) => e.name === 'default');
  if (!byDefault) return undefined;
  if (byDefault.local === fn.name && fn.name) return { file, name: fn.name, isDefault: true };
  // `module.exports = (fn) => …`: named after its file (`async-handler.js` → asyncHandler).
  if (byDefault.local === null && (fn.name === 'exports' || fn.name === 'default' || fn.name === '')) {
    const base = posix
      .basename(file)
      .replace(/\.[cm]?[jt]sx?$/, '')
      .replace(/[-_.](\w)/g, (_, c: string) => c.toUpperCase());
    return /^[A-Za-z_$][\w$]*$/.test(base) && base !== 'index' ? { file, name: base, isDefault: true } : undefined;
  }
  return undefined;
}

// `router.post('/', handler)` → `router.post('/', asyncHandler(handler))`, importing the helper.
async function wrapAtRoute(
  context: TemplateContext,
  file: string,
  arg: { start: number; end: number },
  helper: Helper,
): Promise<boolean> {
  const { tree } = context;
  const node = context.node ?? nodeProjectFor(tree);
  const module = (await node.modules()).get(file);
  const source = await tree.read(file);
  if (!module || source === null) return false;
  let local: string | undefined;
  for (const imp of module.imports) {
    if ((helper.package ? imp.source : await node.resolve(file, imp.source)) !== helper.file) continue;
    local = imp.names.find(
      (n) => n.imported === helper.name || (helper.isDefault && (n.imported === 'default' || n.imported === '*')),
    )?.local;
  }
  if (helper.file === file) local = helper.name;
  const taken =
    !local &&
    (module.defs.some((d) => d.name === helper.name) ||
      module.imports.some((i) => i.names.some((n) => n.local === helper.name)));
  if (taken) return false;
  const name = local ?? helper.name;
  let updated = replaceRange(source, arg.start, arg.end, `${name}(${source.slice(arg.start, arg.end)})`);
  if (!local)
    updated = addJsImport(
      updated,
      module,
      helper.package ? helper.file : relativeSpecifier(source, module, file, helper.file),
      name,
      helper.isDefault,
    );
  await tree.write(file, updated);
  return true;
}

/**
 * The handler's body inside `try { … } catch (err) { next(err); }`, `next` added to its
 * parameters when it has only `(req, res)`. Null when the parameters cannot take it.
 */
function tryCatchBody(source: string, handler: JsFunction): string | null {
  const taken = new Set([...handler.params, ...handler.locals]);
  let next = handler.params[2];
  let params: { at: number; text: string } | null = null;
  if (!next) {
    if (handler.params.length !== 2 || taken.has('next')) return null;
    const header = source.slice(handler.start, handler.bodyStart);
    const close = header.lastIndexOf(')');
    if (close < 0) return null;
    next = 'next';
    params = { at: handler.start + close, text: ', next' };
  }
  const error = taken.has('err') ? 'error' : 'err';
  if (taken.has(error)) return null;
  const base = indentAt(source, handler.start);
  const block = source[handler.bodyStart] === '{';
  const bodyEnd = block ? handler.end - 1 : handler.end;
  const inner = source.slice(block ? handler.bodyStart + 1 : handler.bodyStart, bodyEnd);
  const lines = (block ? inner.replace(/^[ \t]*\n/, '').replace(/\s+$/, '') : `${inner.trim()};`).split('\n');
  const unit = block ? /^[ \t]*/.exec(lines.find((l) => l.trim()) ?? '')![0].slice(base.length) || '  ' : '  ';
  const bodyIndent = base + unit;
  const shifted = lines
    .map((l) => (l.trim() ? `${block ? unit : bodyIndent + unit}${block ? l : l.trimStart()}` : l))
    .join('\n');
  const wrapped =
    `{\n${bodyIndent}try {\n${shifted}\n${bodyIndent}} catch (${error}) ` +
    `{\n${bodyIndent}${unit}${next}(${error});\n${bodyIndent}}\n${base}}`;
  let updated = replaceRange(source, handler.bodyStart, handler.end, wrapped);
  if (params) updated = replaceRange(updated, params.at, params.at, params.text);
  return updated;
}
