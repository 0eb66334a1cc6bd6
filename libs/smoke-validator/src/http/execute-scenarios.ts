/**
 * Runs planned scenarios against a base URL: bounded concurrency, each scenario after its
 * predecessors, ids captured from responses and substituted into later paths, queries and
 * bodies. A scenario whose ids cannot be had (its providers failed) is blocked, never sent; a
 * PUT, PATCH or DELETE is blocked too unless the id it acts on is one this run created.
 */
import { randomUUID } from 'node:crypto';
import type { ScenarioStatus } from '../smoke-result.js';
import { createResponseChecker, type CheckFailure } from './check-response.js';
import { documentedParents } from './documented-parents.js';
import { droppedRequestData } from './dropped-request-data.js';
import type { CrashGuard, CrashRecord, SendTicket } from './crash-guard.js';
import { entityFromCreate, entityFromList, idFor, readPath, setPointer } from './entities.js';
import type { HttpClient, HttpFailure, HttpResponse } from './http-client.js';
import type { ScenarioPlan } from './order-scenarios.js';
import type { Binding, Scenario } from './scenario.js';

/** The request as sent. */
interface SentRequest {
  readonly method: string;
  readonly url: string;
  /** Path and query, ids substituted. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly json?: unknown;
  readonly requestId: string;
}

/** What happened to one scenario (before log attribution). */
export interface ScenarioRun {
  readonly scenario: Scenario;
  readonly status: ScenarioStatus;
  readonly blockedBy: readonly string[];
  readonly request?: SentRequest;
  readonly response?: HttpResponse | HttpFailure;
  readonly failure?: CheckFailure;
  readonly notes: readonly string[];
  readonly startMs: number;
  readonly endMs: number;
  /** This request crashed the app (it was the one in flight when the app died). */
  readonly crash?: CrashRecord;
  /** Times it was sent again because the app died under it, crashed by another request. */
  readonly reruns?: number;
  /** It timed out and the app dumped its stacks: the dump is in the log up to `untilMs`. */
  readonly stackDump?: { readonly untilMs: number };
}

/** Options of `executeScenarios`. */
export interface ExecuteOptions {
  readonly http: HttpClient;
  readonly baseUrl: string;
  readonly concurrency?: number;
  readonly timeoutMs?: number;
  /** Sent with every request (e.g. Authorization); redacted in every output. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Body bytes read per response (default 1 MiB); longer bodies are cut and not validated. */
  readonly maxBodyBytes?: number;
  /** Name of the request id header (default `X-Request-ID`). */
  readonly requestIdHeader?: string;
  /** The request id of a scenario (unique within the run); default a random UUID. */
  readonly requestIdOf?: (scenario: Scenario) => string;
  readonly signal?: AbortSignal;
  readonly onScenario?: (run: ScenarioRun) => void;
  readonly now?: () => number;
  /** Sees the app die under a request, restarts it and reruns the requests it took down. */
  readonly guard?: CrashGuard;
  /** Stop after this many failed scenarios: the ones not yet sent are blocked (requests in flight finish). */
  readonly maxFailures?: number;
  /**
   * Awaited after a 5xx answer, before its slot goes to the next request: the app logs a trace
   * after its response often enough (uvicorn does) that the next request would begin before it.
   */
  readonly afterServerError?: () => Promise<void>;
}

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
    const ownRead = s.documentedIds && s.variantOf !== undefined ? runs.get(s.variantOf) : undefined;
    if (ownRead?.status === 'failed') return blocked([ownRead.scenario.id], `${ownRead.scenario.id} failed already`);
    const failedDeps = s.dependsOn.filter((id) => runs.get(id)?.status !== 'passed');
    if (failedDeps.length > 0) return blocked(failedDeps, `prerequisite ${failedDeps.join(', ')} did not pass`);
    const notes: string[] = [];
    const values = new Map<string, unknown>(); // binding key → value
    const byExample: { blockedBy: string[]; note: string }[] = [];
    let byBody = false;
    for (const b of s.bindings) {
      if (s.documentedIds && b.in === 'path' && b.example !== undefined) {
        const note = `${b.field} is the contract's example ${JSON.stringify(b.example)}`;
        values.set(`${b.in}:${b.name}`, b.example);
        notes.push(note);
        byExample.push({ blockedBy: [], note });
        continue;
      }
      const ownOnly = mutatesTarget(s, b);
      const resolved = resolveBinding(b.resource, b.field, ownOnly);
      if (!resolved) {
        const providers = (plan.providers.get(b.resource) ?? []).filter((id) => !ownOnly || isCreate(id));
        const failedProviders = providers.filter((id) => runs.get(id)?.status !== 'passed');
        const why = ownOnly
          ? `${s.method} only touches what this run created, ` +
            `and ${providers.length ? `${providers.join(', ')} created none` : 'nothing in this run creates it'}`
          : providers.length
            ? `${providers.join(', ')} provided none`
            : 'nothing creates or lists it';
        const blockedBy = failedProviders.length > 0 ? failedProviders : [...providers];
        if (ownOnly || b.example === undefined) return blocked(blockedBy, `no ${b.resource} id for ${b.field}: ${why}`);
        notes.push(`${b.field} is the contract's example ${JSON.stringify(b.example)}: ${why}`);
        values.set(`${b.in}:${b.name}`, b.example);
        byExample.push({ blockedBy, note: `no ${b.resource} id for ${b.field}: ${why}` });
        byBody ||= b.in !== 'path';
        continue;
      }
      if (resolved.note) notes.push(resolved.note);
      values.set(`${b.in}:${b.name}`, resolved.value);
    }
    for (const name of usedVariables(s)) {
      if (!variables.has(name)) {
        const provider = plan.variableProviders.get(name);
        return blocked(
          provider ? [provider] : [],
          `variable {{${name}}} was not captured${provider ? ` (${provider} did not provide it)` : ''}`,
        );
      }
    }
    let request = buildRequest(s, values, variables, options);
    let sent = await sendGuarded(s, request, notes);
    if ('blocked' in sent) return sent.blocked;
    let own = true;
    const parents = sent.crash ? [] : documentedParents(s, values, sent.response);
    if (parents.length > 0) {
      const refused = sent.response.ok ? sent.response.status : 0;
      const retried = new Map(values);
      for (const b of parents) retried.set(`${b.in}:${b.name}`, b.example);
      const again = buildRequest(s, retried, variables, options);
      const second = await sendGuarded(s, again, []);
      const said = parents.map((b) => `${b.field} ${JSON.stringify(b.example)}`).join(', ');
      if ('blocked' in second) {
        notes.push(`refused (${refused}); not sent again: ${second.blocked.notes.join('; ')}`);
      } else {
        const status = !second.crash && second.response.ok ? second.response.status : null;
        // Passed under the documented parent; or the documented request itself fails (a 5xx, a crash, no
        // answer), which is the failure to report. Refused there too: the first answer stands.
        const taken = status === null || status < 300 || status >= 500;
        notes.push(
          status !== null && status < 300
            ? `refused (${refused}) under the run's own parent; sent again under the contract's example ${said}`
            : taken
              ? `refused (${refused}) under the run's own parent; under the contract's example ${said} it failed`
              : `refused (${refused}); under the contract's example ${said} too, so the first answer stands`,
        );
        if (taken) [request, sent, own] = [again, second, false];
      }
    }
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
    if (!response.ok) {
      return {
        scenario: s,
        status: 'failed',
        blockedBy: [],
        request,
        response,
        failure: { kind: response.kind === 'timeout' ? 'timeout' : 'connection_error', message: response.message },
        notes,
        startMs: sendStart,
        endMs,
        ...reruns,
      };
    }
    // A documented example id the app does not hold tells nothing about the endpoint: it stays
    // blocked behind the scenarios that should have provided one. Refused as a reference in a body
    // (any 4xx: an unknown author), likewise.
    const refusedExample =
      byExample.length > 0 && (response.status === 404 || (byBody && response.status >= 400 && response.status < 500));
    if (refusedExample)
      return {
        ...blocked(
          byExample.flatMap((e) => e.blockedBy),
          `${byExample.map((e) => e.note).join('; ')}; the contract's example answered ${response.status}`,
        ),
        request,
        response,
        startMs: sendStart,
        endMs,
      };
    const checked = checker.check(response, s.expectedStatuses, s.responses);
    const dropped = checked.failure
      ? undefined
      : droppedRequestData(request.method, request.json, checked.json, response.status);
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

  type Sent =
    | {
        response: HttpResponse | HttpFailure;
        sendStart: number;
        endMs: number;
        crash?: CrashRecord;
        reruns: number;
        dump?: CrashRecord;
      }
    | { blocked: ScenarioRun };

  // One send, or, when the app dies under it: the crash (it was the only request in flight), or a
  // rerun on the restarted app (alone when it may have been the one that killed it).
  const sendGuarded = async (s: Scenario, request: SentRequest, notes: string[]): Promise<Sent> => {
    const guard = options.guard;
    let reruns = 0;
    let exclusive = false;
    const suspectedIn: CrashRecord[] = [];
    for (;;) {
      const down = guard?.down();
      if (down) {
        const by = down.culprit ? [down.culprit.scenarioId] : [];
        const at = now();
        return {
          blocked: {
            scenario: s,
            status: 'blocked',
            blockedBy: by,
            notes: [
              ...notes,
              `not sent: the app crashed${by.length ? ` under ${by[0]}` : ''} ` +
                `and ${down.notRestarted ?? 'was not restarted'}`,
            ],
            startMs: at,
            endMs: at,
          },
        };
      }
      await acquire();
      const ticket: SendTicket | undefined = await guard?.enter(exclusive);
      const sendStart = now();
      let response: HttpResponse | HttpFailure;
      try {
        response = await options.http.send({
          method: request.method,
          url: request.url,
          headers: request.headers,
          ...(request.body !== undefined ? { body: request.body } : {}),
          timeoutMs: options.timeoutMs ?? 10_000,
          maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } catch (error) {
        if (ticket) guard!.leave(ticket, false);
        release();
        throw error;
      }
      const lost = !response.ok && response.kind === 'connection_error';
      if (ticket) guard!.leave(ticket, lost);
      const endMs = now();
      if (response.ok && response.status >= 500 && options.afterServerError) {
        try {
          await options.afterServerError();
        } catch {
          // only a wait: attribution then falls back to its other evidence
        }
      }
      release();
      if (guard && ticket && !response.ok && response.kind === 'timeout') {
        // A hang: while the handler is still stuck, have the app show where (where the runtime can).
        const dump = await guard.dumpStacks(ticket.generation);
        return { response, sendStart, endMs, reruns, ...(dump ? { dump } : {}) };
      }
      if (!guard || !ticket || !lost) return { response, sendStart, endMs, reruns };
      const death = await guard.deathOf(ticket.generation);
      if (!death) return { response, sendStart, endMs, reruns };
      const suspects = guard.suspects(ticket.generation);
      if (!death.dump && suspects.length === 1 && suspects[0] === ticket) {
        death.culprit = { scenarioId: s.id, requestId: request.requestId, startMs: sendStart };
        for (const earlier of suspectedIn)
          earlier.culprit ??= { scenarioId: s.id, requestId: request.requestId, startMs: sendStart, byRerun: true };
        if (exclusive && suspectedIn.length > 0) death.confirmsEarlier = true;
        await guard.recover(ticket.generation);
        return { response, sendStart, endMs, crash: death, reruns };
      }
      const up = await guard.recover(ticket.generation);
      if (!up) continue; // reported as blocked by the crash at the top of the loop
      reruns += 1;
      exclusive = !death.dump && suspects.includes(ticket);
      if (exclusive) suspectedIn.push(death);
      notes.push(
        death.dump
          ? 'rerun after the app restarted: it was stopped for a stack dump of a hung request'
          : `rerun after the app restarted: it died (${exitText(death)}) while this request ` +
              `was ${exclusive ? 'in flight with others' : 'being sent'}`,
      );
    }
  };

  // Entities this run created come first (a passed create, then a create that answered 2xx but failed
  // a check, e.g. 200 instead of 201): smoke prefers its own data to the app's existing records.
  // A listing's first element is the fallback when no create produced one — for reading only:
  // `ownOnly` (the id a PUT, PATCH or DELETE acts on) takes created entities alone.
  const resolveBinding = (
    resource: string,
    field: string,
    ownOnly: boolean,
  ): { value: unknown; note?: string } | undefined => {
    const providers = plan.providers.get(resource) ?? [];
    const ranked = [...providers].sort((a, b) => rank(a) - rank(b));
    for (const id of ranked) {
      const entity = entities.get(id);
      if (!entity || (ownOnly && !isCreate(id))) continue;
      const value = idFor(entity, field);
      if (value === undefined) continue;
      const run = runs.get(id)!;
      if (run.scenario.role === 'list')
        return { value, note: `${field} taken from ${id} (no create of ${resource} returned one)` };
      if (run.status !== 'passed') return { value, note: `${field} taken from ${id}, which failed its checks` };
      return { value };
    }
    return undefined;
  };
  const isCreate = (id: string) => plan.scenarios.find((p) => p.id === id)?.role === 'create';
  const rank = (id: string) => {
    const run = runs.get(id);
    if (!run) return 9;
    if (run.scenario.role === 'create') return run.status === 'passed' ? 0 : 1;
    return 2;
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

// The methods that change or remove the resource their path names.
const MUTATING = new Set(['PUT', 'PATCH', 'DELETE']);

/**
 * Whether binding `b` of `s` is the id of the very resource a PUT, PATCH or DELETE changes (its
 * path's target), which must be one this run created: the smoke never edits or deletes the app's
 * existing data. Parent ids in the path and ids in the body may still come from a listing.
 */
function mutatesTarget(s: Scenario, b: Binding): boolean {
  return (
    MUTATING.has(s.method.toUpperCase()) && b.in === 'path' && s.resource !== undefined && b.resource === s.resource
  );
}

function exitText(crash: CrashRecord): string {
  return crash.exit.signal ? `signal ${crash.exit.signal}` : `exit code ${crash.exit.exitCode}`;
}

function crashMessage(crash: CrashRecord): string {
  const after = crash.restarted
    ? 'restarted; the other scenarios ran on the restarted app'
    : `not restarted: ${crash.notRestarted ?? 'unknown reason'}`;
  return `the app crashed during this request (${exitText(crash)}); ${after}`;
}

function usedVariables(s: Scenario): string[] {
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

function buildRequest(
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
