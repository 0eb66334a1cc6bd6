import { lineText, offsetOf, replaceRange } from '../../node/js-edits.js';
import type { JsCall } from '../../node/js-module.js';
import { findNestRoute, nestHandlerFunction } from '../../node/nest-routes.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { TS_FILE } from '../../node/ts-ast.js';
import { successSchema } from '../../templates/python/contract-schema.js';
import type { Recipe } from '../recipe.js';
import { convertBigIntsAtSource, convertedThisRound } from './bigint-source.js';
import { stopSafeIntegers } from './bigint-sqlite.js';
import { asyncInsertion } from './nest-async-handler.js';
import { findJsRoute } from './route-match.js';
import { documentedKeys, stringKeys } from './schema-keys.js';
import { culpritModule, enclosingFunctions } from './scope.js';

const HELPER = 'toJsonSafe';
const HELPER_SOURCE = `
// JSON has no BigInt: a BigInt is sent as a string under a key the API documents as a string
// (\`textKeys\`), else as a number when that is exact (a documented integer stays an integer),
// else as a string.
function ${HELPER}(value, textKeys = []) {
  return JSON.parse(
    JSON.stringify(value, (key, item) =>
      typeof item !== 'bigint' ? item : !textKeys.includes(key) && Number.isSafeInteger(Number(item)) ? \
Number(item) : item.toString(),
    ) ?? 'null',
  );
}
`;

// The same, typed for a TypeScript file (compiles under `strict` and an ES2020 lib).
const HELPER_SOURCE_TS = `
// JSON has no BigInt: a BigInt is sent as a string under a key the API documents as a string
// (\`textKeys\`), else as a number when that is exact (a documented integer stays an integer),
// else as a string.
function ${HELPER}<T>(value: T, textKeys: readonly string[] = []): T {
  return JSON.parse(
    JSON.stringify(value, (key: string, item: unknown) =>
      typeof item !== 'bigint' ? item : !textKeys.includes(key) && Number.isSafeInteger(Number(item)) ? \
Number(item) : item.toString(),
    ) ?? 'null',
  ) as T;
}
`;

/**
 * `TypeError: Do not know how to serialize a BigInt` → pass the payload through a JSON-safe
 * conversion: the argument of the failing `res.json(…)` / `reply.send(…)` / `JSON.stringify(…)`,
 * or the handler's returned value when the framework serialises it outside the app's frames (a
 * NestJS handler's return included). A Nest
 * handler returning a call of one of the project's async functions unawaited (a Promise:
 * converted, it would be `{}`) awaits it inside the conversion, made `async` when it was not; a
 * call of a plain method is converted as it is. Never a circular structure: cutting a cycle
 * answers 200 with data cut at an arbitrary point, and the code that closed it stays wrong (the
 * cycle templates fix where it is made).
 */
export const nodeJsonSerialize: Recipe = {
  id: 'node.json-serialize',
  language: 'node',
  summary: 'make a response payload JSON-serialisable (BigInt)',
  async apply({ exception, culprit, cause, tree, node: given, operation }) {
    const node = given ?? nodeProjectFor(tree);
    if (exception?.type !== 'TypeError' || !/serialize a BigInt/.test(exception.message)) return null;
    let file: string | undefined;
    let targets: { start: number; end: number }[] = [];
    // A Nest handler's returned calls, awaited inside the conversion; where `async ` goes, when it must.
    let awaited: { asyncAt: number | null } | null = null;
    if (culprit && (await culpritModule(node, culprit.file))) {
      const module = (await culpritModule(node, culprit.file))!;
      const source = (await tree.read(culprit.file)) ?? '';
      const lineStart = offsetOf(source, culprit.line);
      const lineEnd = lineStart + lineText(source, culprit.line).length;
      const calls = enclosingFunctions(module, culprit.line)
        .flatMap((f) => f.calls)
        .concat(module.topCalls);
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
        file = nest.handlerFile;
        targets = fn.returns.map((r) => ({ start: r.argStart, end: r.argEnd }));
        const text = (await tree.read(file)) ?? '';
        const asyncAt = fn.async ? null : asyncInsertion(file, text, nest.handler);
        if (fn.async || asyncAt !== null) awaited = { asyncAt };
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
        const returned = handler.returns
          .filter((r) => !response || !source0(r).startsWith(`${response}.`))
          .map((r) => ({ start: r.argStart, end: r.argEnd }));
        const sends = handler.calls.filter((c) => isSerialising(c) && c.args.length > 0).map((c) => c.args[0]!);
        targets = returned.length > 0 ? returned : sends;
      }
    }
    // Keys the contract documents as strings or numbers: a BigInt under one of them is converted
    // where it is made, else sent by the helper (as text under a string key).
    const schema = successSchema(operation ?? null);
    const textKeys = stringKeys(schema);
    if (/BigInt/.test(exception.message)) {
      const keys = { string: textKeys, number: documentedKeys(schema, 'number') };
      const converted = await convertBigIntsAtSource(tree, keys);
      // …or read as BigInts by a database statement told to (`.safeIntegers(true)`).
      if (converted.length === 0) converted.push(...(await stopSafeIntegers(tree, keys)));
      if (converted.length > 0)
        return {
          summary: `convert the BigInt where it is made (${converted.join(', ')})`,
          template: { recipe: 'node.json-serialize', mode: 'bigint-source' },
        };
      if (await convertedThisRound(tree, keys))
        return {
          summary: 'a patch of this round converts the BigInt where it is made, which this response sends too',
          template: {},
          alreadyFixed: true,
        };
    }
    const source = file ? await tree.read(file) : null;
    if (!file || source === null || targets.length === 0) return null;
    const keysArg = textKeys.length > 0 ? `, ${JSON.stringify(textKeys).replace(/"/g, "'").replace(/,/g, ', ')}` : '';
    let updated = source;
    // Only a call of one of the project's async functions or methods returns a Promise to await.
    const asyncNames = awaited ? await node.asyncNames() : new Set<string>();
    for (const t of [...targets].sort((a, b) => b.start - a.start)) {
      if (source.slice(t.start, t.end).startsWith(`${HELPER}(`)) continue;
      const text = source.slice(t.start, t.end);
      const value =
        awaited && !/^await\b/.test(text) && asyncNames.has(calledName(text) ?? '') ? `await ${text}` : text;
      updated = replaceRange(updated, t.start, t.end, `${HELPER}(${value}${keysArg})`);
    }
    if (awaited?.asyncAt != null && updated.includes(`${HELPER}(await `))
      updated = replaceRange(updated, awaited.asyncAt, awaited.asyncAt, 'async ');
    if (updated === source) return null;
    // Declared once per file, typed or not (`function toJsonSafe<T>(` in TypeScript).
    if (!new RegExp(`function ${HELPER}\\s*[<(]`).test(updated))
      updated = `${updated.replace(/\n*$/, '\n')}${TS_FILE.test(file) ? HELPER_SOURCE_TS : HELPER_SOURCE}`;
    await tree.write(file, updated);
    return {
      summary: `serialise the payload through ${HELPER} in ${file}`,
      template: { recipe: 'node.json-serialize', mode: 'bigint' },
    };
  },
};

function isSerialising(call: JsCall): boolean {
  return (
    call.text === 'JSON.stringify' ||
    (['json', 'send', 'jsonp'].includes(call.name) && call.object !== undefined && call.object !== 'JSON')
  );
}

/** The name a returned expression ends by calling (`this.stats.totals()` → `totals`), or null. */
function calledName(text: string): string | null {
  return /([A-Za-z_$][\w$]*)\s*\((?:[^()]|\([^()]*\))*\)$/.exec(text)?.[1] ?? null;
}
