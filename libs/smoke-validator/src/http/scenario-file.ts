/**
 * Scenario files (JSON or YAML), validated with zod: hand-written scenarios that run beside (or
 * instead of) the generated ones, with captured variables substituted as `{{name}}`.
 *
 * ```yaml
 * scenarios:
 *   - id: create-book
 *     request: { method: POST, path: /books, body: { title: Dune } }
 *     expect: { status: 201 }
 *     capture: { book_id: id }          # dotted path into the JSON body, or "header:Location"
 *   - id: get-book
 *     request: { method: GET, path: "/books/{{book_id}}" }
 * ```
 */
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { ScenarioFileError } from '../errors.js';
import type { ApiModel } from './openapi/api-model.js';
import { expectedStatuses } from './generate/generate-scenarios.js';
import type { Scenario } from './scenario.js';

const statusSchema = z.number().int().min(100).max(599);

/** zod schema of one scenario in a scenario file. */
const scenarioFileEntrySchema = z.strictObject({
  id: z.string().min(1),
  /** Endpoint name for grouping; default: `METHOD path` with `{{vars}}` as `{vars}`. */
  endpoint: z.string().min(1).optional(),
  request: z.strictObject({
    method: z
      .string()
      .regex(/^[A-Za-z]+$/)
      .transform((m) => m.toUpperCase()),
    path: z.string().startsWith('/'),
    query: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.unknown().optional(),
    mediaType: z.string().default('application/json'),
  }),
  expect: z.strictObject({ status: z.union([statusSchema, z.array(statusSchema).min(1)]).optional() }).default({}),
  capture: z.record(z.string().regex(/^[A-Za-z_][\w.-]*$/), z.string().min(1)).default({}),
  dependsOn: z.array(z.string()).default([]),
});

/** zod schema of a scenario file. */
export const scenarioFileSchema = z.strictObject({
  /** `append` (default): run after the generated scenarios; `replace`: run only these. */
  mode: z.enum(['append', 'replace']).default('append'),
  scenarios: z.array(scenarioFileEntrySchema).min(1),
});

/**
 * Validates a scenario file's text (JSON by `path`'s extension, else YAML); throws `ScenarioFileError` naming the
 * field.
 */
export function parseScenarioFile(text: string, path: string): z.output<typeof scenarioFileSchema> {
  let raw: unknown;
  try {
    raw = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new ScenarioFileError(
      `not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
      path,
      { cause: error },
    );
  }
  const parsed = scenarioFileSchema.safeParse(raw);
  if (!parsed.success) throw new ScenarioFileError(`\n${z.prettifyError(parsed.error)}`, path, { cause: parsed.error });
  const ids = new Set<string>();
  for (const s of parsed.data.scenarios) {
    if (ids.has(s.id)) throw new ScenarioFileError(`duplicate scenario id "${s.id}"`, path);
    ids.add(s.id);
  }
  for (const s of parsed.data.scenarios) {
    for (const dep of s.dependsOn)
      if (!ids.has(dep)) throw new ScenarioFileError(`scenario "${s.id}" depends on unknown "${dep}"`, path);
  }
  return parsed.data;
}

/**
 * Converts file scenarios to executable ones. With an API model, a scenario whose path matches a
 * documented operation gets its response schemas and (without `expect.status`) its 2xx statuses.
 */
export function fileScenarios(file: z.output<typeof scenarioFileSchema>, api?: ApiModel): Scenario[] {
  return file.scenarios.map((entry) => {
    const template = entry.request.path.split('?')[0]!.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, '{$1}');
    const op = api?.operations.find((o) => o.method === entry.request.method && matchesTemplate(o.path, template));
    const status = entry.expect.status;
    return {
      id: entry.id,
      endpoint: entry.endpoint ?? op?.endpoint ?? `${entry.request.method} ${template}`,
      method: entry.request.method,
      path: entry.request.path,
      pathParams: {},
      query: Object.fromEntries(Object.entries(entry.request.query).map(([k, v]) => [k, String(v)])),
      headers: entry.request.headers,
      ...(entry.request.body !== undefined ? { body: entry.request.body, mediaType: entry.request.mediaType } : {}),
      expectedStatuses:
        status === undefined ? (op ? expectedStatuses(op) : []) : Array.isArray(status) ? status : [status],
      responses: op?.responses ?? [],
      bindings: [],
      captures: entry.capture,
      dependsOn: entry.dependsOn,
      role: 'other',
      origin: 'file',
    } satisfies Scenario;
  });
}

function matchesTemplate(apiPath: string, path: string): boolean {
  const a = apiPath.split('/');
  const b = path.split('/');
  return (
    a.length === b.length && a.every((seg, i) => seg === b[i] || /^\{[^}]+\}$/.test(seg) || /^\{[^}]+\}$/.test(b[i]!))
  );
}
