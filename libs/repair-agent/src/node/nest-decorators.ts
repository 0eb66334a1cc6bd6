import type { Program } from 'acorn';

/**
 * What one NestJS source file declares, read from its decorators (a TypeScript tree from
 * ts-ast.ts keeps them as `decorators` on classes, members and parameters). Offsets are string
 * indices into the source, lines are 1-based.
 */
export interface NestFileFacts {
  readonly controllers: readonly NestControllerDecl[];
  readonly modules: readonly NestModuleDecl[];
  /**
   * `NestFactory.create(AppModule)` calls: the root module's local name, and the global prefix set
   * in the same file — a literal, or the name it is read from (`appConfig.globalPrefix`) — with the
   * paths its `exclude` option leaves unprefixed.
   */
  readonly bootstraps: readonly NestBootstrap[];
  /** Classes that are no controller but declare route handlers (a base a controller `extends`). */
  readonly handlerClasses: readonly {
    readonly name: string;
    readonly superClass?: string;
    readonly handlers: readonly NestHandlerDecl[];
  }[];
}

/** One `NestFactory.create(…)` call and the global prefix its file sets. */
interface NestBootstrap {
  readonly rootModule: string;
  readonly globalPrefix: string | null;
  readonly globalPrefixRef?: string;
  readonly prefixExclude: readonly string[];
  readonly line: number;
}

/** A class decorated `@Controller(path?)`. */
export interface NestControllerDecl {
  readonly name: string;
  readonly line: number;
  /** Its path(s) (`@Controller('orders')`, `@Controller({ path: 'orders' })`); `''` when none. */
  readonly paths: readonly string[];
  readonly handlers: readonly NestHandlerDecl[];
  /** The local name of the class it `extends` (whose route handlers it inherits). */
  readonly superClass?: string;
}

/** A controller method decorated `@Get(path?)`, `@Post(…)`, …. */
export interface NestHandlerDecl {
  readonly name: string;
  readonly method: string;
  readonly paths: readonly string[];
  readonly line: number;
  readonly start: number;
  readonly end: number;
  /** Where the method's first decorator begins (the whole declaration is `[decoratedStart, end)`). */
  readonly decoratedStart: number;
  /** The route decorator (`@Delete(':id')`), where a new decorator goes after. */
  readonly routeDecorator: { readonly start: number; readonly end: number };
  /** `@HttpCode(x)`: the argument's offsets and text. */
  readonly httpCode?: { readonly start: number; readonly end: number; readonly text: string };
  /** Parameter decorators (`Res`, `Response`, `Next`): a handler answering itself ignores `@HttpCode`. */
  readonly paramDecorators: readonly string[];
  /** The declared type of the `@Body()` parameter (`CreateOrderDto`), when it names a class. */
  readonly bodyType?: string;
  /** Parameters with no decorator whose type names a class (`dto: CreateCustomerDto`): Nest passes undefined. */
  readonly bare?: readonly { readonly type: string; readonly start: number }[];
}

/** A class decorated `@Module({ controllers, imports })`. */
export interface NestModuleDecl {
  readonly name: string;
  readonly line: number;
  /** Local names listed in `controllers`. */
  readonly controllers: readonly string[];
  /** Local names of the imported modules (`XModule`, `XModule.forRoot()` → `XModule`). */
  readonly imports: readonly string[];
  /** The `controllers: [ … ]` array, when the module has one. */
  readonly controllersArray?: { readonly start: number; readonly end: number };
  /** The `imports: [ … ]` array, when the module has one. */
  readonly importsArray?: { readonly start: number; readonly end: number };
  /** The object literal passed to `@Module`. */
  readonly options: { readonly start: number; readonly end: number };
}

type Node = { type: string; start: number; end: number; loc?: { start: { line: number } }; [key: string]: unknown };

const ROUTE_DECORATORS: Record<string, string> = {
  Get: 'get',
  Post: 'post',
  Put: 'put',
  Patch: 'patch',
  Delete: 'delete',
  All: 'all',
  Head: 'head',
  Options: 'options',
};
const NEST_PACKAGES = new Set(['@nestjs/common', '@nestjs/core']);

/** The controllers, modules and bootstrap calls a parsed file declares (empty unless it imports from @nestjs). */
export function nestFileFacts(program: Program): NestFileFacts {
  const root = program as unknown as Node;
  // Decorator names as the file binds them: `import { Get as G } from '@nestjs/common'` → G means Get.
  const nest = new Map<string, string>();
  for (const statement of root['body'] as Node[]) {
    if (statement.type !== 'ImportDeclaration' || !NEST_PACKAGES.has(String((statement['source'] as Node)['value'])))
      continue;
    for (const spec of statement['specifiers'] as Node[]) {
      if (spec.type === 'ImportSpecifier') nest.set(name(spec['local'])!, name(spec['imported']) ?? '');
    }
  }
  const controllers: NestControllerDecl[] = [];
  const modules: NestModuleDecl[] = [];
  const bootstraps: { rootModule: string; line: number }[] = [];
  const handlerClasses: { name: string; superClass?: string; handlers: NestHandlerDecl[] }[] = [];
  if (nest.size === 0) return { controllers, modules, bootstraps: [], handlerClasses };
  let prefix: Pick<NestBootstrap, 'globalPrefix' | 'globalPrefixRef' | 'prefixExclude'> | null = null;

  walk(root, (node) => {
    if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') {
      const className = name(node['id']);
      if (!className) return;
      const superClass = name(node['superClass']);
      const found = decorators(node, nest);
      for (const decorator of found) {
        if (decorator.name === 'Controller')
          controllers.push({
            name: className,
            line: lineOf(node),
            paths: pathsOf(decorator.args[0], ''),
            handlers: handlersOf(node, nest),
            ...(superClass ? { superClass } : {}),
          });
        if (decorator.name === 'Module' && decorator.args[0]?.type === 'ObjectExpression')
          modules.push(moduleOf(className, node, decorator.args[0]));
      }
      const handlers = found.some((d) => d.name === 'Controller') ? [] : handlersOf(node, nest);
      if (handlers.length > 0)
        handlerClasses.push({ name: className, ...(superClass ? { superClass } : {}), handlers });
    } else if (node.type === 'CallExpression') {
      const callee = node['callee'] as Node;
      if (callee.type !== 'MemberExpression') return;
      const method = name(callee['property']);
      const args = node['arguments'] as Node[];
      if (method === 'create' && name(callee['object']) === 'NestFactory' && nest.get('NestFactory') !== undefined) {
        const rootModule = name(args[0]);
        if (rootModule) bootstraps.push({ rootModule, line: lineOf(node) });
      }
      if (method === 'setGlobalPrefix' && args[0]) prefix ??= globalPrefixOf(args[0], args[1]);
    }
  });
  return {
    controllers,
    modules,
    bootstraps: bootstraps.map((b) => ({ ...b, ...(prefix ?? { globalPrefix: null, prefixExclude: [] }) })),
    handlerClasses,
  };
}

function handlersOf(cls: Node, nest: Map<string, string>): NestHandlerDecl[] {
  const out: NestHandlerDecl[] = [];
  for (const element of (cls['body'] as Node)['body'] as Node[]) {
    if (element.type !== 'MethodDefinition') continue;
    const methodName = name(element['key']);
    const found = decorators(element, nest);
    const route = found.find((d) => ROUTE_DECORATORS[d.name]);
    if (!methodName || !route) continue;
    const code = found.find((d) => d.name === 'HttpCode')?.args[0];
    const params = ((element['value'] as Node)['params'] as Node[]) ?? [];
    const paramDecorators = params.flatMap((p) =>
      decorators(p.type === 'TSParameterProperty' ? (p['parameter'] as Node) : p, nest).map((d) => d.name),
    );
    const body = params.find((p) => decorators(p, nest).some((d) => d.name === 'Body' && d.args.length === 0));
    const bodyType = typeName(body);
    // Any decorator at all, Nest's or the app's own (`@CurrentUser() user: JwtPayload`), supplies the value.
    const bare = params
      .filter(
        (p) =>
          p.type !== 'TSParameterProperty' &&
          ((p['decorators'] as Node[] | undefined) ?? []).length === 0 &&
          typeName(p) !== null,
      )
      .map((p) => ({ type: typeName(p)!, start: p.start }));
    out.push({
      name: methodName,
      method: ROUTE_DECORATORS[route.name]!,
      paths: pathsOf(route.args[0], ''),
      line: lineOf(element),
      start: element.start,
      end: element.end,
      decoratedStart: Math.min(
        element.start,
        ...found.map((d) => d.node.start),
        ...((element['decorators'] as Node[] | undefined) ?? []).map((d) => d.start),
      ),
      routeDecorator: { start: route.node.start, end: route.node.end },
      ...(code
        ? { httpCode: { start: code.start, end: code.end, text: String(code['raw'] ?? textOfMember(code) ?? '') } }
        : {}),
      paramDecorators,
      ...(bodyType ? { bodyType } : {}),
      ...(bare.length > 0 ? { bare } : {}),
    });
  }
  return out;
}

// `setGlobalPrefix('api')`, `setGlobalPrefix(config.prefix, { exclude: ['health', { path: 'docs', method: … }] })`.
function globalPrefixOf(
  arg: Node,
  options: Node | undefined,
): Pick<NestBootstrap, 'globalPrefix' | 'globalPrefixRef' | 'prefixExclude'> {
  const excluded = (options?.['properties'] as Node[] | undefined)?.find(
    (p) => p.type === 'Property' && name(p['key']) === 'exclude',
  )?.['value'] as Node | undefined;
  const prefixExclude =
    excluded?.type === 'ArrayExpression'
      ? (excluded['elements'] as Node[]).flatMap((e) => (e ? pathsOf(e, '') : [])).filter((p) => p !== '')
      : [];
  if (typeof arg['value'] === 'string') return { globalPrefix: arg['value'], prefixExclude };
  const ref = dotted(arg);
  return { globalPrefix: null, ...(ref ? { globalPrefixRef: ref } : {}), prefixExclude };
}

// `a.b.c` → 'a.b.c'; an identifier → its name.
function dotted(node: Node): string | null {
  if (node.type === 'Identifier') return name(node);
  if (node.type !== 'MemberExpression' || node['computed']) return null;
  const head = dotted(node['object'] as Node);
  const tail = name(node['property']);
  return head && tail ? `${head}.${tail}` : null;
}

function moduleOf(className: string, cls: Node, options: Node): NestModuleDecl {
  const property = (key: string) =>
    (options['properties'] as Node[]).find((p) => p.type === 'Property' && name(p['key']) === key)?.['value'] as
      | Node
      | undefined;
  const listed = (value: Node | undefined): string[] =>
    value?.type === 'ArrayExpression'
      ? (value['elements'] as (Node | null)[]).flatMap((e) => {
          // `ConfigModule.forRoot()` / `forwardRef(() => XModule)` name a module too.
          if (e?.type === 'CallExpression') {
            const callee = e['callee'] as Node;
            if (callee.type === 'MemberExpression')
              return [name(callee['object'])].filter((n): n is string => n !== null);
            const arrow = (e['arguments'] as Node[])[0];
            return arrow?.type === 'ArrowFunctionExpression'
              ? [name(arrow['body'])].filter((n): n is string => n !== null)
              : [];
          }
          return [name(e)].filter((n): n is string => n !== null);
        })
      : [];
  const array = property('controllers');
  const imported = property('imports');
  return {
    name: className,
    line: lineOf(cls),
    controllers: listed(array),
    imports: listed(imported),
    ...(array?.type === 'ArrayExpression' ? { controllersArray: { start: array.start, end: array.end } } : {}),
    ...(imported?.type === 'ArrayExpression' ? { importsArray: { start: imported.start, end: imported.end } } : {}),
    options: { start: options.start, end: options.end },
  };
}

// The @nestjs decorators on a node, by their Nest name, with their arguments.
function decorators(node: Node, nest: Map<string, string>): { name: string; args: Node[]; node: Node }[] {
  const out: { name: string; args: Node[]; node: Node }[] = [];
  for (const decorator of (node['decorators'] as Node[] | undefined) ?? []) {
    const expression = decorator['expression'] as Node;
    const local = expression.type === 'CallExpression' ? name(expression['callee']) : name(expression);
    const nestName = local ? nest.get(local) : undefined;
    if (nestName)
      out.push({
        name: nestName,
        args: expression.type === 'CallExpression' ? (expression['arguments'] as Node[]) : [],
        node: decorator,
      });
  }
  return out;
}

// `'x'`, `['x', 'y']`, `{ path: 'x' }`; absent → the fallback.
function pathsOf(arg: Node | undefined, fallback: string): string[] {
  if (!arg) return [fallback];
  if (typeof arg['value'] === 'string') return [arg['value']];
  if (arg.type === 'ArrayExpression')
    return (arg['elements'] as Node[]).map((e) => e?.['value']).filter((v): v is string => typeof v === 'string');
  if (arg.type === 'ObjectExpression') {
    const path = (arg['properties'] as Node[]).find((p) => p.type === 'Property' && name(p['key']) === 'path')?.[
      'value'
    ] as Node | undefined;
    return path ? pathsOf(path, fallback) : [fallback];
  }
  return [fallback];
}

function name(node: unknown): string | null {
  const n = node as Node | null | undefined;
  return n?.type === 'Identifier' ? String(n['name']) : null;
}

// `dto: CreateOrderDto` → `CreateOrderDto` (a plain type reference only).
function typeName(param: Node | undefined): string | null {
  const annotation = (param?.['typeAnnotation'] as Node | undefined)?.['typeAnnotation'] as Node | undefined;
  return annotation?.type === 'TSTypeReference' ? name(annotation['typeName']) : null;
}

function textOfMember(node: Node): string | null {
  return node.type === 'MemberExpression' ? `${name(node['object'])}.${name(node['property'])}` : null;
}

function lineOf(node: Node): number {
  return node.loc?.start.line ?? 0;
}

// Every node of the tree, parents first (TypeScript nodes included: any object with a `type`).
function walk(node: Node, visit: (node: Node) => void): void {
  visit(node);
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'range' || key === 'parent') continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value)
        if (item && typeof item === 'object' && typeof (item as Node).type === 'string') walk(item as Node, visit);
    } else if (value && typeof value === 'object' && typeof (value as Node).type === 'string')
      walk(value as Node, visit);
  }
}
