import { normalizeOptions, type ParseLogsOptions } from './options.js';
import { TraceScanner } from './trace-scanner.js';
import type { StackTrace } from './types.js';

/**
 * Extracts every stack trace from a log text, in the order the traces start.
 *
 * @example
 * const traces = parseLogs(readFileSync('server.log', 'utf8'), { appRoot: '/srv/app' });
 * for (const t of traces) console.log(t.signature.key, t.culprit?.file, t.culprit?.line);
 */
export function parseLogs(text: string, options: ParseLogsOptions = {}): StackTrace[] {
  const settings = normalizeOptions(options);
  const traces: StackTrace[] = [];
  const scanner = new TraceScanner(settings, (trace) => traces.push(trace));
  const max = settings.maxLineLength;
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end === text.length && start === end) break;
    let stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (stop - start > max) stop = start + max;
    scanner.pushLine(text.slice(start, stop), ++lineNo);
    start = end + 1;
  }
  scanner.end();
  return traces;
}
