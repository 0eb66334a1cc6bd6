import type { ParserSettings } from './options.js';
import type { ExceptionNode, Language, StackFrame } from './types.js';

type ChainRelation = NonNullable<ExceptionNode['relation']>;

/** A line after prefix stripping, with its 1-based number in the input. */
export interface LogicalLine {
  readonly text: string;
  readonly lineNo: number;
}

/**
 * What a collector does with the next line: `take` it (part of the trace), `skip` it
 * (interleaved noise inside the trace), or `end` (the trace is over; the line is re-dispatched).
 */
export type Verdict = 'take' | 'skip' | 'end';

/** A trace as one language reads it, before culprits and signatures. */
export interface RawTrace {
  readonly language: Language;
  readonly top: ExceptionNode;
  readonly startLine: number;
  readonly endLine: number;
  /** The location a SyntaxError names, which is its culprit. */
  readonly namedLocation?: StackFrame;
}

/** Accumulates the lines of one trace in one language. */
export interface Collector {
  readonly language: Language;
  accept(line: LogicalLine): Verdict;
  /** Whether the lines so far form a whole trace (else it is reported as partial). */
  isComplete(): boolean;
  /** Builds the trace, or null when the lines turned out not to be one. */
  build(settings: ParserSettings): RawTrace | null;
}

/** Recent lines not consumed by any trace: headers that precede their first frame live here. */
export interface Lookback {
  /** Most recent last. */
  lines(): readonly LogicalLine[];
  /** Removes the given lines (and everything after them) once a collector claims them. */
  claimFrom(lineIndex: number): LogicalLine[];
}

/** Tries to start a trace at `line`; may claim header lines from the lookback. */
export type Starter = (line: LogicalLine, lookback: Lookback) => Collector | null;

/** An exception node with nothing chained yet. */
export function exceptionNode(type: string, message: string, frames: StackFrame[]): ExceptionNode {
  return { exception: { type, message }, frames, culprit: null, causes: [], children: [] };
}

/**
 * `node` chained with a relation: the same keys in the same order as `{ ...node, relation }`, but
 * built as one literal (V8 gives every object made by a spread plus an added key a hidden class
 * of its own, slow to build and to read later).
 */
export function withRelation(node: ExceptionNode, relation: ChainRelation): ExceptionNode {
  if (node.relation !== undefined || node.suppressed !== undefined) return { ...node, relation };
  const { exception, frames, culprit, causes, children } = node;
  return { exception, frames, culprit, causes, children, relation };
}
