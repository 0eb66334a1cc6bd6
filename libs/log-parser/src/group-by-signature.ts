import type { StackTrace } from './types.js';

/** Traces that share a signature hash: one root cause seen `count` times. */
export interface SignatureGroup {
  readonly hash: string;
  readonly key: string;
  readonly exceptionType: string;
  readonly language: StackTrace['language'];
  readonly count: number;
  /** Distinct culprit locations (`file:line`, file relative to appRoot), in order of first appearance. */
  readonly culprits: readonly string[];
  /** Line spans of every occurrence, in input order. */
  readonly spans: readonly StackTrace['span'][];
  /** How many of the occurrences were cut off. */
  readonly partial: number;
}

/** Folds traces one at a time into signature groups (for streams: nothing else is kept). */
export interface SignatureGrouper {
  add(trace: StackTrace): void;
  /** Groups, most frequent first (ties: first seen first). */
  groups(): SignatureGroup[];
}

interface Entry {
  readonly order: number;
  readonly group: SignatureGroup & { count: number; partial: number; culprits: string[]; spans: StackTrace['span'][] };
}

/** Creates an empty grouper. */
export function createSignatureGrouper(): SignatureGrouper {
  const entries = new Map<string, Entry>();
  return {
    add(trace) {
      const culprit = trace.culprit ? `${trace.signature.file ?? trace.culprit.file}:${trace.culprit.line}` : undefined;
      let entry = entries.get(trace.signature.hash);
      if (!entry) {
        entry = {
          order: entries.size,
          group: {
            hash: trace.signature.hash,
            key: trace.signature.key,
            exceptionType: trace.exception.type,
            language: trace.language,
            count: 0,
            culprits: [],
            spans: [],
            partial: 0,
          },
        };
        entries.set(trace.signature.hash, entry);
      }
      const g = entry.group;
      g.count++;
      g.spans.push(trace.span);
      if (trace.partial) g.partial++;
      if (culprit && !g.culprits.includes(culprit)) g.culprits.push(culprit);
    },
    groups() {
      return [...entries.values()]
        .sort((a, b) => b.group.count - a.group.count || a.order - b.order)
        .map((e) => e.group);
    },
  };
}

/** Groups traces by signature hash, most frequent first. */
export function groupBySignature(traces: Iterable<StackTrace>): SignatureGroup[] {
  const grouper = createSignatureGrouper();
  for (const trace of traces) grouper.add(trace);
  return grouper.groups();
}
