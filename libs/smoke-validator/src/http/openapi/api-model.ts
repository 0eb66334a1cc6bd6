/**
 * The resolved, simplified view of an OpenAPI document that scenario generation works on:
 * one `ApiOperation` per method and path, refs resolved, parameters merged from the path item.
 */
import { z } from 'zod';
import { OpenApiInvalidError } from '../../errors.js';
import { OPERATION_METHODS, openApiDocumentSchema } from './document-schema.js';
import { dereference } from './resolve-refs.js';

/** A JSON Schema as found in the document (3.0 or 3.1 dialect). */
export type JsonSchema = Record<string, unknown> | boolean;

/** One parameter of an operation. */
interface ApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  readonly schema: JsonSchema;
  readonly example?: unknown;
}

/** One documented response. */
export interface ApiResponse {
  /** `201`, `2XX` or `default`. */
  readonly status: string;
  /** Media types documented for the body (empty: no body). */
  readonly mediaTypes: readonly string[];
  /** Schema of the JSON body, when documented. */
  readonly schema?: JsonSchema;
}

/** One operation. */
export interface ApiOperation {
  readonly method: string;
  /** The path template, e.g. `/carts/{cart_id}/items`. */
  readonly path: string;
  /** `POST /carts/{cart_id}/items`. */
  readonly endpoint: string;
  readonly operationId?: string;
  readonly parameters: readonly ApiParameter[];
  readonly requestBody?: {
    readonly required: boolean;
    readonly mediaType: string;
    readonly schema: JsonSchema;
    readonly example?: unknown;
  };
  readonly responses: readonly ApiResponse[];
  /**
   * What the document says of the operation in words, one per line: its summary and description,
   * then its parameters' and responses' descriptions (`409: Hire not active`). Absent when it says
   * nothing. Repair reads it for the state or rule a refusal should follow.
   */
  readonly prose?: string;
}

/** A loaded API: its OpenAPI version, operations in document order, and the resolved document. */
export interface ApiModel {
  readonly openapi: string;
  readonly title: string;
  readonly operations: readonly ApiOperation[];
}

/**
 * Validates a parsed OpenAPI document and builds its `ApiModel`. Throws `OpenApiInvalidError`
 * naming the JSON path of the first structural problem, or an external/dangling `$ref`.
 */
export function buildApiModel(raw: unknown, source: string): ApiModel {
  const parsed = openApiDocumentSchema.safeParse(raw);
  if (!parsed.success)
    throw new OpenApiInvalidError(`\n${formatDocumentIssues(parsed.error.issues)}`, source, { cause: parsed.error });
  const doc = dereference(parsed.data, source) as z.output<typeof openApiDocumentSchema>;
  const operations: ApiOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const shared = (item['parameters'] as unknown[] | undefined) ?? [];
    for (const method of OPERATION_METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      const at = `paths.${path}.${method}`;
      const params = mergeParameters(shared, (op['parameters'] as unknown[] | undefined) ?? [], at, source);
      for (const name of path.match(/\{([^}]+)\}/g)?.map((m) => m.slice(1, -1)) ?? []) {
        if (!params.some((p) => p.in === 'path' && p.name === name)) {
          params.push({ name, in: 'path', required: true, schema: { type: 'string' } });
        }
      }
      const upper = method.toUpperCase();
      operations.push({
        method: upper,
        path,
        endpoint: `${upper} ${path}`,
        ...(typeof op['operationId'] === 'string' ? { operationId: op['operationId'] } : {}),
        parameters: params,
        ...requestBodyOf(op['requestBody'], `${at}.requestBody`, source),
        responses: responsesOf(op['responses'] as Record<string, unknown>),
        ...proseOf(op, params),
      });
    }
  }
  return { openapi: doc.openapi, title: doc.info.title ?? 'API', operations };
}

/**
 * zod issues as `✖ message → at paths./carts/{cart_id}/items.post.requestBody.content`. For a
 * union (`$ref` or an object), the branch that got furthest explains the problem best.
 */
function formatDocumentIssues(issues: readonly z.core.$ZodIssue[], limit = 10): string {
  const flat: { path: PropertyKey[]; message: string }[] = [];
  const walk = (list: readonly z.core.$ZodIssue[], prefix: PropertyKey[]) => {
    for (const issue of list) {
      if (issue.code === 'invalid_union' && issue.errors.length > 0) {
        const depth = (branch: readonly z.core.$ZodIssue[]) =>
          Math.max(0, ...branch.map((i) => i.path.length + (i.code === 'invalid_union' ? 1 : 0)));
        const aboutRef = (branch: readonly z.core.$ZodIssue[]) =>
          branch.some((i) => i.path[i.path.length - 1] === '$ref');
        const branches = issue.errors.filter((b) => !aboutRef(b));
        const best = [...(branches.length > 0 ? branches : issue.errors)].sort((a, b) => depth(b) - depth(a))[0]!;
        walk(best, [...prefix, ...issue.path]);
      } else flat.push({ path: [...prefix, ...issue.path], message: issue.message });
    }
  };
  walk(issues, []);
  const lines = flat.slice(0, limit).map((i) => `✖ ${i.message}\n  → at ${i.path.map(String).join('.') || '(root)'}`);
  if (flat.length > limit) lines.push(`… and ${flat.length - limit} more`);
  return lines.join('\n');
}

function mergeParameters(shared: unknown[], own: unknown[], at: string, source: string): ApiParameter[] {
  const byKey = new Map<string, ApiParameter>();
  for (const [i, p] of [...shared, ...own].entries()) {
    const param = p as Record<string, unknown>;
    if (typeof param['name'] !== 'string' || typeof param['in'] !== 'string') {
      throw new OpenApiInvalidError(`parameter ${i} at ${at}.parameters has no name/in after resolving $ref`, source);
    }
    const content = param['content'] as Record<string, { schema?: JsonSchema }> | undefined;
    const schema = (param['schema'] as JsonSchema | undefined) ??
      Object.values(content ?? {})[0]?.schema ?? { type: 'string' };
    byKey.set(`${param['in']}:${param['name']}`, {
      name: param['name'],
      in: param['in'] as ApiParameter['in'],
      required: param['in'] === 'path' || param['required'] === true,
      schema,
      ...exampleOf(param, schema),
    });
  }
  return [...byKey.values()];
}

// A parameter's documented example: its own `example`, the first of its `examples` (OAS), or its
// schema's `example` / first `examples` entry (JSON Schema, as FastAPI's `Path(examples=[1])` writes).
function exampleOf(param: Record<string, unknown>, schema: JsonSchema): { example?: unknown } {
  if ('example' in param) return { example: param['example'] };
  const named = param['examples'] as Record<string, { value?: unknown }> | undefined;
  const value = Object.values(named ?? {}).find((e) => e && typeof e === 'object' && 'value' in e)?.value;
  if (value !== undefined) return { example: value };
  const own = schema as Record<string, unknown>;
  if ('example' in own) return { example: own['example'] };
  const listed = own['examples'];
  return Array.isArray(listed) && listed.length > 0 ? { example: listed[0] } : {};
}

function requestBodyOf(body: unknown, at: string, source: string): Pick<ApiOperation, 'requestBody'> {
  if (!body) return {};
  const record = body as Record<string, unknown>;
  const content = record['content'] as Record<string, Record<string, unknown>> | undefined;
  if (!content || typeof content !== 'object') throw new OpenApiInvalidError(`${at}.content is missing`, source);
  const types = Object.keys(content);
  if (types.length === 0) throw new OpenApiInvalidError(`${at}.content names no media type`, source);
  const mediaType =
    types.find(isJsonMediaType) ?? types.find((t) => t === 'application/x-www-form-urlencoded') ?? types[0]!;
  const media = content[mediaType] ?? {};
  const examples = media['examples'] as Record<string, { value?: unknown }> | undefined;
  const example =
    'example' in media
      ? media['example']
      : Object.values(examples ?? {}).find((e) => e && typeof e === 'object' && 'value' in e)?.value;
  return {
    requestBody: {
      required: record['required'] === true,
      mediaType,
      schema: (media['schema'] as JsonSchema | undefined) ?? {},
      ...(example !== undefined ? { example } : {}),
    },
  };
}

function proseOf(op: Record<string, unknown>, params: readonly ApiParameter[]): Pick<ApiOperation, 'prose'> {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? [v.trim()] : []);
  const described = new Map(
    ((op['parameters'] as Record<string, unknown>[] | undefined) ?? []).map((p) => [p?.['name'], p?.['description']]),
  );
  const responses = Object.entries((op['responses'] ?? {}) as Record<string, Record<string, unknown> | undefined>);
  const lines = [
    ...text(op['summary']),
    ...text(op['description']),
    ...params.flatMap((p) => text(described.get(p.name)).map((d) => `${p.name}: ${d}`)),
    ...responses.flatMap(([status, r]) => text(r?.['description']).map((d) => `${status}: ${d}`)),
  ];
  return lines.length > 0 ? { prose: lines.join('\n') } : {};
}

function responsesOf(responses: Record<string, unknown>): ApiResponse[] {
  return Object.entries(responses).map(([status, r]) => {
    const content = ((r as Record<string, unknown>)['content'] ?? {}) as Record<string, { schema?: JsonSchema }>;
    const mediaTypes = Object.keys(content);
    const json = mediaTypes.find(isJsonMediaType);
    const schema = json ? content[json]?.schema : undefined;
    return { status: status.toUpperCase(), mediaTypes, ...(schema !== undefined ? { schema } : {}) };
  });
}

/** `application/json`, `application/problem+json`, `application/vnd.x+json; charset=utf-8` … */
export function isJsonMediaType(type: string): boolean {
  const base = type.split(';')[0]!.trim().toLowerCase();
  return base === 'application/json' || base.endsWith('+json') || base === '*/*';
}
