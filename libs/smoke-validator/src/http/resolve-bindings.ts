/**
 * The ids a scenario's bindings take: from the entities earlier scenarios of the run created or
 * listed, else (where the contract documents one) the contract's example. A scenario that reads
 * the documented ids takes the examples of its path straight away.
 */
import { idFor } from './entities.js';
import type { ScenarioPlan } from './order-scenarios.js';
import type { Binding, Scenario } from './scenario.js';
import type { ScenarioRun } from './scenario-run.js';

/** What the run knows so far: its plan, the entities it captured and the scenarios it has run. */
interface RunSoFar {
  readonly plan: ScenarioPlan;
  /** Scenario id → entity it created or listed. */
  readonly entities: ReadonlyMap<string, Record<string, unknown>>;
  readonly runs: ReadonlyMap<string, ScenarioRun>;
  /** A change to a record nothing in the contract creates may act on the contract's example. */
  readonly documentedTargets?: boolean;
}

/** A contract example sent in place of an id: the scenarios that should have provided one, and why. */
interface ExampleInPlace {
  readonly blockedBy: string[];
  readonly note: string;
  /** The example is the record a change acts on (`smoke.documentedTargets`). */
  readonly target?: boolean;
  /** The name it is sent under in the query, a header or the body (not the path). */
  readonly sentAs?: string;
}

/** The bound values of a scenario, or why it cannot be sent. */
type ResolvedBindings =
  | { readonly blocked: { readonly blockedBy: string[]; readonly note: string } }
  | {
      /** Binding key (`in:name`) → value. */
      readonly values: Map<string, unknown>;
      readonly notes: string[];
      /** The bindings filled with the contract's example. */
      readonly byExample: ExampleInPlace[];
      /** An example went into the query, a header or the body, not the path. */
      readonly byBody: boolean;
      /** Binding keys whose value is a listed record of the app's, not one the run created. */
      readonly listed: ReadonlySet<string>;
    };

/** Resolves every binding of `s` (see module comment); blocked at the first one without a value. */
export function resolveBindings(s: Scenario, run: RunSoFar): ResolvedBindings {
  const { plan, runs } = run;
  const notes: string[] = [];
  const values = new Map<string, unknown>(); // binding key → value
  const byExample: ExampleInPlace[] = [];
  const listed = new Set<string>();
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
    const resolved = resolveBinding(run, b.resource, b.field, ownOnly);
    if (!resolved) {
      const providers = (plan.providers.get(b.resource) ?? []).filter((id) => !ownOnly || isCreate(plan, id));
      const failedProviders = providers.filter((id) => runs.get(id)?.status !== 'passed');
      const why = ownOnly
        ? `${s.method} only touches what this run created, ` +
          `and ${providers.length ? `${providers.join(', ')} created none` : 'nothing in this run creates it'}`
        : providers.length
          ? `${providers.join(', ')} provided none`
          : 'nothing creates or lists it';
      const blockedBy = failedProviders.length > 0 ? failedProviders : [...providers];
      if (ownOnly && b.example !== undefined && actsOnExample(s, run, b.resource)) {
        const note =
          `${b.field} is the contract's example ${JSON.stringify(b.example)}: nothing in the contract creates ` +
          `${b.resource}, and every start begins from the same data`;
        values.set(`${b.in}:${b.name}`, b.example);
        notes.push(note);
        byExample.push({ blockedBy: [], note, target: true });
        continue;
      }
      if (ownOnly || b.example === undefined)
        return { blocked: { blockedBy, note: `no ${b.resource} id for ${b.field}: ${why}` } };
      notes.push(`${b.field} is the contract's example ${JSON.stringify(b.example)}: ${why}`);
      values.set(`${b.in}:${b.name}`, b.example);
      byExample.push({
        blockedBy,
        note: `no ${b.resource} id for ${b.field}: ${why}`,
        ...(b.in !== 'path' ? { sentAs: b.name } : {}),
      });
      byBody ||= b.in !== 'path';
      continue;
    }
    if (resolved.note) notes.push(resolved.note);
    if (resolved.listed) listed.add(`${b.in}:${b.name}`);
    values.set(`${b.in}:${b.name}`, resolved.value);
  }
  return { values, notes, byExample, byBody, listed };
}

// Entities this run created come first (a passed create, then a create that answered 2xx but failed
// a check, e.g. 200 instead of 201): smoke prefers its own data to the app's existing records.
// A listing's first element is the fallback when no create produced one — for reading only:
// `ownOnly` (the id a PUT, PATCH, DELETE or POST action acts on) takes created entities alone.
function resolveBinding(
  { plan, entities, runs }: RunSoFar,
  resource: string,
  field: string,
  ownOnly: boolean,
): { value: unknown; note?: string; listed?: true } | undefined {
  const providers = plan.providers.get(resource) ?? [];
  const ranked = [...providers].sort((a, b) => rank(runs, a) - rank(runs, b));
  for (const id of ranked) {
    const entity = entities.get(id);
    if (!entity || (ownOnly && !isCreate(plan, id))) continue;
    const value = idFor(entity, field);
    if (value === undefined) continue;
    const run = runs.get(id)!;
    if (run.scenario.role === 'list')
      return { value, note: `${field} taken from ${id} (no create of ${resource} returned one)`, listed: true };
    if (run.status !== 'passed') return { value, note: `${field} taken from ${id}, which failed its checks` };
    return { value };
  }
  return undefined;
}

// A change (not a DELETE) to a resource no operation of the contract creates, where the app's data
// is disposable: without the example, the endpoint would never be sent at all.
function actsOnExample(s: Scenario, run: RunSoFar, resource: string): boolean {
  if (!run.documentedTargets || s.method.toUpperCase() === 'DELETE') return false;
  return !(run.plan.providers.get(resource) ?? []).some((id) => isCreate(run.plan, id));
}

function isCreate(plan: ScenarioPlan, id: string): boolean {
  return plan.scenarios.find((p) => p.id === id)?.role === 'create';
}

function rank(runs: ReadonlyMap<string, ScenarioRun>, id: string): number {
  const run = runs.get(id);
  if (!run) return 9;
  if (run.scenario.role === 'create') return run.status === 'passed' ? 0 : 1;
  return 2;
}

// The methods that change or remove the resource their path names.
const MUTATING = new Set(['PUT', 'PATCH', 'DELETE']);

/**
 * Whether binding `b` of `s` is the id of the very resource a PUT, PATCH or DELETE changes (its
 * path's target), or a POST action acts on (`/jobs/{id}/complete`, documented without a 201: it
 * changes the job, it makes no child), which must be one this run created: the smoke never edits
 * or deletes the app's existing data — a seeded record quarantined or cancelled by the run would
 * refuse the requests after it. Parent ids in the path and ids in the body may still come from a
 * listing.
 */
export function mutatesTarget(s: Scenario, b: Binding): boolean {
  const method = s.method.toUpperCase();
  const acts = MUTATING.has(method) || (method === 'POST' && s.role === 'action' && !s.expectedStatuses.includes(201));
  return acts && b.in === 'path' && s.resource !== undefined && b.resource === s.resource;
}
