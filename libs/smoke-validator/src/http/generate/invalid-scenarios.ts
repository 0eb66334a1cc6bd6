/**
 * Invalid variants of an operation, one request built for each documented refusal: the
 * operation's 404 for a path id no entity has (`METHOD /path [unknown id]`, the other path ids
 * still real), and its 400/422 for a body breaking one documented constraint
 * (`METHOD /path [invalid: email format]`, at most one per rule of `break-constraint.ts`). They
 * expect the documented refusal: a 5xx or a hang (the app failed to refuse) is a failure, and so
 * is a 2xx for an unknown id (an answer about nothing), while a lenient app's documented 2xx for
 * an invalid body passes. Each is sent only once its positive scenario passed. Deterministic:
 * the same operations and seed give the same requests.
 */
import type { ApiOperation } from '../openapi/api-model.js';
import type { Scenario } from '../scenario.js';
import { breakConstraints, unknownId } from './break-constraint.js';
import { expectedStatuses } from './build-scenario.js';

/** An invalid variant and what it breaks, to be put back after values are made unique. */
export interface InvalidScenario {
  readonly scenario: Scenario;
  readonly broken: { readonly in: 'path' | 'body'; readonly name: string; readonly value?: unknown };
}

/** The invalid variants of `op`, built from its positive scenario `positive`. */
export function invalidScenarios(op: ApiOperation, positive: Scenario, seed: string, token: string): InvalidScenario[] {
  const out: InvalidScenario[] = [];
  // A refusal is asked once the request it varies is answered: until then its failure would be
  // the positive request's bug again, judged against that bug's fix.
  const base = {
    role: 'other' as const,
    variant: 'invalid' as const,
    variantOf: op.endpoint,
    dependsOn: [...positive.dependsOn, positive.id],
  };
  // The last bound path id (a child under real parents) is swapped for one no entity has.
  const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const bound = names.filter((n) => positive.bindings.some((b) => b.in === 'path' && b.name === n));
  const last = bound.at(-1);
  const param = op.parameters.find((p) => p.in === 'path' && p.name === last);
  const id = param ? unknownId(param.schema, seed, [op.endpoint, param.name], token) : undefined;
  if (param && id !== undefined && documents(op, ['404']).length > 0) {
    const value = typeof id === 'string' ? id : String(id);
    out.push({
      scenario: {
        ...positive,
        ...base,
        id: `${op.endpoint} [unknown id]`,
        pathParams: { ...positive.pathParams, [param.name]: value },
        bindings: positive.bindings.filter((b) => !(b.in === 'path' && b.name === param.name)),
        expectedStatuses: [404],
      },
      broken: { in: 'path', name: param.name, value },
    });
  }
  const refusals = documents(op, ['400', '422', '4XX']);
  if (!op.requestBody || refusals.length === 0) return out;
  // A lenient app may take a body the contract refuses (its documented 2xx passes: nothing to
  // repair there); failing to refuse it (a 5xx, a hang, another status) is the failure asked for.
  // A lenient app that took the value (a number read as a timestamp) may then refuse it against its stored
  // state as it documents (a 409 conflict): that is the contract's answer too, not a failure to refuse.
  const statuses = [
    ...expectedStatuses(op),
    ...(refusals.includes('4XX') ? [400, 422] : refusals.map(Number)),
    ...documents(op, ['409']).map(Number),
  ];
  const boundFields = new Set(positive.bindings.filter((b) => b.in === 'body').map((b) => b.name.slice(1)));
  for (const broken of breakConstraints(op.requestBody.schema, positive.body, token, boundFields)) {
    const body = { ...(positive.body as Record<string, unknown>) };
    if (broken.omit) delete body[broken.field];
    else body[broken.field] = broken.value;
    out.push({
      scenario: {
        ...positive,
        ...base,
        id: `${op.endpoint} [invalid: ${broken.label}]`,
        body,
        bindings: positive.bindings.filter((b) => !(b.in === 'body' && b.name === `/${broken.field}`)),
        expectedStatuses: statuses,
        // a lenient 2xx echoes what it took: its body is not held to the schema
        responses: op.responses.filter((r) => !r.status.startsWith('2')),
      },
      broken: { in: 'body', name: broken.field, ...(broken.omit ? {} : { value: broken.value }) },
    });
  }
  return out;
}

/** `s` with its broken value put back where `makeValuesUnique` may have rewritten it. */
export function restoreBroken(s: Scenario, broken: InvalidScenario['broken']): Scenario {
  if (broken.in === 'path') return { ...s, pathParams: { ...s.pathParams, [broken.name]: broken.value as string } };
  const body = { ...(s.body as Record<string, unknown>) };
  if ('value' in broken) body[broken.name] = broken.value;
  else delete body[broken.name];
  return { ...s, body };
}

/** The statuses of `wanted` that `op` documents. */
function documents(op: ApiOperation, wanted: readonly string[]): string[] {
  return wanted.filter((status) => op.responses.some((r) => r.status === status));
}
