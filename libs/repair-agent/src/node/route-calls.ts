import type { AnyNode, CallExpression, Expression, Node } from 'acorn';
import { keyName, lineOf, memberText, stringValue } from './js-ast.js';
import type { JsRouteCall } from './js-module.js';
import { isRouterCall } from './router-owners.js';

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'all']);
// What a router returns itself from, so registrations can be chained on it.
const CHAIN_METHODS = new Set([...ROUTE_METHODS, 'use', 'param']);

/**
 * `target.get('/path', …, handler)` or `target.route('/path').get(handler)`, as a route registration; null otherwise.
 * `holder` is the variable a chain on a new router is assigned to (`const r = Router().get(…).post(…)`,
 * see `chainHolder`): the target of the chain's registrations.
 */
export function routeCall(node: CallExpression, holder?: string | null): JsRouteCall | null {
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
    // `Router().get('/', a).post('/', b)`: each call is a registration on the router the chain starts with.
    let base = callee.object as AnyNode;
    let routed = false;
    for (;;) {
      if (isRouterCall(base)) {
        if (!holder) return null;
        path = stringValue(node.arguments[0] as Expression | undefined);
        target = holder;
        break;
      }
      if (base.type !== 'CallExpression' || base.callee.type !== 'MemberExpression' || base.callee.computed)
        return null;
      const name = keyName(base.callee.property as Expression);
      const chained = ownRouter(base.callee.object as AnyNode);
      if (name === 'route' && chained !== null) {
        path = stringValue(base.arguments[0] as Expression | undefined);
        target = chained;
        routed = true;
        break;
      }
      if (!name || !CHAIN_METHODS.has(name)) return null;
      base = base.callee.object as AnyNode;
    }
    if (node.arguments.length < (routed ? 1 : 2)) return null;
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

/**
 * `Router().get('/', a).post('/', b)` (also `express.Router()`, with `use` / `param` in the chain):
 * the call making the router a chain of registrations starts from; null for anything else.
 */
export function routerChainRoot(node: AnyNode | null | undefined): CallExpression | null {
  let base = node;
  while (base?.type === 'CallExpression') {
    if (isRouterCall(base)) return base;
    const callee = base.callee;
    if (callee.type !== 'MemberExpression' || callee.computed) return null;
    const name = keyName(callee.property as Expression);
    if (!name || !CHAIN_METHODS.has(name)) return null;
    base = callee.object as AnyNode;
  }
  return null;
}

/**
 * The variable a chain of registrations on a new router is assigned to (`const r = Router().get(…).post(…)`),
 * for a call of that chain (the last of `ancestors`); null when the call is on no such chain.
 */
export function chainHolder(ancestors: readonly Node[]): string | null {
  let i = ancestors.length - 1;
  const node = ancestors[i] as AnyNode | undefined;
  if (node?.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return null;
  if (node.callee.object.type !== 'CallExpression') return null;
  // Up to the outermost call of the chain: each call is the object of the next one's callee.
  while (i >= 2) {
    const member = ancestors[i - 1] as AnyNode;
    const call = ancestors[i - 2] as AnyNode;
    if (member.type !== 'MemberExpression' || member.object !== ancestors[i]) break;
    if (call.type !== 'CallExpression' || call.callee !== member) break;
    i -= 2;
  }
  const top = ancestors[i] as AnyNode;
  const parent = ancestors[i - 1] as AnyNode | undefined;
  if (!routerChainRoot(top)) return null;
  if (parent?.type === 'VariableDeclarator' && parent.init === top && parent.id.type === 'Identifier')
    return parent.id.name;
  if (parent?.type === 'AssignmentExpression' && parent.right === top && parent.left.type === 'Identifier')
    return parent.left.name;
  return null;
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
