/**
 * Dependency order of scenarios, inferred from resources: providers (the create and the list of
 * a collection) before the scenarios that need one of its ids; per resource instance reads, then
 * updates, then actions, then the delete; a delete after everything else that uses the resource,
 * children's deletes before their parents'; a scenario whose body names an instance of a resource
 * (may consume it) after every other non-delete use of that resource and its sub-resources; a change to a resource
 * nothing creates (a seeded record) after every read of it and under it; a change to the contract's example record
 * after every read variant. Scenario-file `dependsOn`
 * and `{{variable}}` uses add edges too. A top-level collection with no provider of its own takes those of the same
 * collection nested under a parent (`addNestedProviders`). An edge that would close a cycle is dropped (lower-priority
 * edges first).
 */
import type { Scenario } from './scenario.js';

/** Scenarios in run order with their predecessors. */
export interface ScenarioPlan {
  /** Topological order (document order among independent scenarios). */
  readonly scenarios: readonly Scenario[];
  /** Scenario id → ids that must finish before it starts. */
  readonly after: ReadonlyMap<string, readonly string[]>;
  /** Resource → scenario ids that can provide one of its ids (creates first, then lists). */
  readonly providers: ReadonlyMap<string, readonly string[]>;
  /** Variable name → id of the scenario capturing it (scenario files). */
  readonly variableProviders: ReadonlyMap<string, string>;
}

const RANK: Partial<Record<Scenario['role'], number>> = { list: 1, read: 1, update: 2, action: 3, delete: 4 };

/** Orders `scenarios` (see module comment). Ids must be unique. */
export function orderScenarios(scenarios: readonly Scenario[]): ScenarioPlan {
  const ids = scenarios.map((s) => s.id);
  const position = new Map(ids.map((id, i) => [id, i]));
  const edges = new Map<string, Set<string>>(ids.map((id) => [id, new Set()])); // before → afters
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node === to) return true;
      if (seen.has(node)) continue;
      seen.add(node);
      stack.push(...(edges.get(node) ?? []));
    }
    return false;
  };
  const addEdge = (before: string, after: string) => {
    if (before === after || !edges.has(before) || !edges.has(after) || edges.get(before)!.has(after)) return;
    if (reaches(after, before)) return;
    edges.get(before)!.add(after);
  };

  const providers = new Map<string, string[]>();
  for (const role of ['create', 'list'] as const) {
    for (const s of scenarios)
      if (s.role === role && s.resource) providers.set(s.resource, [...(providers.get(s.resource) ?? []), s.id]);
  }
  addNestedProviders(scenarios, providers);
  const variableProviders = new Map<string, string>();
  for (const s of scenarios)
    for (const name of Object.keys(s.captures)) if (!variableProviders.has(name)) variableProviders.set(name, s.id);

  // 1. explicit and variable dependencies, then id providers
  for (const s of scenarios) {
    for (const dep of s.dependsOn) addEdge(dep, s.id);
    for (const name of variablesUsed(s)) {
      const provider = variableProviders.get(name);
      if (provider) addEdge(provider, s.id);
    }
  }
  for (const s of scenarios)
    for (const b of s.bindings) for (const p of providers.get(b.resource) ?? []) addEdge(p, s.id);
  // 2. per resource: reads < updates < actions < delete; same-rank mutations in document order
  const byResource = new Map<string, Scenario[]>();
  for (const s of scenarios)
    if (s.resource && RANK[s.role]) byResource.set(s.resource, [...(byResource.get(s.resource) ?? []), s]);
  for (const list of byResource.values()) {
    for (const a of list) {
      for (const b of list) {
        const ra = RANK[a.role]!;
        const rb = RANK[b.role]!;
        if (ra < rb || (ra === rb && ra >= 2 && position.get(a.id)! < position.get(b.id)!)) addEdge(a.id, b.id);
      }
    }
  }
  // 3. a delete after every other use of its resource; children's deletes before the parent's
  const deletes = scenarios.filter((s) => s.role === 'delete' && s.resource);
  for (const d of deletes) {
    for (const s of scenarios) {
      if (
        s.id !== d.id &&
        s.role !== 'delete' &&
        (s.resource === d.resource || s.bindings.some((b) => b.resource === d.resource))
      )
        addEdge(s.id, d.id);
    }
  }
  for (const child of deletes) {
    const uses = new Set(
      scenarios.filter((s) => s.resource === child.resource).flatMap((s) => s.bindings.map((b) => b.resource)),
    );
    for (const parent of deletes)
      if (parent.resource !== child.resource && uses.has(parent.resource!)) addEdge(child.id, parent.id);
  }

  // 4. a scenario whose request body refers to a resource (an id field bound to it) may consume or
  // lock that instance (a checkout closing what it names): it runs after every other non-delete use
  // of the resource and of its sub-resources (reads, updates, actions on elements under it).
  // Deletes keep coming last (rule 3). Lowest priority: dropped first when it would close a cycle.
  for (const s of scenarios) {
    if (s.role === 'delete') continue;
    const consumed = new Set(s.bindings.filter((b) => b.in === 'body').map((b) => b.resource));
    for (const resource of consumed) {
      if (s.resource !== undefined && within(s.resource, resource)) continue;
      for (const other of scenarios) {
        if (
          other.id === s.id ||
          other.role === 'delete' ||
          other.resource === undefined ||
          !within(other.resource, resource)
        )
          continue;
        if (other.variant !== undefined && s.variant === undefined) continue; // variants come last (rule 5)
        // a fellow consumer: document order
        if (other.bindings.some((b) => b.in === 'body' && b.resource === resource)) continue;
        addEdge(other.id, s.id);
      }
    }
  }

  // 5. an update or action on a resource nothing creates can only act on a seeded record (the
  // contract's example, `smoke.documentedTargets`): after every other use of that resource and of
  // what is under it, so a record it closes or changes cannot refuse the requests after it.
  const creatable = new Set(scenarios.filter((s) => s.role === 'create').map((s) => s.resource));
  for (const m of scenarios) {
    if ((m.role !== 'update' && m.role !== 'action') || !m.resource || creatable.has(m.resource)) continue;
    for (const s of scenarios) {
      if (s.id === m.id || s.role === 'delete' || s.role === 'update' || s.role === 'action') continue;
      if (s.resource === m.resource || s.bindings.some((b) => b.resource === m.resource)) addEdge(s.id, m.id);
    }
  }

  // 6. variants (extra examples, boundary values) after every positive non-delete scenario and
  // after their own positive scenario: whatever they change cannot disturb the positive run, so
  // the positive scenarios see exactly the state they see without variants.
  for (const v of scenarios) {
    if (v.variant === undefined) continue;
    if (v.variantOf !== undefined) addEdge(v.variantOf, v.id);
    for (const s of scenarios) if (s.variant === undefined && s.role !== 'delete') addEdge(s.id, v.id);
  }

  // 7. a change to the contract's example record (`[documented ids]` of a PUT/PATCH) after every read
  // variant: the documented-ids reads see the seeded record as the app holds it, not as changed.
  for (const c of scenarios) {
    if (!c.documentedIds || c.method.toUpperCase() === 'GET') continue;
    for (const r of scenarios) if (r.variant !== undefined && r.method.toUpperCase() === 'GET') addEdge(r.id, c.id);
  }

  // Kahn's algorithm, smallest document position first.
  const indegree = new Map(ids.map((id) => [id, 0]));
  for (const afters of edges.values()) for (const a of afters) indegree.set(a, indegree.get(a)! + 1);
  const ready = ids.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => position.get(a)! - position.get(b)!);
    const id = ready.shift()!;
    order.push(id);
    for (const a of edges.get(id)!) {
      indegree.set(a, indegree.get(a)! - 1);
      if (indegree.get(a) === 0) ready.push(a);
    }
  }
  const after = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const [before, afters] of edges) for (const a of afters) after.get(a)!.push(before);
  const byId = new Map(scenarios.map((s) => [s.id, s]));
  return { scenarios: order.map((id) => byId.get(id)!), after, providers, variableProviders };
}

/**
 * A top-level collection nothing creates or lists (`/sessions`, read at `/sessions/{id}`) takes
 * its ids from the collections nested under a parent with the same last segment
 * (`POST /courses/{id}/sessions`): shallow nesting, where a child is created under its parent
 * and read on its own. Without them its reads were never sent.
 */
function addNestedProviders(scenarios: readonly Scenario[], providers: Map<string, string[]>): void {
  const needed = new Set(scenarios.flatMap((s) => s.bindings.map((b) => b.resource)));
  for (const resource of needed) {
    const top = /^\/([^/{}]+)$/.exec(resource)?.[1];
    if (!top || providers.has(resource)) continue;
    const nested = [...providers.entries()].filter(
      ([key]) => key !== resource && key.endsWith(`}/${top}`) && !key.includes(`/${top}/`),
    );
    if (nested.length > 0)
      providers.set(
        resource,
        nested.flatMap(([, ids]) => ids),
      );
  }
}

/** Whether resource `key` is `resource` or one of its sub-resources (`/a/{a_id}/b` within `/a`). */
function within(key: string, resource: string): boolean {
  return key === resource || key.startsWith(`${resource}/`);
}

/** Names of the `{{variables}}` a scenario uses in its path, query, headers or body. */
function variablesUsed(s: Scenario): string[] {
  const text = JSON.stringify([s.path, s.pathParams, s.query, s.headers, s.body ?? null]);
  return [...new Set([...text.matchAll(/\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g)].map((m) => m[1]!))];
}
