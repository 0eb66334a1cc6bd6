import { lineText, offsetOf, replaceRange } from '../../node/js-edits.js';
import type { JsCall } from '../../node/js-module.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { culpritModule, enclosingFunctions } from '../../recipes/node/scope.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { objectShape, successSchema, typesOf } from '../python/contract-schema.js';
import { errorBodyKey, handlerStyle, respond } from './error-conventions.js';
import { insertOmitting } from './stored-json-insert.js';

const ID = 'node.json-parse-guard';
const MALFORMED = /JSON|Unexpected token|Unexpected end of/;
/**
 * `SyntaxError: Unexpected token … in JSON` from the app's own `JSON.parse` of request data
 * (`req.query.filter`, `req.body.payload`, a header): the request is invalid → the documented
 * 400/422 at the handler (`const f = JSON.parse(…)` becomes a try/catch answering it).
 * Stored data that is empty (`''`, "Unexpected end of JSON input") is a missing value: read as the
 * documented empty value (`#empty`: `JSON.parse(row.prefs || '{}')` for an object field).
 * Stored data that does not parse otherwise gets no candidate, even with a default in the code
 * (`JSON.parse(row.tags || '[]')`): the request is valid, so a 4xx would blame it, and reading a
 * corrupt value as the default answers 200 with data lost — the default is for a missing value.
 */
export const nodeJsonParseGuard: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'refuse malformed JSON from the request with the documented 400/422',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['SyntaxError'], culprit: true },
  async *candidates({ exception, culprit, tree, node: given, operation, contract }) {
    const node = given ?? nodeProjectFor(tree);
    if (!culprit || !exception || !MALFORMED.test(exception.message)) return;
    const module = await culpritModule(node, culprit.file);
    const source = await tree.read(culprit.file);
    if (!module || source === null) return;
    const chain = enclosingFunctions(module, culprit.line);
    const calls: JsCall[] = [...chain.flatMap((f) => f.calls), ...module.topCalls];
    const parse = calls.find(
      (c) => c.text === 'JSON.parse' && c.line <= culprit.line && culprit.line <= c.endLine && c.args.length >= 1,
    );
    if (!parse) return;
    const arg = parse.args[0]!.text;
    const fn = chain.at(-1);
    // From the request: the documented refusal, at a `const x = JSON.parse(…)` statement of the handler.
    const status = ['400', '422'].find((s) => operation?.responses.some((r) => r.status === s));
    const handler = fn ? fn.params[0] : undefined;
    if (
      fn &&
      handler &&
      status &&
      new RegExp(
        `\\b${handler.replace(/\$/g, '\\$')}\\.(body|query|headers|cookies|params)` +
          `\\b|\\b${handler.replace(/\$/g, '\\$')}\\.get\\(`,
      ).test(arg)
    ) {
      const style = await handlerStyle(node, culprit.file, fn, source.slice(fn.start, fn.end));
      const response = fn.params[1];
      const text = lineText(source, parse.line);
      const declaration = new RegExp(`^(\\s*)(?:const|let)\\s+([A-Za-z_$][\\w$]*)\\s*=\\s*JSON\\.parse\\(`).exec(text);
      if (
        style.handler &&
        response &&
        declaration &&
        parse.assignedTo === declaration[2] &&
        parse.line === parse.endLine &&
        /^\s*;?\s*$/.test(source.slice(parse.end, offsetOf(source, parse.line) + text.length))
      ) {
        const indent = declaration[1]!;
        const unit = '  ';
        const key = await errorBodyKey(node, tree, contract, operation, status);
        const name = declaration[2]!;
        const error = fn.locals.includes('err') ? 'error' : 'err';
        const block = [
          `${indent}let ${name};`,
          `${indent}try {`,
          `${indent}${unit}${name} = ${source.slice(parse.start, parse.end)};`,
          `${indent}} catch (${error}) {`,
          `${indent}${unit}return ${respond(style, response, status, `{ ${key}: ${error}.message }`)};`,
          `${indent}}`,
        ].join('\n');
        const start = offsetOf(source, parse.line);
        await tree.write(culprit.file, replaceRange(source, start, start + text.length, block));
        yield {
          key: `${ID}#refuse`,
          summary: `answer ${status} to malformed JSON in ${arg} (${culprit.file}:${parse.line})`,
          template: { recipe: `${ID}#refuse` },
        };
      }
      return;
    }
    // Stored data that is EMPTY (`''` where no value was given): a missing value, for which the
    // documented type's empty value is right (`JSON.parse(row.prefs || '{}')`). Malformed data
    // (any other message) stays without a candidate (see above).
    if (!/Unexpected end of JSON input/.test(exception.message)) return;
    // Empty because an INSERT leaves out a column the request documents: storing it is the fix
    // (node.stored-json-insert); a default here would answer 2xx with the request's value dropped.
    const column = /\.([A-Za-z_$][\w$]*)$/.exec(arg)?.[1];
    if (column && (await insertOmitting(tree, column, operation))) return;
    const empty = emptyValueFor(parsedInto(source, parse), operation);
    if (!empty) return;
    const simple = /^[\w$.]+$/.test(arg);
    const { start, end } = parse.args[0]!;
    await tree.write(culprit.file, replaceRange(source, start, end, `${simple ? arg : `(${arg})`} || '${empty}'`));
    yield {
      key: `${ID}#empty`,
      summary: `read an empty stored ${arg} as ${empty}, the documented empty value (${culprit.file}:${parse.line})`,
      template: { recipe: `${ID}#empty` },
    };
  },
};

// The name the parsed value is given: `key: JSON.parse(…)` in an object literal, or `const key = JSON.parse(…)`.
function parsedInto(source: string, parse: JsCall): string | null {
  const before = source.slice(Math.max(0, parse.start - 200), parse.start);
  return (
    /(?:^|[{,\s])([A-Za-z_$][\w$]*)\s*:\s*$/.exec(before)?.[1] ??
    /(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*$/.exec(before)?.[1] ??
    null
  );
}

// `{}` or `[]` when the success response documents `key` as an object or an array.
function emptyValueFor(key: string | null, operation: TemplateContext['operation']): string | null {
  if (!key) return null;
  const body = successSchema(operation);
  const item =
    body && body['type'] === 'array' ? ((body['items'] as Record<string, unknown> | undefined) ?? null) : body;
  const property = objectShape(item)?.properties[key];
  if (!property) return null;
  const types = typesOf(property);
  if (types.includes('array')) return '[]';
  if (
    types.includes('object') ||
    property['properties'] !== undefined ||
    property['additionalProperties'] !== undefined
  )
    return '{}';
  return null;
}
