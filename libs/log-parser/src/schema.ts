import { z } from 'zod';

/** Runtimes whose stack traces the parser understands. */
export const languageSchema = z.enum(['python', 'node', 'java', 'go']);

/** One stack frame. `file` is an absolute path when the log gives one (file:// URLs are decoded). */
export const stackFrameSchema = z.object({
  file: z.string(),
  line: z.number().int().nonnegative(),
  column: z.number().int().nonnegative().optional(),
  function: z.string().optional(),
  /** Java class, Go package, Python module when the log names it. */
  module: z.string().optional(),
  /** The source line as the runtime printed it (Python, the Node banner). */
  source: z.string().optional(),
  inApp: z.boolean(),
});

/** The exception a trace reports: its type name and its first message line. */
export const exceptionInfoSchema = z.object({
  type: z.string(),
  message: z.string(),
});

/** Normalised identity of an error: equal for the same bug hit with other values. */
export const errorSignatureSchema = z.object({
  hash: z.string(),
  key: z.string(),
  exceptionType: z.string(),
  file: z.string().optional(),
  function: z.string().optional(),
  line: z.number().int().optional(),
  message: z.string(),
});

/** How a chained exception relates to the one reported after it. */
const chainRelationSchema = z.enum(['cause', 'context', 'suppressed']);

export interface ExceptionNodeShape {
  exception: z.infer<typeof exceptionInfoSchema>;
  frames: z.infer<typeof stackFrameSchema>[];
  culprit: z.infer<typeof stackFrameSchema> | null;
  relation?: z.infer<typeof chainRelationSchema>;
  causes: ExceptionNodeShape[];
  children: ExceptionNodeShape[];
  suppressed?: ExceptionNodeShape[];
  framesDropped?: number;
}

/** A chained cause or a group member: an exception with its own frames (and members). */
const exceptionNodeSchema: z.ZodType<ExceptionNodeShape> = z.lazy(() =>
  z.object({
    exception: exceptionInfoSchema,
    frames: z.array(stackFrameSchema),
    culprit: stackFrameSchema.nullable(),
    relation: chainRelationSchema.optional(),
    causes: z.array(exceptionNodeSchema),
    children: z.array(exceptionNodeSchema),
    suppressed: z.array(exceptionNodeSchema).optional(),
    /** Frames left out of a stack deeper than `MAX_FRAMES_PER_TRACE` (absent: none). */
    framesDropped: z.number().int().positive().optional(),
  }),
);

/** 1-based, inclusive line numbers of a trace in its input. */
export const spanSchema = z.object({
  startLine: z.number().int().positive(),
  endLine: z.number().int().positive(),
});

/**
 * One error as the log shows it: the reported exception, its frames (outermost first, raise
 * site last), the chained exceptions that led to it (`causes`, nearest first) and group members
 * (`children`), with a stable signature and where it sits in the input.
 */
export const stackTraceSchema = z.object({
  language: languageSchema,
  exception: exceptionInfoSchema,
  frames: z.array(stackFrameSchema),
  culprit: stackFrameSchema.nullable(),
  causes: z.array(exceptionNodeSchema),
  children: z.array(exceptionNodeSchema),
  suppressed: z.array(exceptionNodeSchema).optional(),
  /**
   * Frames left out of `frames` because the stack was deeper than `MAX_FRAMES_PER_TRACE`: the
   * outermost, the innermost and the innermost in-app frames are kept (absent: none dropped).
   */
  framesDropped: z.number().int().positive().optional(),
  signature: errorSignatureSchema,
  span: spanSchema,
  /** True when the input ended (or was interrupted) before the trace did. */
  partial: z.boolean(),
});

/** The JSON output of `parse-logs --json`: an array of traces. */
export const stackTraceListSchema = z.array(stackTraceSchema);
