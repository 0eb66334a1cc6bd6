/**
 * One positive scenario per operation, generated from an `ApiModel`: parameters and bodies from
 * the schemas (examples first), expected statuses from the documented 2xx responses, and id
 * bindings to the resources the operation refers to (path parameters, `x_id` fields and query
 * parameters), filled at run time from the entity another scenario created or listed.
 */
import type { ApiModel, ApiOperation } from '../openapi/api-model.js';
import type { Binding, Scenario } from '../scenario.js';
import { asObject, mergeAllOf, typesOf } from './schema-utils.js';
import { inferResources, type ResourceIndex } from './resources.js';
import { sampleValue } from './sample-value.js';

/** Options of `generateScenarios`. */
export interface GenerateOptions {
  /** Makes generated unique strings (e-mails, names) differ between runs; default: time-based. */
  readonly uniqueToken?: string;
  /** Operations to leave out, as `METHOD /path` or bare paths. */
  readonly exclude?: readonly string[];
  /** Methods smoked (default GET, POST, PUT, PATCH, DELETE). */
  readonly methods?: readonly string[];
  /**
   * Also one boundary scenario per operation with a body or unbound parameters: the same request
   * with extreme schema-valid values (`sampleValue`'s `extreme`); it passes on any documented 2xx
   * or a 4xx refusal, and runs after the positive scenarios (default false).
   */
  readonly boundary?: boolean;
}

/** Generates one positive scenario per operation of `api`, in document order. */
export function generateScenarios(api: ApiModel, options: GenerateOptions = {}): Scenario[] {
  const index = inferResources(api.operations);
  const methods = new Set((options.methods ?? ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).map((m) => m.toUpperCase()));
  const exclude = new Set(options.exclude ?? []);
  const uniqueToken = options.uniqueToken ?? Date.now().toString(36).slice(-5);
  const selected = api.operations.filter((op) => methods.has(op.method) && !exclude.has(op.endpoint) && !exclude.has(op.path));
  const positive = selected.map((op) => scenarioFor(op, index, uniqueToken, api.operations, false));
  if (!options.boundary) return positive;
  const boundary = selected.flatMap((op, i) => {
    const s = scenarioFor(op, index, uniqueToken, api.operations, true);
    // Bound values (ids from other scenarios) are replaced at run time: only the rest can vary.
    const bound = new Set(s.bindings.map((b) => `${b.in}:${b.name}`));
    const unbound = (record: Readonly<Record<string, string>>, where: string) => Object.entries(record).filter(([k]) => !bound.has(`${where}:${k}`));
    const request = (x: Scenario) => JSON.stringify([unbound(x.pathParams, 'path'), x.query, x.headers, x.body ?? null]);
    return request(s) === request(positive[i]!) ? [] : [s];
  });
  return [...positive, ...boundary];
}

function scenarioFor(op: ApiOperation, index: ResourceIndex, uniqueToken: string, operations: readonly ApiOperation[], extreme: boolean): Scenario {
  const role = index.roleOf(op);
  const resource = index.targetOf(op);
  const bindings: Binding[] = [];
  const pathParams: Record<string, string> = {};
  const query: Record<string, string> = {};
  const headers: Record<string, string> = {};
  // A create must not wait for its own collection; an id field naming it is sampled instead.
  const bindable = (target: string | undefined) => target !== undefined && !(role === 'create' && target === resource);
  for (const param of op.parameters) {
    if (param.in === 'cookie' || (!param.required && param.in !== 'path')) continue;
    const target = param.in === 'path' ? index.resourceForPathParam(op.path, param.name) : index.resourceForField(param.name);
    if (bindable(target)) {
      bindings.push({ in: param.in, name: param.name, resource: target!, field: param.name });
      if (param.in !== 'path') continue;
    }
    const value = param.example !== undefined && !extreme ? param.example : sampleValue(param.schema, { uniqueToken, extreme }, param.name);
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (param.in === 'path') pathParams[param.name] = text;
    else if (param.in === 'query') query[param.name] = text;
    else headers[param.name] = text;
  }
  let body: unknown;
  let mediaType: string | undefined;
  if (op.requestBody) {
    mediaType = op.requestBody.mediaType;
    // An update's numbers without an example of their own take the create's value for the same
    // field: a synthetic minimum (a stock, a limit, a quantity of 1) would shrink the entity below
    // what later scenarios that use it were generated against.
    const createValues = role === 'update' && resource && !extreme ? createBodyOf(resource, index, operations, uniqueToken) : undefined;
    const hook = (name: string, schema: Record<string, unknown>, pointer: string) => {
      const target = index.resourceForField(name);
      if (!bindable(target)) {
        const borrowed = pointer === `/${name}` ? createValues?.[name] : undefined;
        return borrowed !== undefined && fitsNumber(schema, borrowed) ? { value: borrowed } : undefined;
      }
      bindings.push({ in: 'body', name: pointer, resource: target!, field: name });
      return { value: 0 };
    };
    if (op.requestBody.example !== undefined && !extreme) {
      body = structuredClone(op.requestBody.example);
      if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
        for (const key of Object.keys(body)) hook(key, {}, `/${key}`);
      }
    } else {
      body = sampleValue(asObject(op.requestBody.schema), { uniqueToken, hook, extreme }, 'body');
    }
  }
  if (extreme) {
    const accepted = new Set([...expectedStatuses(op), ...Array.from({ length: 100 }, (_, i) => 400 + i)]);
    return {
      id: `${op.endpoint} [boundary]`,
      endpoint: op.endpoint,
      method: op.method,
      path: op.path,
      pathParams,
      query,
      headers,
      ...(body !== undefined ? { body, mediaType: mediaType! } : {}),
      expectedStatuses: [...accepted].sort((a, b) => a - b),
      responses: op.responses,
      bindings,
      captures: {},
      dependsOn: [],
      role: 'other',
      ...(resource ? { resource } : {}),
      origin: 'openapi',
      variant: 'boundary',
    };
  }
  return {
    id: op.endpoint,
    endpoint: op.endpoint,
    method: op.method,
    path: op.path,
    pathParams,
    query,
    headers,
    ...(body !== undefined ? { body, mediaType: mediaType! } : {}),
    expectedStatuses: expectedStatuses(op),
    responses: op.responses,
    bindings,
    captures: {},
    dependsOn: [],
    role,
    ...(resource ? { resource } : {}),
    origin: 'openapi',
  };
}

/** The top-level body values of the create of `resource` (its example, else a sample). */
function createBodyOf(resource: string, index: ResourceIndex, operations: readonly ApiOperation[], uniqueToken: string): Record<string, unknown> | undefined {
  const create = operations.find((o) => o.requestBody && index.roleOf(o) === 'create' && index.targetOf(o) === resource);
  if (!create?.requestBody) return undefined;
  const body = create.requestBody.example !== undefined ? create.requestBody.example : sampleValue(asObject(create.requestBody.schema), { uniqueToken }, 'body');
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
}

/** Whether `value` is a number `schema` (or its non-null `anyOf`/`oneOf` option) accepts and has no example of its own. */
function fitsNumber(input: Record<string, unknown>, value: unknown): boolean {
  if (typeof value !== 'number') return false;
  let schema = mergeAllOf(input);
  if ('example' in schema || 'examples' in schema || 'default' in schema) return false;
  const options = [...((schema['anyOf'] as unknown[]) ?? []), ...((schema['oneOf'] as unknown[]) ?? [])].map((o) => mergeAllOf(asObject(o as never)));
  if (options.length > 0) schema = options.find((o) => typesOf(o).some((t) => t === 'integer' || t === 'number')) ?? {};
  const types = typesOf(schema);
  if ('example' in schema || 'examples' in schema || 'enum' in schema || 'const' in schema) return false;
  if (!(types.includes('number') || (types.includes('integer') && Number.isInteger(value)))) return false;
  const num = (k: string) => (typeof schema[k] === 'number' ? (schema[k] as number) : undefined);
  const [min, max, xmin, xmax, step] = [num('minimum'), num('maximum'), num('exclusiveMinimum'), num('exclusiveMaximum'), num('multipleOf')];
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) return false;
  if ((xmin !== undefined && value <= xmin) || (xmax !== undefined && value >= xmax)) return false;
  if (schema['exclusiveMinimum'] === true && min !== undefined && value <= min) return false;
  if (schema['exclusiveMaximum'] === true && max !== undefined && value >= max) return false;
  return step === undefined || step <= 0 || Number.isInteger(value / step);
}

/** The documented success statuses (2XX ranges expanded); empty when only `default` is documented. */
export function expectedStatuses(op: ApiOperation): number[] {
  const out: number[] = [];
  for (const r of op.responses) {
    if (/^2\d\d$/.test(r.status)) out.push(Number(r.status));
    else if (r.status === '2XX') for (let s = 200; s < 300; s++) out.push(s);
  }
  if (out.length === 0) {
    for (const r of op.responses) if (/^3\d\d$/.test(r.status)) out.push(Number(r.status));
  }
  return [...new Set(out)].sort((a, b) => a - b);
}
