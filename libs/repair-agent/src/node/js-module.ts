/**
 * What the JavaScript project index knows about one module (see summarise-module.ts). Offsets
 * are string indices into the source (acorn's), lines are 1-based, columns 0-based.
 */

/** The keys of an object literal, with the shapes of nested literals. */
export interface JsShape {
  readonly keys: readonly string[];
  readonly nested: Readonly<Record<string, JsShape>>;
}

/** One imported binding: `imported` is a name, `default`, or `*` (namespace / whole require). */
export interface JsImportName {
  readonly imported: string;
  readonly local: string;
}

/** `import … from 'x'` or `const … = require('x')` at the top level. */
export interface JsImport {
  readonly kind: 'import' | 'require';
  readonly source: string;
  readonly names: readonly JsImportName[];
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly endLine: number;
  /** `{ a, b }` present (named bindings that can be extended). */
  readonly braces: boolean;
}

/** A top-level binding: what it is, as far as the code says. */
export interface JsDefinition {
  readonly name: string;
  readonly kind: 'function' | 'class' | 'variable';
  readonly line: number;
  readonly async: boolean;
  /** Initialised with an object literal. */
  readonly shape?: JsShape;
  /** Initialised with `new Cls(...)`. */
  readonly instanceOf?: string;
  /** Initialised with a call (`express()`, `Router()`, `fastify()`): the callee's text. */
  readonly calls?: string;
}

/** An export: the exported name (`default` included) and the local binding it refers to. */
export interface JsExport {
  readonly name: string;
  readonly local: string | null;
  readonly shape?: JsShape;
  readonly instanceOf?: string;
}

/** A call inside a function (or at the top level). */
export interface JsCall {
  /** The called name: `f` in `f()`, `m` in `a.b.m()`. */
  readonly name: string;
  /** Source text of the callee (`a.b.m`). */
  readonly text: string;
  /** Source text of the object a method is called on (`a.b`), when it is a member call. */
  readonly object?: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly endLine: number;
  readonly awaited: boolean;
  /** Offsets of the arguments. */
  readonly args: readonly { readonly start: number; readonly end: number; readonly text: string }[];
  /** The variable the call's result is assigned to (`const x = f()`), if any. */
  readonly assignedTo?: string;
}

/** A function, method or arrow function. */
export interface JsFunction {
  /** Declared or assigned name; `` for anonymous callbacks. */
  readonly name: string;
  readonly className?: string;
  readonly start: number;
  readonly end: number;
  readonly bodyStart: number;
  readonly line: number;
  readonly endLine: number;
  readonly async: boolean;
  readonly params: readonly string[];
  /** Names declared inside (variables, nested functions, catch params). */
  readonly locals: readonly string[];
  readonly calls: readonly JsCall[];
  /** Locals made by `Router()` / `express.Router()` (a router factory's router). */
  readonly routers?: readonly string[];
  /** It returns a Promise without being `async` (`return new Promise(…)`, `return x.then(…)`). */
  readonly returnsPromise?: boolean;
  /** `return x;` statements: offsets of the statement and of its argument. */
  readonly returns: readonly {
    readonly start: number;
    readonly end: number;
    readonly argStart: number;
    readonly argEnd: number;
    readonly line: number;
  }[];
}

/** A class and its members (methods, fields, `this.x =` assignments). */
export interface JsClass {
  readonly name: string;
  readonly line: number;
  readonly members: readonly string[];
  readonly asyncMethods: readonly string[];
}

/** `target.get('/path', …handlers)` — a route registration on an app, router or plugin instance. */
export interface JsRouteCall {
  readonly target: string;
  readonly method: string;
  readonly path: string;
  readonly line: number;
  /** The function whose parameter `target` is (a Fastify plugin), if any. */
  readonly plugin?: string;
  /**
   * The router, when `target` is not a module-level variable: the factory function that makes it
   * as a local and returns it (`courseRoutes`), or the class field holding it (`UsersController.router`
   * for `this.router`).
   */
  readonly router?: string;
  /** The class `handlerRef`'s object is an instance of (`this.list` in a class, `ctrl: CourseController`). */
  readonly handlerClass?: string;
  /** Start offset of the handler function, when it is written inline. */
  readonly handlerStart?: number;
  /** Name of the handler, when it is passed by name. */
  readonly handlerName?: string;
  /** Dotted reference of the handler, when it is a member (`controller.create`, `ctrl.list`). */
  readonly handlerRef?: string;
  /** The callee the handler is passed through (`asyncHandler` in `asyncHandler(ctrl.create)`). */
  readonly wrapper?: string;
  /** Offsets of the handler argument as written (wrapper included). */
  readonly handlerArg?: { readonly start: number; readonly end: number };
}

/** `app.use([prefix,] …args)` / `app.register(plugin, { prefix })`. */
export interface JsMount {
  readonly kind: 'use' | 'register';
  readonly target: string;
  readonly prefix: string | null;
  /**
   * A first argument that may be the path, written as a name (`app.use(config.apiPrefix, routes)`,
   * `app.use(API_PREFIX, api)`): the path when it names a string the code states (it is then also
   * in `args`, where it names no router).
   */
  readonly prefixRef?: string;
  /** What the mount is made on when `target` is not a module-level variable (see `JsRouteCall.router`). */
  readonly host?: string;
  /**
   * Identifiers mounted (`routerA`, `ns.router`); a router a call returns as `call:courseRoutes`,
   * a field of a new instance (`new UsersController().router`) as `new:UsersController.router`.
   */
  readonly args: readonly string[];
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly endLine: number;
  /**
   * A mount made for one entry of a table the call's loop runs through (see mount-tables.ts):
   * the entry's offsets, of its path and router, and of the end of the table literal.
   */
  readonly entry?: {
    readonly start: number;
    readonly end: number;
    readonly prefix: { readonly start: number; readonly end: number };
    readonly arg: { readonly start: number; readonly end: number };
    readonly tableEnd: number;
  };
}

/** One parsed module. */
export interface JsModule {
  readonly path: string;
  readonly style: 'esm' | 'cjs';
  readonly imports: readonly JsImport[];
  readonly exports: readonly JsExport[];
  readonly defs: readonly JsDefinition[];
  readonly functions: readonly JsFunction[];
  readonly classes: readonly JsClass[];
  /** Top-level calls (outside any function). */
  readonly topCalls: readonly JsCall[];
  readonly routes: readonly JsRouteCall[];
  readonly mounts: readonly JsMount[];
  /** String values the module states at its top level, by dotted name (see static-strings.ts). */
  readonly strings?: Readonly<Record<string, string>>;
  /** Index of the end of the last top-level import/require statement (0 when none). */
  readonly importsEnd: number;
}
