import type { Violation } from '@smoke-repair/smoke-validator';
import { looksLikeNoRoute } from './route-404.js';
import type { RootCause, RootCauseKind } from './types.js';

/**
 * One root cause per signature: every endpoint a bug breaks is repaired once. Documented routes
 * answering 404 as if no route matched form one cause of their own (route registration, seed 000),
 * whatever their synthetic signatures say; a 404 with a handler's own message stays a status
 * mismatch of its endpoint. Runtime errors come first: they are what the recipes fix best.
 */
export function groupRootCauses(violations: readonly Violation[]): RootCause[] {
  const groups = new Map<string, { kind: RootCauseKind; violations: Violation[] }>();
  for (const violation of violations) {
    const kind = kindOf(violation);
    const id = kind === 'route_missing' ? 'route-missing' : violation.signature.hash;
    const group = groups.get(id) ?? { kind, violations: [] };
    group.violations.push(violation);
    groups.set(id, group);
  }
  const causes = [...groups].map(([id, group]): RootCause => {
    const first = group.violations[0]!;
    return {
      id,
      kind: group.kind,
      signature: first.signature,
      trace: group.violations.flatMap((v) => v.traces)[0] ?? null,
      violations: group.violations,
      endpoints: [...new Set(group.violations.map((v) => v.endpoint))],
    };
  });
  return causes.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

const ORDER: readonly RootCauseKind[] = [
  'crash',
  'runtime_error',
  'test_failure',
  'route_missing',
  'status_mismatch',
  'schema_mismatch',
  'connection_error',
  'timeout',
];

function kindOf(violation: Violation): RootCauseKind {
  switch (violation.kind) {
    case 'server_error':
      return 'runtime_error';
    case 'status_mismatch':
      return violation.actualStatus === 404 && violation.expectedStatus !== 404 && looksLikeNoRoute(violation)
        ? 'route_missing'
        : 'status_mismatch';
    default:
      return violation.kind;
  }
}
