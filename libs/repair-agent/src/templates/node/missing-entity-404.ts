import { addJsImport, indentAt, lineText, relativeSpecifier, replaceRange } from '../../node/js-edits.js';
import type { JsCall, JsFunction } from '../../node/js-module.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { culpritModule, enclosingFunctions } from '../../recipes/node/scope.js';
import type { RepairTemplate } from '../template.js';
import { errorArguments } from './error-construction.js';
import {
  entityName,
  errorConventions,
  errorBodyKey,
  handlerStyle,
  respond,
  statementEnd,
} from './error-conventions.js';

const ID = 'node.missing-entity-404';

/**
 * A lookup by an id from the request path found nothing and the code read a property of the
 * result (`TypeError: Cannot read properties of undefined (reading 'name')` after
 * `items.find(i => i.id === req.params.id)` or `await repo.findById(id)`; or set one: `Cannot set
 * properties of undefined (setting 'count')`) → answer the 404 the
 * operation documents right after the lookup: the app's own NotFoundError / `createError(404)`
 * through `next` when it has one, else `res.status(404).json({ <its error key>: '<Entity> not found' })`;
 * in a service (no response object) only by throwing the app's own 404 error.
 */
export const nodeMissingEntity404: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'answer the documented 404 when a lookup by a path id finds nothing',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true, contract: true },
  async *candidates({ exception, culprit, tree, node: given, operation, contract }) {
    const node = given ?? nodeProjectFor(tree);
    if (!culprit || !exception || !operation?.responses.some((r) => r.status === '404')) return;
    const module = await culpritModule(node, culprit.file);
    const source = await tree.read(culprit.file);
    if (!module || source === null) return;
    const line = lineText(source, culprit.line);
    const chain = enclosingFunctions(module, culprit.line);
    const variables = dereferenced(exception.message, line);
    for (const variable of variables) {
      const found = lookupOf(chain, variable, culprit.line);
      if (!found) continue;
      const { fn, call } = found;
      const fnText = source.slice(fn.start, fn.end);
      const request = fn.params[0];
      const style = await handlerStyle(node, culprit.file, fn, fnText);
      // A Fastify handler written `async (request) => …` answers through a `reply` it is given.
      const addReply =
        !style.handler && style.route && style.fastify && fn.params.length === 1 && !fn.locals.includes('reply');
      const response = addReply ? 'reply' : fn.params[1];
      const handler = style.handler || addReply;
      // The lookup argument must come from the request path (the handler's `req.params`), or be
      // a parameter of the service function the handler passed it to.
      const fromPath = handler && request ? pathValues(fnText, request) : new Set(fn.params);
      const argText = call.args.map((a) => a.text).join(' ');
      if (
        ![...fromPath].some((v) =>
          new RegExp(`(?<![\\w$])${v.replace(/[.$]/g, (c) => `\\${c}`)}(?![\\w$])`).test(argText),
        )
      )
        continue;
      const entity = entityName(variable, operation.path);
      const message = `'${entity} not found'`;
      const conventions = await errorConventions(node, tree);
      const at = statementEnd(source, call.end);
      const indent = indentAt(source, call.start);
      const guards: {
        key: string;
        text: string;
        importFrom?: { file: string; name: string; isDefault: boolean } | { package: string; name: string };
      }[] = [];
      const next = handler ? fn.params[2] : undefined;
      const idArg = call.args.find((a) =>
        [...fromPath].some((v) =>
          new RegExp(`(?<![\\w$])${v.replace(/[.$]/g, (c) => `\\${c}`)}(?![\\w$])`).test(a.text),
        ),
      );
      const ctorArgs =
        conventions.notFound && idArg
          ? await errorArguments(conventions.notFound, { status: 404, message, entity, id: idArg.text }, node, tree)
          : null;
      if (conventions.notFound && ctorArgs !== null) {
        const ctor = `new ${conventions.notFound.name}(${ctorArgs})`;
        if (!handler)
          guards.push({ key: 'throw', text: `if (!${variable}) throw ${ctor};`, importFrom: conventions.notFound });
        else if (next)
          guards.push({
            key: 'next',
            text: `if (!${variable}) return ${next}(${ctor});`,
            importFrom: conventions.notFound,
          });
      } else if (conventions.createError) {
        if (!handler)
          guards.push({
            key: 'throw',
            text: `if (!${variable}) throw ${conventions.createError}(404, ${message});`,
            importFrom: { package: 'http-errors', name: conventions.createError },
          });
        else if (next)
          guards.push({
            key: 'next',
            text: `if (!${variable}) return ${next}(${conventions.createError}(404, ${message}));`,
            importFrom: { package: 'http-errors', name: conventions.createError },
          });
      }
      if (handler) {
        const key = await errorBodyKey(node, tree, contract, operation, '404');
        guards.push({
          key: 'respond',
          text: `if (!${variable}) return ${respond(style, response!, 404, `{ ${key}: ${message} }`)};`,
        });
      }
      for (const guard of guards) {
        const fresh = (await tree.read(culprit.file))!;
        let updated = replaceRange(fresh, at, at, `\n${indent}${guard.text}`);
        if (addReply && guard.key === 'respond') {
          const close = fresh.slice(fn.start, fn.bodyStart).lastIndexOf(')');
          if (close < 0) continue;
          updated = replaceRange(updated, fn.start + close, fn.start + close, ', reply');
        }
        if (guard.importFrom && !bound(module, guard.importFrom.name)) {
          const from =
            'package' in guard.importFrom
              ? guard.importFrom.package
              : relativeSpecifier(fresh, module, culprit.file, guard.importFrom.file);
          updated = addJsImport(
            updated,
            module,
            from,
            guard.importFrom.name,
            'package' in guard.importFrom ? true : guard.importFrom.isDefault,
          );
        }
        await tree.write(culprit.file, updated);
        yield {
          key: `${ID}#${guard.key}`,
          summary: `answer 404 when ${variable} is not found (${culprit.file}:${call.line})`,
          template: { recipe: `${ID}#${guard.key}` },
        };
      }
      return;
    }
  },
};

/**
 * The variables whose property the failing line reads or sets (`item` of `item.name`, of `{ name } = item`, of
 * `item.count = 1`).
 */
export function dereferenced(message: string, line: string): string[] {
  const destructure = /^Cannot destructure property '[^']+' of '([\w$]+)' as it is (?:undefined|null)/.exec(message);
  if (destructure) return [destructure[1]!];
  // A write to the missing entity (`bed.count = n`) fails as surely as a read.
  const reading = /^Cannot (?:read|set) properties of (?:undefined|null) \((?:reading|setting) '([^']+)'\)/.exec(
    message,
  );
  if (!reading) return [];
  const prop = reading[1]!.replace(/[.$]/g, (c) => `\\${c}`);
  const out: string[] = [];
  for (const m of line.matchAll(
    new RegExp(`(?<![\\w$.])([A-Za-z_$][\\w$]*)\\s*(?:\\.\\s*${prop}(?![\\w$])|\\[\\s*['"]${prop}['"]\\s*\\])`, 'g'),
  )) {
    if (!out.includes(m[1]!) && m[1] !== 'this') out.push(m[1]!);
  }
  return out;
}

/**
 * The call whose result was assigned to `variable` before the failing line, in the innermost enclosing function that
 * has one.
 */
export function lookupOf(
  chain: readonly JsFunction[],
  variable: string,
  line: number,
): { fn: JsFunction; call: JsCall } | undefined {
  for (const fn of [...chain].reverse()) {
    const call = fn.calls.filter((c) => c.assignedTo === variable && c.line <= line).at(-1);
    if (call) return { fn, call };
  }
  return undefined;
}

// `req.params` and the names bound from it (`const { id } = req.params`, `const id = Number(req.params.id)`).
function pathValues(fnText: string, request: string): Set<string> {
  const params = `${request}.params`;
  const out = new Set([params]);
  const r = request.replace(/\$/g, '\\$');
  for (const m of fnText.matchAll(
    new RegExp(`(?:const|let|var)\\s+(\\{[^}]*\\}|[\\w$]+)\\s*=\\s*[^;\\n]*\\b${r}\\.params\\b`, 'g'),
  )) {
    const names = m[1]!.startsWith('{')
      ? m[1]!
          .slice(1, -1)
          .split(',')
          .map((p) => p.split(':').at(-1)!.split('=')[0]!.trim())
      : [m[1]!];
    for (const n of names) if (n) out.add(n);
  }
  return out;
}

function bound(
  module: { imports: readonly { names: readonly { local: string }[] }[]; defs: readonly { name: string }[] },
  name: string,
): boolean {
  return module.defs.some((d) => d.name === name) || module.imports.some((i) => i.names.some((n) => n.local === name));
}
