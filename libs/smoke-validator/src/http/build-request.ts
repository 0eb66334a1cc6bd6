/**
 * The request a scenario sends: `{{variable}}` uses filled from the run's captures, bound ids
 * (path, query, header and body) from the entities the run resolved, the run's headers and a
 * request id added.
 */
import { randomUUID } from 'node:crypto';
import { setPointer } from './entities.js';
import type { ExecuteOptions } from './execute-options.js';
import type { Scenario } from './scenario.js';

/** The request as sent. */
export interface SentRequest {
  readonly method: string;
  readonly url: string;
  /** Path and query, ids substituted. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly json?: unknown;
  readonly requestId: string;
}

/** The names of the `{{variable}}` uses in a scenario's path, parameters, headers and body. */
export function usedVariables(s: Scenario): string[] {
  const text = JSON.stringify([s.path, s.pathParams, s.query, s.headers, s.body ?? null]);
  return [...new Set([...text.matchAll(/\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g)].map((m) => m[1]!))];
}

function substitute(value: unknown, variables: ReadonlyMap<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}$/.exec(value);
    if (whole && variables.has(whole[1]!)) return variables.get(whole[1]!);
    return value.replace(/\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g, (all, name: string) =>
      variables.has(name) ? String(variables.get(name)) : all,
    );
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, variables));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, variables)]));
  return value;
}

/**
 * The request of `s`, with `values` (binding key `in:name` → value) over its own parameters and
 * body fields and `variables` (captured by earlier scenarios) in place of their `{{uses}}`.
 */
export function buildRequest(
  s: Scenario,
  values: ReadonlyMap<string, unknown>,
  variables: ReadonlyMap<string, unknown>,
  options: ExecuteOptions,
): SentRequest {
  const requestId = options.requestIdOf?.(s) ?? randomUUID();
  const path = (substitute(s.path, variables) as string).replace(/\{([^}]+)\}/g, (_all, name: string) => {
    const v = values.get(`path:${name}`) ?? substitute(s.pathParams[name] ?? name, variables);
    return encodeURIComponent(String(v));
  });
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(s.query))
    query.set(k, String(values.get(`query:${k}`) ?? substitute(v, variables)));
  for (const [key, v] of values)
    if (key.startsWith('query:') && !query.has(key.slice(6))) query.set(key.slice(6), String(v));
  const pathAndQuery = query.size > 0 ? `${path}?${query.toString()}` : path;
  const headers: Record<string, string> = { accept: 'application/json, */*;q=0.5' };
  for (const [k, v] of Object.entries({ ...(options.headers ?? {}), ...s.headers }))
    headers[k] = String(substitute(v, variables));
  for (const [key, v] of values) if (key.startsWith('header:')) headers[key.slice(7)] = String(v);
  headers[options.requestIdHeader ?? 'X-Request-ID'] = requestId;
  let body: string | undefined;
  let json: unknown;
  if (s.body !== undefined) {
    json = substitute(structuredClone(s.body), variables);
    for (const [key, v] of values) if (key.startsWith('body:')) setPointer(json, key.slice(5), v);
    const mediaType = s.mediaType ?? 'application/json';
    if (mediaType === 'application/x-www-form-urlencoded' && json !== null && typeof json === 'object') {
      body = new URLSearchParams(
        Object.entries(json).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      ).toString();
    } else body = typeof json === 'string' && !mediaType.includes('json') ? json : JSON.stringify(json);
    headers['content-type'] = mediaType;
  }
  return {
    method: s.method,
    url: options.baseUrl.replace(/\/$/, '') + pathAndQuery,
    path: pathAndQuery,
    headers,
    ...(body !== undefined ? { body, json } : {}),
    requestId,
  };
}
