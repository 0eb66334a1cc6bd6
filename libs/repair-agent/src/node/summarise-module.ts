import type { AnyNode, CallExpression, Expression, Node, Program } from 'acorn';
import { base, fullAncestor, type RecursiveVisitors } from 'acorn-walk';
import { endLineOf, keyName, lineOf, memberText, parseProgram, patternNames, stringValue } from './js-ast.js';
import type { JsCall, JsClass, JsFunction, JsModule, JsMount, JsRouteCall } from './js-module.js';
import { tableMounts } from './mount-tables.js';
import { chainHolder, ownRouter, routeCall, routerChainRoot } from './route-calls.js';
import { classRouter, declaredClass, enclosingClassName, mountedCall } from './router-owners.js';
import { staticStrings } from './static-strings.js';
import { topLevelBindings } from './top-level.js';

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };
type FunctionBuilder = Mutable<JsFunction>;

// acorn-walk's visitors, plus the nodes a TypeScript tree keeps (see ts-ast.ts): a constructor
// parameter property walks as its parameter; anything else it does not know (JSX in .tsx) is a leaf.
type Visit = (node: Node, state: unknown, c: (node: Node, state: unknown, override?: string) => void) => void;
const tsParameterProperty: Visit = (node, state, c) =>
  c((node as unknown as { parameter: Node }).parameter, state, 'Pattern');
const visitors = new Proxy(
  { ...(base as unknown as Record<string, Visit>), TSParameterProperty: tsParameterProperty } as Record<
    string,
    Visit | undefined
  >,
  {
    get: (target, type: string) => target[type] ?? (() => undefined),
  },
) as RecursiveVisitors<unknown>;

/** Summarises one JavaScript or TypeScript module (ESM or CommonJS) for the recipes; throws on syntax errors. */
export function summariseModule(path: string, source: string): JsModule {
  const program = parseProgram(path, source);
  const top = topLevelBindings(program, source);
  const functions = new Map<Node, FunctionBuilder>();
  const classes = new Map<Node, { name: string; line: number; members: Set<string>; asyncMethods: string[] }>();
  const topCalls: JsCall[] = [];
  const routes: { route: JsRouteCall; owner: FunctionBuilder | undefined }[] = [];
  const mounts: { mount: JsMount; owner: FunctionBuilder | undefined }[] = [];
  const text = (node: Node): string => source.slice(node.start, node.end);

  const fnOf = (node: Node): FunctionBuilder => {
    let fn = functions.get(node);
    if (!fn) {
      fn = {
        name: '',
        start: node.start,
        end: node.end,
        bodyStart: node.start,
        line: lineOf(node),
        endLine: endLineOf(node),
        async: false,
        params: [],
        locals: [],
        calls: [],
        returns: [],
      };
      functions.set(node, fn);
    }
    return fn;
  };
  const innermost = (ancestors: readonly Node[], skipSelf: boolean): Node | undefined => {
    for (let i = ancestors.length - (skipSelf ? 2 : 1); i >= 0; i--)
      if (FUNCTION_TYPES.has(ancestors[i]!.type)) return ancestors[i];
    return undefined;
  };
  const classOf = (node: Node, name: string) => {
    let cls = classes.get(node);
    if (!cls) classes.set(node, (cls = { name, line: lineOf(node), members: new Set(), asyncMethods: [] }));
    return cls;
  };

  fullAncestor(
    program,
    (raw, _state, ancestors) => {
      const node = raw as AnyNode;
      const parent = ancestors[ancestors.length - 2] as AnyNode | undefined;
      const owner = innermost(ancestors, FUNCTION_TYPES.has(node.type));
      const locals = owner ? fnOf(owner).locals : null;
      switch (node.type) {
        case 'FunctionDeclaration':
        case 'FunctionExpression':
        case 'ArrowFunctionExpression': {
          const fn = fnOf(node);
          fn.name =
            functionName(node, parent) ??
            wrappedName(node, parent, ancestors[ancestors.length - 3] as AnyNode | undefined) ??
            '';
          fn.async = node.async;
          fn.params = node.params.flatMap((p) => patternNames(p));
          fn.bodyStart = node.body.start;
          if (node.type === 'ArrowFunctionExpression' && node.expression) {
            if (isPromiseExpression(node.body as Expression)) fn.returnsPromise = true;
            fn.returns.push({
              start: node.body.start,
              end: node.body.end,
              argStart: node.body.start,
              argEnd: node.body.end,
              line: lineOf(node.body),
            });
          }
          // A method, or an arrow function a class field holds (`list = async (req, res) => …`): bound to the instance.
          if (
            parent?.type === 'MethodDefinition' ||
            (parent?.type === 'PropertyDefinition' && node.type === 'ArrowFunctionExpression')
          )
            fn.className = classNameAt(ancestors, ancestors.length - 4);
          if (node.type === 'FunctionDeclaration' && node.id) locals?.push(node.id.name);
          break;
        }
        case 'VariableDeclarator':
          locals?.push(...patternNames(node.id));
          if (owner && node.id.type === 'Identifier' && routerChainRoot(node.init as AnyNode | null))
            ((fnOf(owner) as { routers?: string[] }).routers ??= []).push(node.id.name);
          break;
        case 'CatchClause':
          locals?.push(...patternNames(node.param));
          break;
        case 'ClassDeclaration':
        case 'ClassExpression': {
          const name =
            node.id?.name ??
            (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : '');
          const cls = classOf(node, name);
          cls.name = name;
          for (const element of node.body.body) {
            if (element.type !== 'MethodDefinition' && element.type !== 'PropertyDefinition') continue;
            const key = keyName(element.key, element.computed);
            if (key === null || key === 'constructor') continue;
            cls.members.add(key);
            if (element.type === 'MethodDefinition' && element.value.async) cls.asyncMethods.push(key);
          }
          // TypeScript's `constructor(private readonly store: Store)` declares the member `store`.
          const ctor = node.body.body.find((e) => e.type === 'MethodDefinition' && e.kind === 'constructor');
          for (const param of ctor?.type === 'MethodDefinition' ? ctor.value.params : []) {
            if ((param.type as string) === 'TSParameterProperty')
              for (const name of patternNames(param)) cls.members.add(name);
          }
          if (node.type === 'ClassDeclaration' && node.id) locals?.push(node.id.name);
          break;
        }
        case 'AssignmentExpression': {
          const left = node.left;
          if (left.type === 'MemberExpression' && left.object.type === 'ThisExpression' && !left.computed) {
            const clsNode = [...ancestors]
              .reverse()
              .find((a) => a.type === 'ClassDeclaration' || a.type === 'ClassExpression');
            const key = keyName(left.property as Expression);
            if (clsNode && key) classOf(clsNode, '').members.add(key);
          }
          break;
        }
        case 'ReturnStatement':
          if (owner && node.argument) {
            fnOf(owner).returns.push({
              start: node.start,
              end: node.end,
              argStart: node.argument.start,
              argEnd: node.argument.end,
              line: lineOf(node),
            });
            if (isPromiseExpression(node.argument)) fnOf(owner).returnsPromise = true;
          }
          break;
        case 'CallExpression': {
          const call = callSummary(node, parent, ancestors, text);
          if (!call) break;
          (owner ? fnOf(owner).calls : topCalls).push(call);
          const holder = chainHolder(ancestors);
          const route = routeCall(node, holder);
          if (route)
            routes.push({ route: withOwners(route, ancestors, owner), owner: owner ? fnOf(owner) : undefined });
          const mount = mountCall(node, text, holder);
          if (mount) {
            const host = classRouter(mount.target, ancestors);
            const made = tableMounts(
              mount,
              node,
              ancestors,
              program,
              (a) => requireTarget(a) ?? memberText(a) ?? text(a),
            ) ?? [mount];
            for (const m of made)
              mounts.push({ mount: host ? { ...m, host } : m, owner: owner ? fnOf(owner) : undefined });
          }
          break;
        }
        default:
          break;
      }
    },
    visitors,
  );
  // Class names are known once their declarator is visited (after the class, in post-order).
  const classList: JsClass[] = [...classes.values()].map((c) => ({
    name: c.name,
    line: c.line,
    members: [...c.members],
    asyncMethods: c.asyncMethods,
  }));
  const style = /\.m[jt]s$/.test(path)
    ? 'esm'
    : /\.c[jt]s$/.test(path)
      ? 'cjs'
      : hasModuleSyntax(program)
        ? 'esm'
        : 'cjs';
  // A route registered on the first parameter of a function: that function is a (Fastify) plugin.
  // Resolved after the walk, which visits a function after its body.
  // A route or mount on a `Router()` local of a named function: the function is a router factory.
  const factory = (owner: FunctionBuilder | undefined, target: string) =>
    owner?.name && owner.routers?.includes(target) ? owner.name : undefined;
  const routeList = routes.map(({ route, owner }) => {
    if (owner && owner.params[0] === route.target) return { ...route, plugin: owner.name };
    const router = factory(owner, route.target);
    return router ? { ...route, router } : route;
  });
  const mountList = mounts.map(({ mount, owner }) => {
    const host = factory(owner, mount.target);
    return host ? { ...mount, host } : mount;
  });
  return {
    path,
    style,
    ...top,
    functions: [...functions.values()].sort((a, b) => a.start - b.start),
    classes: classList,
    topCalls,
    routes: routeList,
    mounts: mountList,
    strings: staticStrings(program),
  };
}

// `new Promise(…)`, `Promise.resolve(…)`/`all`/…, `x.then(…)`/`catch`/`finally`: a Promise by its shape.
function isPromiseExpression(node: Expression): boolean {
  if (node.type === 'NewExpression') return node.callee.type === 'Identifier' && node.callee.name === 'Promise';
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression' || node.callee.computed) return false;
  const name = keyName(node.callee.property as Expression);
  if (node.callee.object.type === 'Identifier' && node.callee.object.name === 'Promise') return true;
  return name === 'then' || name === 'catch' || name === 'finally';
}

function hasModuleSyntax(program: Program): boolean {
  return program.body.some(
    (s) =>
      s.type === 'ImportDeclaration' ||
      s.type === 'ExportNamedDeclaration' ||
      s.type === 'ExportDefaultDeclaration' ||
      s.type === 'ExportAllDeclaration',
  );
}

function functionName(node: AnyNode, parent: AnyNode | undefined): string | null {
  if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') && node.id) return node.id.name;
  if (!parent) return null;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition')
    return keyName(parent.key, parent.computed);
  if (parent.type === 'AssignmentExpression')
    return (
      memberText(parent.left as Expression)
        ?.split('.')
        .at(-1) ?? null
    );
  if (parent.type === 'ExportDefaultDeclaration') return 'default';
  return null;
}

// `exports.create = catchAsync(async (req, res) => …)`: the one function a plain wrapper call
// takes is the function the name stands for (a route handler reached through its export).
// Only a bare identifier callee with a single argument, so `const names = rows.map((r) => …)`
// names nothing.
function wrappedName(node: AnyNode, parent: AnyNode | undefined, holder: AnyNode | undefined): string | null {
  if (
    parent?.type !== 'CallExpression' ||
    parent.callee.type !== 'Identifier' ||
    parent.arguments.length !== 1 ||
    parent.arguments[0] !== node
  )
    return null;
  return holder ? functionName(parent as unknown as AnyNode, holder) : null;
}

function classNameAt(ancestors: readonly Node[], index: number): string | undefined {
  const cls = ancestors[index] as AnyNode | undefined;
  if (cls?.type === 'ClassDeclaration' || cls?.type === 'ClassExpression') {
    if (cls.id) return cls.id.name;
    const declarator = ancestors[index - 1] as AnyNode | undefined;
    if (declarator?.type === 'VariableDeclarator' && declarator.id.type === 'Identifier') return declarator.id.name;
  }
  return undefined;
}

function callSummary(
  node: CallExpression,
  parent: AnyNode | undefined,
  ancestors: readonly Node[],
  text: (n: Node) => string,
): JsCall | null {
  const callee = node.callee;
  let name: string | null = null;
  let object: string | undefined;
  if (callee.type === 'Identifier') name = callee.name;
  else if (callee.type === 'MemberExpression' && !callee.computed) {
    name = keyName(callee.property as Expression);
    object = text(callee.object);
  }
  if (name === null) return null;
  // `await f()`, `await a?.f()`
  let up = parent;
  let level = ancestors.length - 2;
  if (up?.type === 'ChainExpression') up = ancestors[--level] as AnyNode | undefined;
  const awaited = up?.type === 'AwaitExpression';
  if (awaited) up = ancestors[--level] as AnyNode | undefined;
  // `const x = f()`, or `x = f()` (a variable declared before, bound in a `try`).
  const assignedTo =
    up?.type === 'VariableDeclarator' && up.id.type === 'Identifier'
      ? up.id.name
      : up?.type === 'AssignmentExpression' && up.operator === '=' && up.left.type === 'Identifier'
        ? up.left.name
        : undefined;
  return {
    name,
    text: text(callee),
    ...(object !== undefined ? { object } : {}),
    start: node.start,
    end: node.end,
    line: lineOf(node),
    endLine: endLineOf(node),
    awaited,
    args: node.arguments.map((a) => ({ start: a.start, end: a.end, text: text(a) })),
    ...(assignedTo ? { assignedTo } : {}),
  };
}

// A route on a class's router field, and a handler named through an instance of a known class.
function withOwners(route: JsRouteCall, ancestors: readonly Node[], owner: Node | undefined): JsRouteCall {
  const router = classRouter(route.target, ancestors);
  const head = route.handlerRef?.split('.')[0];
  const handlerClass = head === 'this' ? enclosingClassName(ancestors) : head ? declaredClass(owner, head) : undefined;
  return { ...route, ...(router ? { router } : {}), ...(handlerClass ? { handlerClass } : {}) };
}

function mountCall(node: CallExpression, text: (n: Node) => string, holder: string | null): JsMount | null {
  const callee = node.callee;
  const target =
    callee.type === 'MemberExpression' && !callee.computed
      ? (ownRouter(callee.object as AnyNode) ??
        (holder !== null && routerChainRoot(callee.object as AnyNode) ? holder : null))
      : null;
  if (callee.type !== 'MemberExpression' || target === null) return null;
  const kind = keyName(callee.property as Expression);
  if (kind !== 'use' && kind !== 'register') return null;
  const args = [...node.arguments] as Expression[];
  let prefix: string | null = null;
  if (kind === 'use' && stringValue(args[0]) !== null) prefix = stringValue(args.shift());
  if (kind === 'register' && args[1]?.type === 'ObjectExpression') {
    for (const p of args[1].properties)
      if (p.type === 'Property' && keyName(p.key, p.computed) === 'prefix') prefix = stringValue(p.value);
  }
  const mounted = (kind === 'register' ? args.slice(0, 1) : args).map(
    (a) => requireTarget(a) ?? memberText(a) ?? mountedCall(a as AnyNode) ?? text(a),
  );
  const first = args[0];
  const prefixRef =
    kind === 'use' &&
    prefix === null &&
    args.length >= 2 &&
    first &&
    (first.type === 'Identifier' || first.type === 'MemberExpression')
      ? memberText(first)
      : null;
  return {
    kind,
    target,
    prefix,
    ...(prefixRef ? { prefixRef } : {}),
    args: mounted,
    start: node.start,
    end: node.end,
    line: lineOf(node),
    endLine: endLineOf(node),
  };
}

/** `require('./x')` (optionally `.y`) written inline → `require:./x` / `require:./x#y`. */
function requireTarget(node: Expression | undefined): string | null {
  if (!node) return null;
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require') {
    const source = stringValue(node.arguments[0] as Expression | undefined);
    return source === null ? null : `require:${source}`;
  }
  if (node.type === 'MemberExpression' && !node.computed) {
    const inner = requireTarget(node.object as Expression);
    const key = keyName(node.property as Expression);
    return inner && key ? `${inner}#${key}` : null;
  }
  return null;
}
