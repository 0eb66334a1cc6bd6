/**
 * Runs planned scenarios against a base URL: bounded concurrency, each scenario after its
 * predecessors, ids captured from responses and substituted into later paths, queries and
 * bodies. A scenario whose ids cannot be had (its providers failed) is blocked, never sent; a
 * PUT, PATCH, DELETE or POST action is blocked too unless the id it acts on is one this run created.
 */
import { buildRequest, usedVariables } from './build-request.js';
import { createResponseChecker, type CheckFailure } from './check-response.js';
import { documentedChangeForbidden, documentedChangeRefused, isDocumentedChange } from './documented-change.js';
import { documentedParents, documentedTarget } from './documented-parents.js';
import { droppedRequestData } from './dropped-request-data.js';
import { emptyFirstPage } from './empty-first-page.js';
import { garbledRefusal } from './garbled-refusal.js';
import { entityFromCreate, entityFromList, readPath } from './entities.js';
import type { ExecuteOptions } from './execute-options.js';
import type { HttpResponse } from './http-client.js';
import type { ScenarioPlan } from './order-scenarios.js';
import { resolveBindings } from './resolve-bindings.js';
import { retryUnderDocumentedParents } from './retry-documented-parents.js';
import { refusedUniqueValue, retryWithDocumentValues } from './retry-document-values.js';
import type { Scenario } from './scenario.js';
import type { ScenarioRun } from './scenario-run.js';
import { createNoRouteProbe } from './no-route-probe.js';
import { namesOnlyOtherFields } from './refused-fields.js';
import { crashMessage, createSendGuarded } from './send-guarded.js';

export type { ExecuteOptions } from './execute-options.js';
export type { ScenarioRun } from './scenario-run.js';

type Entity = Record<string, unknown>;

/** Runs the plan; resolves with one `ScenarioRun` per scenario, in plan order. */
export async function executeScenarios(plan: ScenarioPlan, options: ExecuteOptions): Promise<ScenarioRun[]> {
  const now = options.now ?? Date.now;
  const checker = createResponseChecker();
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const entities = new Map<string, Entity>(); // scenario id → entity it created or listed
  const variables = new Map<string, unknown>();
  const runs = new Map<string, ScenarioRun>();
  const done = new Map<string, Promise<ScenarioRun>>();
  let active = 0;
  let failures = 0;
  const queue: (() => void)[] = [];
  const acquire = () =>
    active < concurrency ? (active++, Promise.resolve()) : new Promise<void>((r) => queue.push(r));
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else active--;
  };
  const sendGuarded = createSendGuarded({ options, acquire, release, now });
  const answersAsNoRoute = createNoRouteProbe(options);

  const runOne = async (s: Scenario): Promise<ScenarioRun> => {
    await Promise.all((plan.after.get(s.id) ?? []).map((id) => done.get(id)));
    const started = now();
    const blocked = (blockedBy: string[], note: string): ScenarioRun => ({
      scenario: s,
      status: 'blocked',
      blockedBy,
      notes: [note],
      startMs: started,
      endMs: started,
    });
    if (options.signal?.aborted) return blocked([], 'the run was cancelled');
    if (options.maxFailures !== undefined && failures >= options.maxFailures)
      return blocked([], `not sent: the run stopped after ${failures} failures (maxFailures ${options.maxFailures})`);
    // The documented ids add what the run's own record cannot show; where that read failed already,
    // the endpoint's bug is known, and a second crash would only spend a restart.
    const ownRead =
      (s.documentedIds || s.documentedQuery) && s.variantOf !== undefined ? runs.get(s.variantOf) : undefined;
    if (ownRead?.status === 'failed') return blocked([ownRead.scenario.id], `${ownRead.scenario.id} failed already`);
    const forbidden = documentedChangeForbidden(s, options.documentedTargets ?? false);
    if (forbidden) return blocked([], forbidden);
    const failedDeps = s.dependsOn.filter((id) => runs.get(id)?.status !== 'passed');
    if (failedDeps.length > 0) return blocked(failedDeps, `prerequisite ${failedDeps.join(', ')} did not pass`);
    const bindings = resolveBindings(s, {
      plan,
      entities,
      runs,
      documentedTargets: options.documentedTargets ?? false,
    });
    if ('blocked' in bindings) return blocked(bindings.blocked.blockedBy, bindings.blocked.note);
    const { values, notes, byExample, byBody, listed } = bindings;
    for (const name of usedVariables(s)) {
      if (!variables.has(name)) {
        const provider = plan.variableProviders.get(name);
        return blocked(
          provider ? [provider] : [],
          `variable {{${name}}} was not captured${provider ? ` (${provider} did not provide it)` : ''}`,
        );
      }
    }
    const firstRequest = buildRequest(s, values, variables, options);
    const first = await sendGuarded(s, firstRequest, notes);
    if ('blocked' in first) return first.blocked;
    const parents = first.crash
      ? []
      : [
          ...documentedParents(s, values, first.response, listed),
          ...documentedTarget(s, values, first.response, options.documentedTargets ?? false),
        ];
    const retry = { values, variables, options, sendGuarded };
    const { request, sent, own } =
      !first.crash && refusedUniqueValue(s, first.response)
        ? { ...(await retryWithDocumentValues(s, { request: firstRequest, sent: first }, retry, notes)), own: true }
        : parents.length > 0
          ? await retryUnderDocumentedParents(s, parents, { request: firstRequest, sent: first }, retry, notes)
          : { request: firstRequest, sent: first, own: true };
    const { response, sendStart, endMs } = sent;
    if (sent.crash) {
      return {
        scenario: s,
        status: 'failed',
        blockedBy: [],
        request,
        response,
        failure: { kind: 'crash', message: crashMessage(sent.crash) },
        notes,
        startMs: sendStart,
        endMs,
        crash: sent.crash,
        ...(sent.reruns ? { reruns: sent.reruns } : {}),
      };
    }
    const reruns = {
      ...(sent.reruns ? { reruns: sent.reruns } : {}),
      ...(sent.dump ? { stackDump: { untilMs: sent.dump.exit.loggedAtMs } } : {}),
    };
    const failed = (failure: CheckFailure): ScenarioRun => ({
      scenario: s,
      status: 'failed',
      blockedBy: [],
      request,
      response,
      failure,
      notes,
      startMs: sendStart,
      endMs,
      ...reruns,
    });
    if (!response.ok)
      return failed({ kind: response.kind === 'timeout' ? 'timeout' : 'connection_error', message: response.message });
    // A change to the app's own record fails on a 5xx or a broken 2xx only (`documented-change.ts`).
    const documentedChange = isDocumentedChange(s);
    const garbled =
      s.variant === 'invalid' || s.variant === 'boundary' || documentedChange
        ? undefined
        : garbledRefusal(request, response, s.expectedStatuses);
    if (garbled) return failed(garbled);
    const unjudged = documentedChangeRefused(
      s,
      response,
      byExample.map((e) => e.note),
    );
    // A 404 the way a path no route serves is answered is no state of the record: that method's
    // route is missing (registered as PUT where the contract says PATCH), judged like any example below.
    if (unjudged && !(response.status === 404 && (await answersAsNoRoute(request.method, request.url, response.body))))
      return { ...blocked([], unjudged), request, response, startMs: sendStart, endMs };
    // A documented example id the app does not hold tells nothing about the endpoint: it stays
    // blocked behind the scenarios that should have provided one. Refused as a reference in a body
    // (any 4xx: an unknown author), likewise; and a seeded record a change acts on may be in a state
    // that refuses it (409: already closed) — only a refusal of the documented body (400/422) counts.
    const clientError = response.status >= 400 && response.status < 500;
    const refusedTarget =
      byExample.some((e) => e.target) && clientError && response.status !== 400 && response.status !== 422;
    // A refusal whose body names the fields it refused, none of them one an example filled
    // (`issues: [{ path: 'scheduledAt' }]` beside an example `balloonId`), refused the documented body.
    const refusedOwnFields = byBody && clientError && namesOnlyOtherFields(response.body, request.json, byExample);
    const refusedExample =
      (byExample.length > 0 &&
        (response.status === 404 || (byBody && clientError && !refusedOwnFields) || refusedTarget)) ||
      (s.documentedQuery === true && clientError);
    // …unless the 404 is the app's own "no route matched" answer: the route is what is missing.
    const routeless =
      refusedExample &&
      response.status === 404 &&
      byExample.length > 0 &&
      (await answersAsNoRoute(request.method, request.url, response.body));
    if (routeless)
      notes.push(
        "the contract's example answered 404 the way a path no route serves does: the route is missing, not the record",
      );
    if (refusedExample && !routeless) {
      const notes = [
        ...byExample.map((e) => e.note),
        ...(s.documentedQuery ? ["the query is the contract's example"] : []),
      ];
      return {
        ...blocked(
          byExample.flatMap((e) => e.blockedBy),
          `${notes.join('; ')}; the contract's example answered ${response.status}`,
        ),
        request,
        response,
        startMs: sendStart,
        endMs,
      };
    }
    const checked = checker.check(response, s.expectedStatuses, s.responses);
    const dropped =
      checked.failure || documentedChange
        ? undefined
        : (droppedRequestData(request.method, request.json, checked.json, response.status) ??
          emptyFirstPage(request.method, request.url, checked.json, response.status));
    const outcome = dropped ? { ...checked, failure: dropped } : checked;
    notes.push(...outcome.notes);
    // An entity made under the example parent provides no ids: the run's children go under its own parents.
    if (response.status >= 200 && response.status < 300 && own) capture(s, outcome.json, response);
    return {
      scenario: s,
      status: outcome.failure ? 'failed' : 'passed',
      blockedBy: [],
      request,
      response,
      ...(outcome.failure ? { failure: outcome.failure } : {}),
      notes,
      startMs: sendStart,
      endMs,
      ...reruns,
    };
  };

  const capture = (s: Scenario, json: unknown, response: HttpResponse) => {
    if (s.resource && (s.role === 'create' || s.role === 'list')) {
      const entity = s.role === 'create' ? entityFromCreate(json, response.headers['location']) : entityFromList(json);
      if (entity) entities.set(s.id, entity);
    }
    for (const [name, path] of Object.entries(s.captures)) {
      const value = path.toLowerCase().startsWith('header:')
        ? response.headers[path.slice(7).trim().toLowerCase()]
        : readPath(json, path);
      if (value !== undefined) variables.set(name, value);
    }
  };

  for (const s of plan.scenarios) {
    const promise = runOne(s).then((run) => {
      runs.set(s.id, run);
      if (run.status === 'failed') failures++;
      options.onScenario?.(run);
      return run;
    });
    done.set(s.id, promise);
  }
  return Promise.all(plan.scenarios.map((s) => done.get(s.id)!));
}
