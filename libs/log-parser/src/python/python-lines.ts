/** Line shapes of a CPython traceback (3.8 – 3.13). */
export const TRACEBACK_HEADER = /^Traceback \(most recent call last\):\s*$/;
export const GROUP_HEADER = /^(\s*)\+ Exception Group Traceback \(most recent call last\):\s*$/;
export const FILE_LINE = /^ {2}File "(.+)", line (\d+)(?:, in (.+))?\s*$/;
export const REPEAT_LINE = /^ {2}\[Previous line repeated (\d+) more times?\]\s*$/;
export const GROUP_LINE = /^(\s*)([+|])(.*)$/;
export const DIRECT_CAUSE = 'The above exception was the direct cause of the following exception:';
const DURING_HANDLING = 'During handling of the above exception, another exception occurred:';
export const EXCEPTION_LINE = /^([A-Za-z_][\w.]*)(?::(?: (.*)|$))?\s*$/;
// Log records that servers interleave with a traceback (uvicorn's "INFO:     …", access logs).
export const INTERLEAVED_RECORD =
  /^(?:INFO|WARNING|DEBUG|ERROR|CRITICAL|TRACE):\s{2,}|^\S+ - - \[|^\d{1,3}(?:\.\d{1,3}){3}:\d+ - "/;
// Continuation lines of multi-line exception messages (SQLAlchemy, pydantic, HTTP clients).
export const MESSAGE_CONTINUATION = /^\s+\S|^\[(?:SQL|parameters): |^\(Background on this error at: /;

/** SyntaxError and its subclasses name a location instead of raising from a frame. */
export const SYNTAX_ERRORS = new Set(['SyntaxError', 'IndentationError', 'TabError']);

/** True for the two sentences that chain one traceback to the next. */
export function isChainMarker(text: string): boolean {
  return text.startsWith(DIRECT_CAUSE) || text.startsWith(DURING_HANDLING);
}
