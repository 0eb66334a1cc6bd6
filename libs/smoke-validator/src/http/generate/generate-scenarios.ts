/**
 * One positive scenario per operation, generated from an `ApiModel`: parameters and bodies from
 * the schemas (examples first), expected statuses from the documented 2xx responses, and id
 * bindings to the resources the operation refers to (path parameters, `x_id` fields and query
 * parameters), filled at run time from the entity another scenario created or listed.
 */
import type { ApiModel, ApiOperation } from '../openapi/api-model.js';
import type { Binding, Scenario } from '../scenario.js';
import { asObject } from './schema-utils.js';
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
}

/** Generates one positive scenario per operation of `api`, in document order. */
export function generateScenarios(api: ApiModel, options: GenerateOptions = {}): Scenario[] {
  const index = inferResources(api.operations);
  const methods = new Set((options.methods ?? ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).map((m) => m.toUpperCase()));
  const exclude = new Set(options.exclude ?? []);
  const uniqueToken = options.uniqueToken ?? Date.now().toString(36).slice(-5);
  return api.operations
    .filter((op) => methods.has(op.method) && !exclude.has(op.endpoint) && !exclude.has(op.path))
    .map((op) => scenarioFor(op, index, uniqueToken));
}

function scenarioFor(op: ApiOperation, index: ResourceIndex, uniqueToken: string): Scenario {
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
    const value = param.example !== undefined ? param.example : sampleValue(param.schema, { uniqueToken }, param.name);
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (param.in === 'path') pathParams[param.name] = text;
    else if (param.in === 'query') query[param.name] = text;
    else headers[param.name] = text;
  }
  let body: unknown;
  let mediaType: string | undefined;
  if (op.requestBody) {
    mediaType = op.requestBody.mediaType;
    const hook = (name: string, _schema: Record<string, unknown>, pointer: string) => {
      const target = index.resourceForField(name);
      if (!bindable(target)) return undefined;
      bindings.push({ in: 'body', name: pointer, resource: target!, field: name });
      return { value: 0 };
    };
    if (op.requestBody.example !== undefined) {
      body = structuredClone(op.requestBody.example);
      if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
        for (const key of Object.keys(body)) hook(key, {}, `/${key}`);
      }
    } else {
      body = sampleValue(asObject(op.requestBody.schema), { uniqueToken, hook }, 'body');
    }
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
