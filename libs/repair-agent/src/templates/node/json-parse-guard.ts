import { lineText, offsetOf, replaceRange } from '../../node/js-edits.js';
import type { JsCall } from '../../node/js-module.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { culpritModule, enclosingFunctions } from '../../recipes/node/scope.js';
import type { RepairTemplate } from '../template.js';
import { errorBodyKey, handlerStyle, respond } from './error-conventions.js';

const ID = 'node.json-parse-guard';
const MALFORMED = /JSON|Unexpected token|Unexpected end of/;
/**
 * `SyntaxError: Unexpected token … in JSON` from the app's own `JSON.parse` of request data
 * (`req.query.filter`, `req.body.payload`, a header): the request is invalid → the documented
 * 400/422 at the handler (`const f = JSON.parse(…)` becomes a try/catch answering it).
 * Stored data that does not parse gets no candidate, even with a default in the code
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
    const parse = calls.find((c) => c.text === 'JSON.parse' && c.line <= culprit.line && culprit.line <= c.endLine && c.args.length >= 1);
    if (!parse) return;
    const arg = parse.args[0]!.text;
    const fn = chain.at(-1);
    // From the request: the documented refusal, at a `const x = JSON.parse(…)` statement of the handler.
    const status = ['400', '422'].find((s) => operation?.responses.some((r) => r.status === s));
    const handler = fn ? fn.params[0] : undefined;
    if (fn && handler && status && new RegExp(`\\b${handler.replace(/\$/g, '\\$')}\\.(body|query|headers|cookies|params)\\b|\\b${handler.replace(/\$/g, '\\$')}\\.get\\(`).test(arg)) {
      const style = await handlerStyle(node, culprit.file, fn, source.slice(fn.start, fn.end));
      const response = fn.params[1];
      const text = lineText(source, parse.line);
      const declaration = new RegExp(`^(\\s*)(?:const|let)\\s+([A-Za-z_$][\\w$]*)\\s*=\\s*JSON\\.parse\\(`).exec(text);
      if (style.handler && response && declaration && parse.assignedTo === declaration[2] && parse.line === parse.endLine && /^\s*;?\s*$/.test(source.slice(parse.end, offsetOf(source, parse.line) + text.length))) {
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
        yield { key: `${ID}#refuse`, summary: `answer ${status} to malformed JSON in ${arg} (${culprit.file}:${parse.line})`, template: { recipe: `${ID}#refuse` } };
      }
      return;
    }
  },
};
