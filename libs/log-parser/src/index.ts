/**
 * @smoke-repair/log-parser — stack traces (Python, Node, Java, Go) out of raw, timestamped and
 * JSON-lines logs, with in-app frames, culprits and stable error signatures.
 */
export { parseLogs } from './parse-logs.js';
export { streamStackTraces, parseLogStream, type LogChunkSource } from './stream-logs.js';
export {
  groupBySignature,
  createSignatureGrouper,
  type SignatureGroup,
  type SignatureGrouper,
} from './group-by-signature.js';
export { normalizeMessage } from './normalize-message.js';
export { MAX_FRAMES_PER_TRACE, OUTERMOST_FRAMES_KEPT, INNERMOST_FRAMES_KEPT } from './cap-frames.js';
export { SmokeRepairError } from './smoke-repair-error.js';
export {
  LogParserOptionsError,
  type LogParserErrorCode,
  type OriginalPosition,
  type ParseLogsOptions,
  type SourcePosition,
} from './options.js';
export { stackTraceSchema, stackTraceListSchema, errorSignatureSchema } from './schema.js';
export { stackTraceListJsonSchema } from './json-schema.js';
export type { ErrorSignature, ExceptionInfo, ExceptionNode, Language, Span, StackFrame, StackTrace } from './types.js';
