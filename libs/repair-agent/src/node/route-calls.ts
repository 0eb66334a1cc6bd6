import type { AnyNode, CallExpression, Expression } from 'acorn';
import { keyName, lineOf, memberText, stringValue } from './js-ast.js';
import type { JsRouteCall } from './js-module.js';

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'all']);

/**
 * `target.get('/path', …, handler)` or `target.route('/path').get(handler)`, as a route registration; null otherwise.
 */
export function routeCall(node: CallExpression): JsRouteCall | null {
  const callee = node.callee;
  if (callee.type !== 'MemberExpression' || callee.computed) return null;
  const method = keyName(callee.property as Expression);
  if (method === 'route' && callee.object.type === 'Identifier' && node.arguments[0]?.type === 'ObjectExpression')
    return routeOptions(callee.object.name, node);
  if (!method || !ROUTE_METHODS.has(method)) return null;
  let target: string | undefined;
  let path: string | null = null;
  const own = ownRouter(callee.object as AnyNode);
  if (own !== null) {
    path = stringValue(node.arguments[0] as Expression | undefined);
    if (node.arguments.length < 2) return null;
    target = own;
  } else {
    // `router.route('/x').get(a).post(b)`: the path is the `route(…)` call's, down the chain.
    let base = callee.object as AnyNode;
    while (base.type === 'CallExpression' && base.callee.type === 'MemberExpression' && !base.callee.computed) {
      const name = keyName(base.callee.property as Expression);
      const chained = ownRouter(base.callee.object as AnyNode);
      if (name === 'route' && chained !== null) {
        path = stringValue(base.arguments[0] as Expression | undefined);
        target = chained;
        break;
      }
      if (!name || !ROUTE_METHODS.has(name)) return null;
      base = base.callee.object as AnyNode;
    }
    if (node.arguments.length < 1) return null;
  }
  if (!target || path === null) return null;
  const arg = node.arguments.at(-1)! as AnyNode;
  return {
    target,
    method,
    path,
    line: lineOf(node),
    handlerArg: { start: arg.start, end: arg.end },
    ...handlerOfArg(arg),
  };
}

/** A router a call is made on directly: a variable (`router`), or a field of the instance (`this.router`). */
export function ownRouter(node: AnyNode): string | null {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && !node.computed && node.object.type === 'ThisExpression') {
    const key = keyName(node.property as Expression);
    return key === null ? null : `this.${key}`;
  }
  return null;
}

// What a handler argument names: an inline function, a name, a member (`ctrl.create`), each
// possibly passed through a wrapper (`asyncHandler(ctrl.create)`) or bound (`ctrl.create.bind(ctrl)`).
function handlerOfArg(
  arg: AnyNode,
  wrapper?: string,
): Pick<JsRouteCall, 'handlerStart' | 'handlerName' | 'handlerRef' | 'wrapper'> {
  const wrapped = wrapper ? { wrapper } : {};
  if (arg.type === 'FunctionExpression' || arg.type === 'ArrowFunctionExpression')
    return { handlerStart: arg.start, ...wrapped };
  if (arg.type === 'Identifier') return { handlerName: arg.name, ...wrapped };
  if (arg.type === 'MemberExpression') {
    const ref = memberText(arg);
    return ref ? { handlerRef: ref, ...wrapped } : wrapped;
  }
  if (arg.type === 'CallExpression' && arg.arguments.length >= 1) {
    const callee = arg.callee as Expression;
    // `ctrl.create.bind(ctrl)`, also inside a wrapper: `asyncHandler(ctrl.create.bind(ctrl))`.
    if (callee.type === 'MemberExpression' && !callee.computed && keyName(callee.property as Expression) === 'bind')
      return handlerOfArg(callee.object as AnyNode, wrapper);
    if (wrapper) return wrapped;
    const name = memberText(callee);
    if (name) return handlerOfArg(arg.arguments[0] as AnyNode, name);
  }
  return wrapped;
}

// Fastify's full form: `app.route({ method: 'POST', url: '/x', handler })` (the first method of a list).
function routeOptions(target: string, node: CallExpression): JsRouteCall | null {
  const options = node.arguments[0] as AnyNode;
  if (options.type !== 'ObjectExpression') return null;
  const value = (name: string) =>
    (
      options.properties.find((p) => p.type === 'Property' && keyName(p.key, p.computed) === name) as
        | { value: AnyNode }
        | undefined
    )?.value;
  const methodNode = value('method');
  const method = (
    methodNode?.type === 'ArrayExpression'
      ? stringValue(methodNode.elements[0] as Expression | undefined)
      : stringValue(methodNode as Expression | undefined)
  )?.toLowerCase();
  const path = stringValue((value('url') ?? value('path')) as Expression | undefined);
  const handler = value('handler');
  if (!method || !ROUTE_METHODS.has(method) || path === null || !handler) return null;
  return {
    target,
    method,
    path,
    line: lineOf(node),
    handlerArg: { start: handler.start, end: handler.end },
    ...handlerOfArg(handler),
  };
}
