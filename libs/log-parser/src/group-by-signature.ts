import type { StackTrace } from './types.js';

/** Traces that share a signature hash: one root cause seen `count` times. */
export interface SignatureGroup {
  readonly hash: string;
  readonly key: string;
  readonly exceptionType: string;
  readonly language: StackTrace['language'];
  readonly count: number;
  /** Distinct culprit locations (`file:line`), in order of first appearance. */
  readonly culprits: readonly string[];
  /** Line spans of every occurrence, in input order. */
  readonly spans: readonly StackTrace['span'][];
  readonly partial: number;
}

/**
 * Groups traces by signature, most frequent first (ties: first seen first). Accepts any
 * iterable, so a stream's traces can be folded in without keeping them.
 */
export function groupBySignature(traces: Iterable<StackTrace>): SignatureGroup[] {
  const groups = new Map<string, { group: Mutable<SignatureGroup>; order: number }>();
  for (const trace of traces) addToGroups(groups, trace);
  return [...groups.values()].sort((a, b) => b.group.count - a.group.count || a.order - b.order).map((g) => g.group);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

function addToGroups(groups: Map<string, { group: Mutable<SignatureGroup>; order: number }>, trace: StackTrace): void {
  const culprit = trace.culprit ? `${trace.signature.file ?? trace.culprit.file}:${trace.culprit.line}` : undefined;
  const existing = groups.get(trace.signature.hash);
  if (existing) {
    const g = existing.group;
    g.count++;
    g.spans.push(trace.span);
    if (trace.partial) g.partial++;
    if (culprit && !g.culprits.includes(culprit)) g.culprits.push(culprit);
    return;
  }
  groups.set(trace.signature.hash, {
    order: groups.size,
    group: {
      hash: trace.signature.hash,
      key: trace.signature.key,
      exceptionType: trace.exception.type,
      language: trace.language,
      count: 1,
      culprits: culprit ? [culprit] : [],
      spans: [trace.span],
      partial: trace.partial ? 1 : 0,
    },
  });
}
