import { lineText, offsetOf, replaceRange } from '../../node/js-edits.js';
import type { JsCall } from '../../node/js-module.js';
import { findNestRoute, nestHandlerFunction } from '../../node/nest-routes.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { TS_FILE } from '../../node/ts-ast.js';
import type { Recipe } from '../recipe.js';
import { findJsRoute } from './route-match.js';
import { culpritModule, enclosingFunctions } from './scope.js';

const HELPER = 'toJsonSafe';
const HELPER_SOURCE = `
// JSON has no BigInt and no cycles: a BigInt is sent as a number when that is exact (a
// documented integer stays an integer), else as a string; a reference back to an enclosing
// object as "[Circular]" (shared, non-circular references are kept).
function ${HELPER}(value) {
  const ancestors = [];
  return JSON.parse(
    JSON.stringify(value, function (_key, item) {
      if (typeof item === 'bigint') return Number.isSafeInteger(Number(item)) ? Number(item) : item.toString();
      if (typeof item !== 'object' || item === null) return item;
      while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
      if (ancestors.includes(item)) return '[Circular]';
      ancestors.push(item);
      return item;
    }) ?? 'null',
  );
}
`;

// The same, typed for a TypeScript file (compiles under `strict` and an ES2020 lib).
const HELPER_SOURCE_TS = `
// JSON has no BigInt and no cycles: a BigInt is sent as a number when that is exact (a
// documented integer stays an integer), else as a string; a reference back to an enclosing
// object as "[Circular]" (shared, non-circular references are kept).
function ${HELPER}<T>(value: T): T {
  const ancestors: unknown[] = [];
  return JSON.parse(
    JSON.stringify(value, function (this: unknown, _key: string, item: unknown) {
      if (typeof item === 'bigint') return Number.isSafeInteger(Number(item)) ? Number(item) : item.toString();
      if (typeof item !== 'object' || item === null) return item;
      while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
      if (ancestors.includes(item)) return '[Circular]';
      ancestors.push(item);
      return item;
    }) ?? 'null',
  ) as T;
}
`;

/**
 * `TypeError: Do not know how to serialize a BigInt` / `Converting circular structure to JSON`
 * → pass the payload through a JSON-safe conversion: the argument of the failing
 * `res.json(…)` / `reply.send(…)` / `JSON.stringify(…)`, or the handler's returned value when the
 * framework serialises it outside the app's frames (a NestJS handler's return included).
 */
export const nodeJsonSerialize: Recipe = {
  id: 'node.json-serialize',
  language: 'node',
  summary: 'make a response payload JSON-serialisable (BigInt, circular references)',
  async apply({ exception, culprit, cause, tree, node: given }) {
    const node = given ?? nodeProjectFor(tree);
    if (exception?.type !== 'TypeError' || !/serialize a BigInt|circular structure to JSON/.test(exception.message)) return null;
    let file: string | undefined;
    let targets: { start: number; end: number }[] = [];
    if (culprit && (await culpritModule(node, culprit.file))) {
      const module = (await culpritModule(node, culprit.file))!;
      const source = (await tree.read(culprit.file)) ?? '';
      const lineStart = offsetOf(source, culprit.line);
      const lineEnd = lineStart + lineText(source, culprit.line).length;
      const calls = enclosingFunctions(module, culprit.line).flatMap((f) => f.calls).concat(module.topCalls);
      const call = calls.find((c) => isSerialising(c) && c.start < lineEnd && c.end > lineStart && c.args.length > 0);
      if (call) {
        file = culprit.file;
        targets = [call.args[0]!];
      }
    }
    if (!file && cause.endpoints.length > 0) {
      // A NestJS handler's returned value is what Nest serialises.
      const nest = await findNestRoute(node, tree, cause.endpoints[0]!);
      const fn = nest ? await nestHandlerFunction(node, nest) : undefined;
      if (nest && fn && fn.returns.length > 0) {
        file = nest.file;
        targets = fn.returns.map((r) => ({ start: r.argStart, end: r.argEnd }));
      }
    }
    if (!file) {
      const route = cause.endpoints.length > 0 ? await findJsRoute(node, cause.endpoints[0]!) : undefined;
      const handler = route?.handler;
      if (route && handler) {
        file = route.handlerFile ?? route.file;
        const text = (await tree.read(file)) ?? '';
        const source0 = (r: { argStart: number; argEnd: number }) => text.slice(r.argStart, r.argEnd);
        // The framework serialises what the handler returns; explicit sends only when it returns nothing.
        const response = handler.params[1];
        const returned = handler.returns.filter((r) => !response || !source0(r).startsWith(`${response}.`)).map((r) => ({ start: r.argStart, end: r.argEnd }));
        const sends = handler.calls.filter((c) => isSerialising(c) && c.args.length > 0).map((c) => c.args[0]!);
        targets = returned.length > 0 ? returned : sends;
      }
    }
    const source = file ? await tree.read(file) : null;
    if (!file || source === null || targets.length === 0) return null;
    let updated = source;
    for (const t of [...targets].sort((a, b) => b.start - a.start)) {
      if (source.slice(t.start, t.end).startsWith(`${HELPER}(`)) continue;
      updated = replaceRange(updated, t.start, t.end, `${HELPER}(${source.slice(t.start, t.end)})`);
    }
    if (updated === source) return null;
    if (!new RegExp(`function ${HELPER}\\(`).test(updated)) updated = `${updated.replace(/\n*$/, '\n')}${TS_FILE.test(file) ? HELPER_SOURCE_TS : HELPER_SOURCE}`;
    await tree.write(file, updated);
    return { summary: `serialise the payload through ${HELPER} in ${file}`, template: { recipe: 'node.json-serialize', mode: /BigInt/.test(exception.message) ? 'bigint' : 'circular' } };
  },
};

function isSerialising(call: JsCall): boolean {
  return (call.text === 'JSON.stringify') || (['json', 'send', 'jsonp'].includes(call.name) && call.object !== undefined && call.object !== 'JSON');
}
