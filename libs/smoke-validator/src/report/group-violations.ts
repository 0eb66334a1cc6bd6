/**
 * Failures grouped by root cause: one group per error signature (the trace's exception at its
 * culprit line, or the synthetic endpoint/kind/status one), so a bug hit by 100 scenarios is one
 * line in the terminal and one card in smoke.html, not 100.
 */
import type { Violation } from '../smoke-result.js';

/** The violations of one root cause. */
export interface ViolationGroup {
  /** The signature hash shared by every member. */
  readonly hash: string;
  /** The signature key (`TypeError@app/x.py:31 create: …`). */
  readonly key: string;
  /** The first member's kind (a group is one signature, so one kind in practice). */
  readonly kind: Violation['kind'];
  /** Every member's kind, first seen first. */
  readonly kinds: readonly Violation['kind'][];
  /** The distinct endpoints (`METHOD /template`) the members hit, first seen first. */
  readonly endpoints: readonly string[];
  /** The members in result order; `violations[0]` is the group's example. */
  readonly violations: readonly Violation[];
}

/**
 * Groups violations by signature hash: most members first, ties in the order their first member
 * appears in the result (the run's dependency order), so the output is deterministic.
 */
export function groupViolations(violations: readonly Violation[]): ViolationGroup[] {
  const groups = new Map<string, { first: number; members: Violation[] }>();
  violations.forEach((v, index) => {
    const group = groups.get(v.signature.hash);
    if (group) group.members.push(v);
    else groups.set(v.signature.hash, { first: index, members: [v] });
  });
  return [...groups.values()]
    .sort((a, b) => b.members.length - a.members.length || a.first - b.first)
    .map(({ members }) => ({
      hash: members[0]!.signature.hash,
      key: members[0]!.signature.key,
      kind: members[0]!.kind,
      kinds: distinct(members.map((v) => v.kind)),
      endpoints: distinct(members.map((v) => v.endpoint)),
      violations: members,
    }));
}

function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
