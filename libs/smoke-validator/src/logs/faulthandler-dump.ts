/**
 * Python's faulthandler dump (`PYTHONFAULTHANDLER` and a fatal signal) as a stack trace: the stack
 * of the thread that was serving a hung request, told apart from the main thread's (where the
 * signal landed: "Current thread") by its in-app frames. The frames are rewritten as a Python
 * traceback and handed to the log parser, so the trace has the usual culprit and signature.
 */
import { parseLogs, type ParseLogsOptions, type StackTrace } from '@smoke-repair/log-parser';

const THREAD = /^(Current thread|Thread) 0x[0-9a-f]+ \(most recent call first\):\s*$/;
const FRAME = /^\s+File "(.+)", line (\d+) in (.+?)\s*$/;
const LIBRARY = /\/(site|dist)-packages\/|^\/usr\/lib\/python|^<frozen /;

interface DumpedThread {
  readonly current: boolean;
  /** Innermost first, as faulthandler prints them. */
  readonly frames: { file: string; line: number; fn: string }[];
}

/**
 * The trace of the thread a dump shows stuck in the app's code, or null when `lines` hold no
 * dump or no thread is in the app. `what` becomes the exception message, `type` its type.
 */
export function traceFromFaulthandlerDump(
  lines: readonly string[],
  what: string,
  options: ParseLogsOptions = {},
  type = 'Timeout',
): StackTrace | null {
  const threads: DumpedThread[] = [];
  let thread: DumpedThread | null = null;
  for (const line of lines) {
    const head = THREAD.exec(line);
    if (head) {
      thread = { current: head[1] === 'Current thread', frames: [] };
      threads.push(thread);
      continue;
    }
    const frame = thread ? FRAME.exec(line) : null;
    if (frame) thread!.frames.push({ file: frame[1]!, line: Number(frame[2]), fn: frame[3]! });
    else thread = null;
  }
  const root = options.appRoot;
  const inApp = (file: string) =>
    !LIBRARY.test(file) &&
    (root === undefined || file.startsWith(root.endsWith('/') ? root : `${root}/`) || !file.startsWith('/'));
  const withApp = threads.filter((t) => t.frames.some((f) => inApp(f.file)));
  const chosen = withApp.find((t) => !t.current) ?? withApp[0];
  if (!chosen) return null;
  const text = [
    'Traceback (most recent call last):',
    ...[...chosen.frames].reverse().map((f) => `  File "${f.file}", line ${f.line}, in ${f.fn}`),
    `${type}: ${what}`,
  ].join('\n');
  return parseLogs(text, options)[0] ?? null;
}
