/**
 * Scenarios generated from an `ApiModel`: one positive scenario per operation (parameters and
 * bodies from the schemas, examples first; expected statuses from the documented 2xx responses;
 * id bindings to the resources the operation refers to, filled at run time from the entity
 * another scenario created or listed), then, on request, further distinct examples per operation
 * and boundary variants.
 */
import type { ApiModel, ApiOperation } from '../openapi/api-model.js';
import type { Scenario } from '../scenario.js';
import {
  buildScenario,
  expectedStatuses,
  scenarioToken,
  type BuildContext,
  type ScenarioMode,
} from './build-scenario.js';
import { makeValuesUnique } from './make-values-unique.js';
import { freshSeed } from './seed.js';
import { inferResources } from './resources.js';
import { invalidScenarios, restoreBroken, type InvalidScenario } from './invalid-scenarios.js';
import { documentedIdsScenario, documentedQueryScenario } from './documented-ids-scenario.js';
import { documentedChangeScenario } from './documented-change-scenario.js';
import { partialScenario } from './partial-scenarios.js';

export { expectedStatuses } from './build-scenario.js';

/** Options of `generateScenarios`. */
export interface GenerateOptions {
  /**
   * The run's seed (default: a fresh one): made-up strings and the unique suffixes of colliding
   * example values (`make-values-unique.ts`) derive from it, so one seed gives the same requests.
   */
  readonly seed?: string;
  /** Operations to leave out, as `METHOD /path` or bare paths. */
  readonly exclude?: readonly string[];
  /** Methods smoked (default GET, POST, PUT, PATCH, DELETE). */
  readonly methods?: readonly string[];
  /**
   * Scenarios per operation (default 1: the positive scenario only). Each further one (id
   * `METHOD /path #2`, `#3` …) sends another distinct schema-valid request, the k-th deterministic
   * variation of the values (`sample-variant.ts`); an operation with nothing to vary gets fewer.
   * They pass on a documented 2xx or a 4xx refusal and run after every positive scenario.
   */
  readonly examplesPerOperation?: number;
  /**
   * Also boundary variants (default false): per operation with a body or parameters, one with
   * extreme schema-valid body, query (optional parameters included) and unbound path values
   * (`METHOD /path [boundary]`), and per operation with an id in its path one with every path
   * parameter at its extreme instead of a real id (`METHOD /path [boundary path]`). They pass on
   * a documented 2xx or a 4xx refusal and run after the positive scenarios.
   */
  readonly boundary?: boolean;
  /**
   * Also invalid variants (default false, `invalid-scenarios.ts`): per operation, a path id no
   * entity has where it documents 404 (`METHOD /path [unknown id]`) and bodies breaking one
   * documented constraint each where it documents 400/422 (`METHOD /path [invalid: …]`). They
   * expect exactly the documented refusal and run after the positive scenarios.
   */
  readonly invalid?: boolean;
  /**
   * Also partial updates (default false, `partial-scenarios.ts`): per PATCH whose documented body
   * requires nothing, its positive request with one field only (`METHOD /path [partial]`). It
   * passes on a documented 2xx or a 4xx refusal and runs after its positive scenario.
   */
  readonly partial?: boolean;
  /**
   * Also, per read whose path ids the contract gives examples for (default true), the read of
   * those documented ids (`GET /path [documented ids]`): the app's own data, beside what the run
   * created. Runs after the positive scenarios; a 404 to an example blocks it.
   */
  readonly documentedIds?: boolean;
  /**
   * Changing the app's own data is allowed (default false; `smoke.documentedTargets`, on in the
   * repair loop, whose every start restores it). With `documentedIds`, each PUT and PATCH whose
   * path ids the contract gives examples for also gets its positive request sent to those ids
   * (`PATCH /path [documented ids]`, `documented-change-scenario.ts`). Off, none is generated:
   * a plain smoke's scenarios are the same as without the option.
   */
  readonly documentedTargets?: boolean;
}

// Candidates tried per wanted extra example before an operation is taken to have no more to vary.
const CANDIDATES_PER_EXAMPLE = 4;

/**
 * Generates the scenarios of `api`: positive ones in document order, then extra examples, partial updates, boundary
 * and invalid variants.
 */
export function generateScenarios(api: ApiModel, options: GenerateOptions = {}): Scenario[] {
  const methods = new Set((options.methods ?? ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).map((m) => m.toUpperCase()));
  const exclude = new Set(options.exclude ?? []);
  const ctx: BuildContext = {
    index: inferResources(api.operations),
    seed: options.seed ?? freshSeed(),
    operations: api.operations,
  };
  const selected = api.operations.filter(
    (op) => methods.has(op.method) && !exclude.has(op.endpoint) && !exclude.has(op.path),
  );
  const positive = selected.map((op) => buildScenario(op, ctx, { kind: 'primary' }));
  const perOperation = Math.max(1, Math.floor(options.examplesPerOperation ?? 1));
  const examples = perOperation > 1 ? selected.flatMap((op) => extraExamples(op, ctx, perOperation - 1)) : [];
  const partial = options.partial ? selected.flatMap((op, i) => partialScenario(op, positive[i]!) ?? []) : [];
  const creatable = new Set(positive.flatMap((s) => (s.role === 'create' && s.resource ? [s.resource] : [])));
  const documented =
    options.documentedIds !== false
      ? selected.flatMap((op, i) =>
          [
            documentedIdsScenario(op, positive[i]!),
            documentedQueryScenario(op, positive[i]!),
            options.documentedTargets ? documentedChangeScenario(op, positive[i]!, creatable) : null,
          ].filter((s): s is Scenario => s !== null),
        )
      : [];
  const boundary = options.boundary ? selected.flatMap((op) => boundaryVariants(op, ctx, positive)) : [];
  const invalid: InvalidScenario[] = options.invalid
    ? selected.flatMap((op, i) => invalidScenarios(op, positive[i]!, ctx.seed, scenarioToken(op, ctx.seed)))
    : [];
  const byEndpoint = new Map(api.operations.map((op) => [op.endpoint, op]));
  const unique = makeValuesUnique(
    [...positive, ...examples, ...partial, ...documented, ...boundary, ...invalid.map((v) => v.scenario)],
    {
      seed: ctx.seed,
      operations: api.operations,
      isCreator: (s) => writes(byEndpoint.get(s.endpoint)!, ctx),
      tokenOf: (s) => scenarioToken(byEndpoint.get(s.endpoint)!, ctx.seed),
    },
  );
  // Unique values go into the rest of an invalid body; the broken value itself stays broken.
  const start = unique.length - invalid.length;
  return unique.map((s, i) => (i < start ? s : restoreBroken(s, invalid[i - start]!.broken)));
}

/** Whether `op` writes what it is sent: a create, an update, or a POST/PUT/PATCH documented with 201. */
function writes(op: ApiOperation, ctx: BuildContext): boolean {
  const role = ctx.index.roleOf(op);
  return (
    role === 'create' ||
    role === 'update' ||
    (['POST', 'PUT', 'PATCH'].includes(op.method) && expectedStatuses(op).includes(201))
  );
}

/**
 * The boundary variants of `op`: extreme values unless they change nothing, and extreme path ids when the positive one
 * binds them.
 */
function boundaryVariants(op: ApiOperation, ctx: BuildContext, positive: readonly Scenario[]): Scenario[] {
  const key = (mode: ScenarioMode) => requestKey(buildScenario(op, { ...ctx, seed: 'k' }, mode));
  const out =
    key({ kind: 'boundary' }) === key({ kind: 'primary' }) ? [] : [buildScenario(op, ctx, { kind: 'boundary' })];
  // Path ids bound to real entities are the values the boundary variant cannot vary.
  const path = buildScenario(op, ctx, { kind: 'boundary-path' });
  if (positive.find((p) => p.endpoint === op.endpoint)!.bindings.some((b) => b.in === 'path')) out.push(path);
  return out;
}

/**
 * Up to `wanted` extra examples of `op`, each a request unlike the positive one and the earlier
 * examples (compared with a fixed unique token, so unique strings alone do not count as a
 * difference). Numbered `#2`, `#3` … in the order of the variations, which does not depend on
 * `wanted`: example #3 is the same request whether 3 or 10 are asked for.
 */
function extraExamples(op: ApiOperation, ctx: BuildContext, wanted: number): Scenario[] {
  const fixed = { ...ctx, seed: 'k' };
  const seen = new Set([requestKey(buildScenario(op, fixed, { kind: 'primary' }))]);
  const out: Scenario[] = [];
  for (let k = 1; out.length < wanted && k <= wanted * CANDIDATES_PER_EXAMPLE; k++) {
    const key = requestKey(buildScenario(op, fixed, { kind: 'example', k }));
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...buildScenario(op, ctx, { kind: 'example', k }), id: `${op.endpoint} #${out.length + 2}` });
  }
  return out;
}

/** What a scenario sends, apart from the values bindings fill in at run time. */
function requestKey(s: Scenario): string {
  const bound = new Set(s.bindings.map((b) => `${b.in}:${b.name}`));
  const unbound = Object.entries(s.pathParams).filter(([k]) => !bound.has(`path:${k}`));
  return JSON.stringify([unbound, s.query, s.headers, s.body ?? null, [...bound].sort()]);
}
