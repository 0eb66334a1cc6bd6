import { indentAt, replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import type { Recipe } from '../recipe.js';
import { findApps } from '../../node/js-routes.js';
import { findJsRoute } from './route-match.js';
import { namedStatusSwap } from './status-constant.js';
import { statusFactorySwap } from './status-factory.js';
import { statusHelperSwap } from './status-helper.js';

/**
 * A documented success status is not the one sent (201 documented, 200 sent) → send it:
 * Express `res.json(x)` → `res.status(201).json(x)` (or the number in an existing
 * `res.status(200)`, or the sibling of a member naming it, `res.status(HttpStatus.OK)` →
 * `HttpStatus.CREATED`, or the sent status a helper is handed with the response, `send(res, 200, …)`,
 * or a helper named for its status, `this.ok(res, x)` → its sibling `this.created(res, x)`;
 * a status set after sending, `res.json(x).status(201)`, is moved before it; a send at the end of
 * a chain without a status, `res.location(url).json(x)` → `res.status(201).location(url).json(x)`; a producer a status
 * factory wraps, `reply.ok((req) => …)` → `reply.created(…)`, status-factory.ts),
 * Fastify `reply.send(x)` → `reply.code(201).send(x)`, and for a Fastify
 * handler that returns its payload, `reply.code(201)` before the return.
 */
export const nodeStatusCode: Recipe = {
  id: 'node.status-code',
  language: 'node',
  summary: 'send the documented status code',
  async apply({ cause, tree, node: given }) {
    const node = given ?? nodeProjectFor(tree);
    if (cause.kind !== 'status_mismatch') return null;
    const violation = cause.violations[0];
    const expected = violation?.expectedStatus;
    const actual = violation?.actualStatus;
    if (!violation || !expected || !actual || expected >= 300 || actual >= 300) return null;
    const route = await findJsRoute(node, violation.endpoint);
    const handler = route?.handler;
    // The handler may live in a controller module (`router.post('/', asyncHandler(ctrl.create))`).
    const file = route ? (route.handlerFile ?? route.file) : null;
    const source = file ? await tree.read(file) : null;
    if (!route || !file || !handler || source === null) return null;
    const response = handler.params[1];
    if (!response) {
      // A producer handed to a status factory (`reply.ok((req) => …)`): the factory's sibling.
      const swap = await statusFactorySwap(node, tree, file, handler, { actual, expected });
      if (!swap) return null;
      await tree.write(file, replaceRange(source, swap.start, swap.end, swap.name));
      return {
        summary: `send ${expected} from ${violation.endpoint}: ${swap.name} in ${file}, the factory's sibling`,
        template: { recipe: 'node.status-code', expected },
      };
    }
    // Edits from the end of the handler backwards, so earlier offsets stay valid.
    const edits: { start: number; end: number; text: string }[] = [];
    for (const call of handler.calls) {
      if (
        (call.name === 'status' || call.name === 'code') &&
        call.object === response &&
        call.args.length === 1 &&
        /^\d{3}$/.test(call.args[0]!.text)
      ) {
        if (Number(call.args[0]!.text) === actual)
          edits.push({ start: call.args[0]!.start, end: call.args[0]!.end, text: String(expected) });
      } else if (
        (call.name === 'status' || call.name === 'code') &&
        call.object === response &&
        call.args.length === 1
      ) {
        // A status the project names (`res.status(HttpStatus.OK)`): its sibling member.
        const named = await namedStatusSwap(tree, call.args[0]!.text, { actual, expected });
        if (named) edits.push({ start: call.args[0]!.start, end: call.args[0]!.end, text: named });
      } else if (['json', 'send', 'jsonp'].includes(call.name) && sendsFrom(call.object, response)) {
        const method = route.owner.kind === 'plugin' || /reply/i.test(response) ? 'code' : 'status';
        const at = call.start + response.length;
        // 204 has no body (Express drops it): the send becomes `.end()`, so the code says what is sent.
        const noContent = expected === 204 && method === 'status' && call.object === response;
        if (noContent) edits.push({ start: at, end: call.end, text: `.status(204).end()` });
        else edits.push({ start: at, end: at, text: `.${method}(${expected})` });
        // A status set after sending (`res.json(x).status(201)`) never reaches the client: it goes.
        const late = /^\s*\.(?:status|code)\(\s*\d{3}\s*\)/.exec(source.slice(call.end));
        if (late) edits.push({ start: call.end, end: call.end + late[0].length, text: '' });
      } else if (expected === 204 && ['json', 'send'].includes(call.name) && endsStatusChain(call, response)) {
        const send = source.indexOf(`.${call.name}`, call.start + call.object!.length);
        if (send >= 0 && send < call.end) edits.push({ start: send, end: call.end, text: '.end()' });
      } else if (call.args.some((a) => a.text === response)) {
        // A helper handed the response and the status (`send(res, 200, Schema, body)`): its number.
        const sent = call.args.filter((a) => /^\d{3}$/.test(a.text) && Number(a.text) === actual);
        if (sent.length === 1) edits.push({ start: sent[0]!.start, end: sent[0]!.end, text: String(expected) });
        // A helper whose name is its status (`this.ok(res, body)`): its sibling sending the documented one.
        const swap =
          sent.length === 0 ? await statusHelperSwap(node, tree, file, call, response, { actual, expected }) : null;
        if (swap) edits.push({ start: swap.start, end: swap.end, text: swap.name });
      }
    }
    const fastify =
      route.owner.kind === 'plugin' ||
      (route.owner.kind === 'app' &&
        (await findApps(node)).some((a) => a.file === route.file && a.framework === 'fastify'));
    if (edits.length === 0 && fastify) {
      // Fastify: a returned value is the payload; set the status before returning it (not
      // before `return reply.code(404).send(…)`, which sets its own).
      for (const ret of handler.returns) {
        if (ret.start === ret.argStart || source.slice(ret.argStart, ret.argEnd).startsWith(`${response}.`)) continue;
        edits.push({
          start: ret.start,
          end: ret.start,
          text: `${response}.code(${expected});\n${indentAt(source, ret.start)}`,
        });
      }
    }
    if (edits.length === 0) return null;
    let updated = source;
    for (const edit of edits.sort((a, b) => b.start - a.start))
      updated = replaceRange(updated, edit.start, edit.end, edit.text);
    await tree.write(file, updated);
    return {
      summary: `send ${expected} from the handler of ${violation.endpoint} in ${file}`,
      template: { recipe: 'node.status-code', expected },
    };
  },
};

// The send is called on the response itself, or at the end of a chain on it that sets no status
// (`res.location(url).json(x)`, `res.set('ETag', tag).send(x)`).
function sendsFrom(object: string | undefined, response: string): boolean {
  if (object === response) return true;
  return object !== undefined && object.startsWith(`${response}.`) && !/\.(?:status|code|sendStatus)\(/.test(object);
}

// A send right after the response's literal status (`res.status(200).json(x)`), for a 204 to end.
function endsStatusChain(call: { object?: string | undefined }, response: string): boolean {
  return call.object !== undefined && new RegExp(`^${response}\\.status\\(\\s*\\d{3}\\s*\\)$`).test(call.object);
}
