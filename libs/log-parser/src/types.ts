import type { z } from 'zod';
import type {
  errorSignatureSchema,
  exceptionInfoSchema,
  ExceptionNodeShape,
  languageSchema,
  spanSchema,
  stackFrameSchema,
  stackTraceSchema,
} from './schema.js';

/** Runtimes whose stack traces the parser understands. */
export type Language = z.infer<typeof languageSchema>;
/** One stack frame. */
export type StackFrame = z.infer<typeof stackFrameSchema>;
/** Exception type name and first message line. */
export type ExceptionInfo = z.infer<typeof exceptionInfoSchema>;
/** Normalised, stable identity of an error. */
export type ErrorSignature = z.infer<typeof errorSignatureSchema>;
/** A chained cause or group member. */
export type ExceptionNode = ExceptionNodeShape;
/** Line span of a trace in its input. */
export type Span = z.infer<typeof spanSchema>;
/** One parsed stack trace (DESIGN §3). */
export type StackTrace = z.infer<typeof stackTraceSchema>;
