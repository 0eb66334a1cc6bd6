/**
 * One generated scenario for one operation, in one of four modes: the primary (positive)
 * scenario, the k-th extra example (`smoke.examplesPerOperation`), the boundary variant (extreme
 * body, query and unbound path values) and the boundary-path variant (every path parameter at its
 * extreme instead of a real id). Ids the operation refers to become bindings, filled at run time.
 */
import type { ApiOperation } from '../openapi/api-model.js';
import type { Binding, Scenario } from '../scenario.js';
import { fitsNumber } from './fits-number.js';
import type { ResourceIndex } from './resources.js';
import { variantOmitsOptional } from './sample-variant.js';
import { sampleValue } from './sample-value.js';
import { seededToken } from './seed.js';
import { asObject } from './schema-utils.js';

/** What kind of scenario to build. */
export type ScenarioMode =
  | { readonly kind: 'primary' }
  | { readonly kind: 'example'; readonly k: number }
  | { readonly kind: 'boundary' }
  | { readonly kind: 'boundary-path' };

/** What every scenario of one generation run shares. */
export interface BuildContext {
  readonly index: ResourceIndex;
  /** The run's seed: each operation's made-up strings carry a token derived from it and the operation. */
  readonly seed: string;
  readonly operations: readonly ApiOperation[];
}

/** The token in the made-up strings of `op`'s scenarios (the k-th extra example's: `<token>e<k>`). */
export function scenarioToken(op: ApiOperation, seed: string): string {
  return seededToken(seed, ['strings', op.endpoint]);
}

// A refusal (4xx) of a variant's unusual but valid values is fine; a 5xx or a broken contract is not.
const REFUSALS = Array.from({ length: 100 }, (_, i) => 400 + i);

/**
 * Builds the scenario of `op` in `mode` (ids: `endpoint`, `endpoint [boundary]`, `endpoint [boundary path]`; examples
 * are re-numbered by the caller).
 */
export function buildScenario(op: ApiOperation, ctx: BuildContext, mode: ScenarioMode): Scenario {
  const { index } = ctx;
  const role = index.roleOf(op);
  const resource = index.targetOf(op);
  const k = mode.kind === 'example' ? mode.k : 0;
  const uniqueToken = k > 0 ? `${scenarioToken(op, ctx.seed)}e${k}` : scenarioToken(op, ctx.seed);
  const primaryValues = mode.kind === 'primary' || mode.kind === 'boundary-path';
  const bindings: Binding[] = [];
  const pathParams: Record<string, string> = {};
  const query: Record<string, string> = {};
  const headers: Record<string, string> = {};
  // A create must not wait for its own collection; an id field naming it is sampled instead.
  const bindable = (target: string | undefined) => target !== undefined && !(role === 'create' && target === resource);
  // Optional query parameters: extremes in the boundary variant, sampled in every example but the minimal one (#2);
  // never in the primary.
  const optionalQuery = mode.kind === 'boundary' || (k > 0 && !variantOmitsOptional(k));
  for (const param of op.parameters) {
    if (param.in === 'cookie' || (!param.required && param.in !== 'path' && !(param.in === 'query' && optionalQuery)))
      continue;
    const target =
      param.in === 'path' ? index.resourceForPathParam(op.path, param.name) : index.resourceForField(param.name);
    const extremePath = mode.kind === 'boundary-path' && param.in === 'path';
    if (bindable(target) && !extremePath) {
      const documented = param.example != null && primaryValues ? { example: param.example } : {};
      bindings.push({ in: param.in, name: param.name, resource: target!, field: param.name, ...documented });
      if (param.in !== 'path') continue;
    }
    const extreme = extremePath || mode.kind === 'boundary';
    const value =
      param.example !== undefined && primaryValues && !extremePath
        ? param.example
        : sampleValue(param.schema, { uniqueToken, extreme, variant: k }, param.name);
    // A null parameter is one not sent (there is no null in a query string).
    if (value === null && param.in !== 'path' && !param.required) continue;
    const text = typeof value === 'string' ? value : paramText(value);
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
    const createValues = role === 'update' && resource && primaryValues ? createBodyOf(resource, ctx) : undefined;
    const hook = (name: string, schema: Record<string, unknown>, pointer: string, example?: unknown) => {
      const target = index.resourceForField(name);
      if (!bindable(target)) {
        const borrowed = pointer === `/${name}` ? createValues?.[name] : undefined;
        return borrowed !== undefined && fitsNumber(schema, borrowed) ? { value: borrowed } : undefined;
      }
      const documented = example != null ? { example } : {};
      bindings.push({ in: 'body', name: pointer, resource: target!, field: name, ...documented });
      return { value: 0 };
    };
    if (op.requestBody.example !== undefined && primaryValues) {
      body = structuredClone(op.requestBody.example);
      if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
        for (const [key, example] of Object.entries(body)) hook(key, {}, `/${key}`, example);
      }
    } else {
      body = sampleValue(
        asObject(op.requestBody.schema),
        { uniqueToken, hook, extreme: mode.kind === 'boundary', variant: k },
        'body',
      );
    }
  }
  const primary = mode.kind === 'primary';
  const missable = primary && madeUpLookups(op, bindings).length > 0 && documents404(op) ? [404] : [];
  const variant = mode.kind === 'example' ? 'example' : mode.kind === 'primary' ? undefined : 'boundary';
  return {
    id:
      mode.kind === 'boundary'
        ? `${op.endpoint} [boundary]`
        : mode.kind === 'boundary-path'
          ? `${op.endpoint} [boundary path]`
          : op.endpoint,
    endpoint: op.endpoint,
    method: op.method,
    path: op.path,
    pathParams,
    query,
    headers,
    ...(body !== undefined ? { body, mediaType: mediaType! } : {}),
    expectedStatuses: primary
      ? [...expectedStatuses(op), ...missable]
      : [...new Set([...expectedStatuses(op), ...REFUSALS])].sort((a, b) => a - b),
    responses: op.responses,
    bindings,
    captures: {},
    dependsOn: [],
    // Variants never provide ids (not create/list) and keep out of the per-resource ranks; an
    // extra example of a delete stays a delete so it runs after the uses of its resource.
    role: primary ? role : mode.kind === 'example' && role === 'delete' ? 'delete' : 'other',
    ...(resource ? { resource } : {}),
    origin: 'openapi',
    ...(variant ? { variant, variantOf: op.endpoint } : {}),
  };
}

/**
 * The required path and query parameters of `op` no binding fills: values this run made up, that no
 * entity it created or listed has. A lookup by one may rightly miss, so the operation's documented
 * 404 is an answer then, not a failure (a made-up VIN is not known to exist); a bound id is a real
 * entity's, and a 404 for it stays a failure.
 */
function madeUpLookups(op: ApiOperation, bindings: readonly Binding[]): string[] {
  return op.parameters
    .filter(
      (p) =>
        p.required &&
        (p.in === 'path' || p.in === 'query') &&
        !bindings.some((b) => b.in === p.in && b.name === p.name),
    )
    .map((p) => p.name);
}

function documents404(op: ApiOperation): boolean {
  return op.responses.some((r) => r.status === '404' || r.status === '4XX');
}

/**
 * A parameter value as text; integers past 2^53 in full digits (2^63 is `9223372036854775808`, not
 * `9223372036854776000`).
 */
function paramText(value: unknown): string {
  return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 2 ** 53
    ? BigInt(value).toString()
    : JSON.stringify(value);
}

/** The top-level body values of the create of `resource` (its example, else a sample). */
function createBodyOf(resource: string, ctx: BuildContext): Record<string, unknown> | undefined {
  const create = ctx.operations.find(
    (o) => o.requestBody && ctx.index.roleOf(o) === 'create' && ctx.index.targetOf(o) === resource,
  );
  if (!create?.requestBody) return undefined;
  const body =
    create.requestBody.example !== undefined
      ? create.requestBody.example
      : sampleValue(asObject(create.requestBody.schema), { uniqueToken: scenarioToken(create, ctx.seed) }, 'body');
  return body !== null && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : undefined;
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
