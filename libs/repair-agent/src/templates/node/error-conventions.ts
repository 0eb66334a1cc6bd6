import type { ApiModel, ApiOperation } from '@smoke-repair/smoke-validator';
import type { JsFunction } from '../../node/js-module.js';
import { findApps, routeTable } from '../../node/js-routes.js';
import type { NodeProject } from '../../node/node-project.js';
import type { SourceTree } from '../../source/source-tree.js';

/** An error class of the app that carries an HTTP status its error middleware sends. */
export interface AppErrorClass {
  readonly file: string;
  readonly name: string;
  readonly isDefault: boolean;
  /** `new HttpError(404, message)`: the status is its first argument. */
  readonly statusFirst: boolean;
}

/** How the app reports a 404 / a 400: its own error classes, or `http-errors`' createError (its local name). */
export interface ErrorConventions {
  readonly notFound?: AppErrorClass;
  readonly validation?: AppErrorClass;
  readonly createError?: string;
}

const CLASS = /class\s+([A-Za-z_$][\w$]*)\s+extends\s+([A-Za-z_$][\w$.]*)\s*\{/g;

/**
 * The app's error conventions, read from its code: a class for 404 (`NotFoundError`, or any
 * `extends` class whose body says 404), one for 400/422, a generic `HttpError(status, message)`
 * standing in for both, and `http-errors` when a module imports it.
 */
export async function errorConventions(node: NodeProject, tree: Pick<SourceTree, 'read'>): Promise<ErrorConventions> {
  let notFound: AppErrorClass | undefined;
  let validation: AppErrorClass | undefined;
  let generic: AppErrorClass | undefined;
  let createError: string | undefined;
  for (const [file, module] of await node.modules()) {
    const imported = module.imports.find((i) => i.source === 'http-errors');
    createError ??= imported?.names.find((n) => n.imported === 'default' || n.imported === '*')?.local;
    const source = await tree.read(file);
    if (!source) continue;
    for (const m of source.matchAll(CLASS)) {
      const name = m[1]!;
      const body = classBody(source, m.index + m[0].length - 1);
      const exported = (await node.exportersOf(name)).find((e) => e.file === file);
      if (!exported) continue;
      const info = (statusFirst: boolean): AppErrorClass => ({
        file,
        name,
        isDefault: exported.isDefault,
        statusFirst,
      });
      const ctorParams = /constructor\s*\(\s*([\w$]+)/.exec(body)?.[1] ?? '';
      if (/^(status|statusCode|code|httpStatus)$/.test(ctorParams)) generic ??= info(true);
      else if (/NotFound/i.test(name) || /\b404\b/.test(body)) notFound ??= info(false);
      else if (/Validation|BadRequest|Invalid|Unprocessable/i.test(name) || /\b(400|422)\b/.test(body))
        validation ??= info(false);
    }
  }
  return {
    ...((notFound ?? generic) ? { notFound: notFound ?? generic } : {}),
    ...((validation ?? generic) ? { validation: validation ?? generic } : {}),
    ...(createError ? { createError } : {}),
  };
}

function classBody(source: string, open: number): string {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === '{') depth++;
    else if (source[i] === '}' && --depth === 0) return source.slice(open, i + 1);
  }
  return source.slice(open);
}

/**
 * The key the app's error bodies use (`{ error: … }`, `{ detail: … }`, `{ message: … }`): the most
 * common in its own 4xx responses, else the first property the contract documents for `status`, else `error`.
 */
export async function errorBodyKey(
  node: NodeProject,
  tree: Pick<SourceTree, 'read'>,
  _contract: ApiModel | null,
  operation: ApiOperation | null,
  status: string,
): Promise<string> {
  const counts = new Map<string, number>();
  for (const file of (await node.modules()).keys()) {
    const source = (await tree.read(file)) ?? '';
    for (const m of source.matchAll(
      /\.(?:status|code)\(\s*4\d\d\s*\)\s*\.(?:json|send)\(\s*\{\s*['"]?([A-Za-z_$][\w$]*)['"]?\s*:/g,
    ))
      counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  }
  const own = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (own) return own;
  const schema = operation?.responses.find((r) => r.status === status)?.schema;
  const properties =
    schema && typeof schema === 'object' ? (schema as { properties?: Record<string, unknown> }).properties : undefined;
  return Object.keys(properties ?? {})[0] ?? 'error';
}

const GENERIC = new Set([
  'item',
  'items',
  'result',
  'row',
  'record',
  'entity',
  'found',
  'doc',
  'data',
  'match',
  'existing',
  'obj',
  'value',
  'entry',
  'target',
]);

/** `project` → `Project`; a generic name (`item`, `row`) → the path's resource (`/projects/{id}` → `Project`). */
export function entityName(variable: string, path: string): string {
  let name = variable;
  if (GENERIC.has(variable.toLowerCase())) {
    const segments = path.split('/').filter(Boolean);
    const resource =
      [...segments].reverse().find((s, i, all) => !s.startsWith('{') && (all[i - 1]?.startsWith('{') ?? false)) ??
      segments.find((s) => !s.startsWith('{'));
    if (resource)
      name = resource
        .replace(/ies$/, 'y')
        .replace(/(ss)$/, '$1')
        .replace(/([^s])s$/, '$1')
        .replace(/[-_](\w)/g, (_, c: string) => c.toUpperCase());
  }
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The end of the line holding the end of the statement that `offset` (a call's end) is in. */
export function statementEnd(source: string, offset: number): number {
  const newline = source.indexOf('\n', offset);
  return newline < 0 ? source.length : newline;
}

/**
 * How a function answers, when it is a route handler: Express (`res.status(n).json(b)`) or Fastify
 * (`reply.code(n).send(b)`).
 */
export interface HandlerStyle {
  readonly handler: boolean;
  /** Registered as a route's handler (a Fastify one may take only `request`). */
  readonly route: boolean;
  readonly fastify: boolean;
}

/**
 * Whether `fn` (in `file`) is a route handler — registered as one, or answering through its second parameter — and in
 * which framework.
 */
export async function handlerStyle(
  node: NodeProject,
  file: string,
  fn: JsFunction,
  fnText: string,
): Promise<HandlerStyle> {
  const route = (await routeTable(node)).find(
    (r) => r.handler?.start === fn.start && (r.handlerFile ?? r.file) === file,
  );
  const response = fn.params[1];
  const answers =
    response !== undefined &&
    new RegExp(`\\b${response.replace(/\$/g, '\\$')}\\s*\\.\\s*(status|json|send|sendStatus|code)\\(`).test(fnText);
  const fastifyApp = route
    ? route.owner.kind === 'plugin' ||
      (await findApps(node)).some((a) => a.file === route.file && a.framework === 'fastify')
    : false;
  const fastifyText =
    response !== undefined &&
    new RegExp(`\\b${response.replace(/\$/g, '\\$')}\\s*\\.\\s*(code|send)\\(`).test(fnText) &&
    !new RegExp(`\\b${response.replace(/\$/g, '\\$')}\\s*\\.\\s*json\\(`).test(fnText);
  return {
    handler: response !== undefined && (route !== undefined || answers),
    route: route !== undefined,
    fastify: fastifyApp || fastifyText,
  };
}

/** `res.status(404).json(body)` / `reply.code(404).send(body)`. */
export function respond(style: HandlerStyle, response: string, status: string | number, body: string): string {
  return style.fastify ? `${response}.code(${status}).send(${body})` : `${response}.status(${status}).json(${body})`;
}
