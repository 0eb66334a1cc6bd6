import type { AnyNode, Expression, Node } from 'acorn';
import { keyName, memberText } from './js-ast.js';

// Routers that are not module-level variables: one a factory function makes and returns
// (`export function courseRoutes(c) { const router = Router(); …; return router }`), and one a
// class holds (`router = Router()` + `this.router.get(…)`). Their identity in the route index is
// the factory's name or `Class.field`, which is what a mount names (`courseRoutes(…)`,
// `new UsersController().router`).

/** `Router()` / `express.Router()` / `Router({ mergeParams: true })`: a call making an Express router. */
export function isRouterCall(node: AnyNode | null | undefined): boolean {
  if (node?.type !== 'CallExpression') return false;
  const callee = memberText(node.callee as Expression);
  return callee !== null && /(^|\.)Router$/.test(callee);
}

/** The name of the innermost class around the last ancestor (its id, or the variable it is assigned to). */
export function enclosingClassName(ancestors: readonly Node[]): string | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i] as AnyNode;
    if (node.type !== 'ClassDeclaration' && node.type !== 'ClassExpression') continue;
    if (node.id) return node.id.name;
    const holder = ancestors[i - 1] as AnyNode | undefined;
    return holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier' ? holder.id.name : undefined;
  }
  return undefined;
}

/** `this.router` inside a class → `Class.router`; undefined for anything else. */
export function classRouter(target: string, ancestors: readonly Node[]): string | undefined {
  if (!target.startsWith('this.')) return undefined;
  const cls = enclosingClassName(ancestors);
  return cls ? `${cls}.${target.slice(5)}` : undefined;
}

/**
 * The class a name used in a function stands for an instance of: a parameter annotated with a
 * class type (`controller: CourseController`, also a constructor parameter property), or a local
 * of the function's body declared with one or made with `new` (`const c = new CourseController()`).
 */
export function declaredClass(fn: Node | undefined, name: string): string | undefined {
  const node = fn as AnyNode | undefined;
  if (
    !node ||
    (node.type !== 'FunctionDeclaration' &&
      node.type !== 'FunctionExpression' &&
      node.type !== 'ArrowFunctionExpression')
  )
    return undefined;
  for (const raw of node.params as AnyNode[]) {
    const param = (
      (raw.type as string) === 'TSParameterProperty' ? (raw as unknown as { parameter: AnyNode }).parameter : raw
    ) as AnyNode;
    if (param.type === 'Identifier' && param.name === name) return typeName(param);
  }
  if (node.body.type !== 'BlockStatement') return undefined;
  for (const statement of node.body.body) {
    if (statement.type !== 'VariableDeclaration') continue;
    for (const d of statement.declarations) {
      if (d.id.type !== 'Identifier' || d.id.name !== name) continue;
      if (d.init?.type === 'NewExpression' && d.init.callee.type === 'Identifier') return d.init.callee.name;
      return typeName(d.id);
    }
  }
  return undefined;
}

// The class a TypeScript annotation names (`x: Foo`), not a generic or a union.
function typeName(id: AnyNode): string | undefined {
  const annotation = (
    id as unknown as {
      typeAnnotation?: { typeAnnotation?: { type: string; typeName?: AnyNode; typeArguments?: unknown } };
    }
  ).typeAnnotation?.typeAnnotation;
  if (annotation?.type !== 'TSTypeReference' || annotation.typeArguments || annotation.typeName?.type !== 'Identifier')
    return undefined;
  return annotation.typeName.name;
}

/**
 * What a mounted argument names, as `JsMount.args` keeps it: a router a call returns
 * (`courseRoutes(container.courses)` → `call:courseRoutes`), a field of a new instance
 * (`new UsersController().router` → `new:UsersController.router`); null for anything else.
 */
export function mountedCall(node: AnyNode): string | null {
  if (node.type === 'CallExpression') {
    const callee = memberText(node.callee as Expression);
    return callee !== null && callee !== 'require' ? `call:${callee}` : null;
  }
  if (
    node.type === 'MemberExpression' &&
    !node.computed &&
    node.object.type === 'NewExpression' &&
    node.object.callee.type === 'Identifier'
  ) {
    const key = keyName(node.property as Expression);
    return key === null ? null : `new:${node.object.callee.name}.${key}`;
  }
  return null;
}
