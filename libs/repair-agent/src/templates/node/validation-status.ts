import { addJsImport, indentAt, lineText, offsetOf, relativeSpecifier, replaceRange } from '../../node/js-edits.js';
import { matchingParen } from '../matching-paren.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { culpritModule, enclosingFunctions } from '../../recipes/node/scope.js';
import { findJsRoute } from '../../recipes/node/route-match.js';
import type { RepairTemplate } from '../template.js';
import { errorBodyKey, errorConventions, handlerStyle, respond } from './error-conventions.js';
import { throwGuardedByRequest } from './request-guard.js';

const ID = 'node.validation-status';
const PLAIN_THROW = /\bthrow\s+new\s+Error\s*\(/;

/**
 * A validation rule throws a plain `Error` (`throw new Error('title is required')`), so a request
 * the contract refuses with 400/422 gets a 500 → refuse it with the documented status: the app's
 * own validation error class (or its `HttpError(status, message)`) at the throw; else, at the
 * handler, `res.status(400).json({ <its error key>: err.message })` when the validator throws, a
 * `return res.status(400)…` in place of a throw written in the handler itself. A handler that
 * also throws other errors (its app's 404s) qualifies when the plain throw's `if` reads the request.
 */
export const nodeValidationStatus: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'refuse an invalid request with the documented 400/422 instead of a plain Error',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['Error'], culprit: true, contract: true },
  async *candidates({ cause, culprit, tree, node: given, operation, contract }) {
    const node = given ?? nodeProjectFor(tree);
    const status = ['400', '422'].find((s) => operation?.responses.some((r) => r.status === s));
    if (!culprit || !operation || !status) return;
    const module = await culpritModule(node, culprit.file);
    const source = await tree.read(culprit.file);
    if (!module || source === null || !PLAIN_THROW.test(lineText(source, culprit.line))) return;
    const validator = enclosingFunctions(module, culprit.line).at(-1);
    const route = (await Promise.all(cause.endpoints.map((e) => findJsRoute(node, e)))).find((r) => r?.handler);
    if (!validator || !route?.handler) return;
    const handlerFile = route.handlerFile ?? route.file;
    const inHandler = handlerFile === culprit.file && route.handler.start === validator.start;
    // Every throw of the validator is a plain Error about the input (nothing else is turned into
    // a 4xx); in a handler that throws other errors too, this one must be guarded by a test on
    // the request (`if (data.players > room.maxPlayers) throw new Error(…)`).
    const validatorText = source.slice(validator.start, validator.end);
    const allPlain =
      (validatorText.match(/\bthrow\b/g) ?? []).length ===
      (validatorText.match(new RegExp(PLAIN_THROW.source, 'g')) ?? []).length;
    const request = route.handler.params[0];
    if (!allPlain && !(inHandler && request && throwGuardedByRequest(culprit.file, source, culprit.line, request)))
      return;
    const conventions = await errorConventions(node, tree);
    const cls = conventions.validation;
    const lineStart = offsetOf(source, culprit.line);
    const match = PLAIN_THROW.exec(lineText(source, culprit.line))!;
    const ctorStart = lineStart + match.index + match[0].indexOf('Error');
    if (cls) {
      // `new Error(msg)` → `new ValidationError(msg)` (or `new HttpError(400, msg)`).
      let updated = replaceRange(
        source,
        ctorStart,
        ctorStart + 'Error('.length,
        `${cls.name}(${cls.statusFirst ? `${status}, ` : ''}`,
      );
      const bound =
        module.defs.some((d) => d.name === cls.name) ||
        module.imports.some((i) => i.names.some((n) => n.local === cls.name));
      if (!bound)
        updated = addJsImport(
          updated,
          module,
          relativeSpecifier(source, module, culprit.file, cls.file),
          cls.name,
          cls.isDefault,
        );
      await tree.write(culprit.file, updated);
      yield {
        key: `${ID}#class`,
        summary: `throw ${cls.name} for a rule the request breaks (${culprit.file}:${culprit.line})`,
        template: { recipe: `${ID}#class` },
      };
    }
    const response = route.handler.params[1];
    if (!response) return;
    const key = await errorBodyKey(node, tree, contract, operation, status);
    const style = await handlerStyle(
      node,
      handlerFile,
      route.handler,
      ((await tree.read(handlerFile)) ?? '').slice(route.handler.start, route.handler.end),
    );
    if (inHandler) {
      // The rule is in the handler: answer instead of throwing.
      const fresh = (await tree.read(culprit.file))!;
      const argStart = lineStart + match.index + match[0].length;
      const close = matchingParen(fresh, argStart - 1);
      if (close < 0) return;
      const message = fresh.slice(argStart, close);
      const updated = replaceRange(
        fresh,
        lineStart + match.index,
        close + 1,
        `return ${respond(style, response, status, `{ ${key}: ${message} }`)}`,
      );
      await tree.write(culprit.file, updated);
      yield {
        key: `${ID}#respond`,
        summary: `answer ${status} for a rule the request breaks (${culprit.file}:${culprit.line})`,
        template: { recipe: `${ID}#respond` },
      };
      return;
    }
    // The validator is called from the handler as a statement of its own: refuse there.
    const call = route.handler.calls.find((c) => c.name === validator.name && validator.name !== '' && !c.awaited);
    const handlerSource = await tree.read(handlerFile);
    if (!call || handlerSource === null) return;
    const statementLine = lineText(handlerSource, call.line).trim();
    if (
      statementLine !== `${handlerSource.slice(call.start, call.end)};` &&
      statementLine !== handlerSource.slice(call.start, call.end)
    )
      return;
    const indent = indentAt(handlerSource, call.start);
    const unit = indent.length >= 2 && indent.startsWith('\t') ? '\t' : '  ';
    const start = offsetOf(handlerSource, call.line);
    const end = start + lineText(handlerSource, call.line).length;
    const error = route.handler.locals.includes('err') || route.handler.params.includes('err') ? 'error' : 'err';
    const block =
      `${indent}try {\n${indent}${unit}${statementLine}\n${indent}} catch (${error}) ` +
      `{\n${indent}${unit}return ${respond(style, response, status, `{ ${key}: ${error}.message }`)};\n${indent}}`;
    await tree.write(handlerFile, replaceRange(handlerSource, start, end, block));
    yield {
      key: `${ID}#handler`,
      summary: `answer ${status} when ${validator.name} refuses the request (${handlerFile}:${call.line})`,
      template: { recipe: `${ID}#handler` },
    };
  },
};
