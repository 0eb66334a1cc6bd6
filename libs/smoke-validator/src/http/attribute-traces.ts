/**
 * Ties the stack traces a server logged to the requests that caused them. By request id first:
 * the id in the trace, else the nearest line naming a request before or after it (between the
 * neighbouring traces), a request that got a 5xx first. Otherwise by time window and order: the earliest
 * unattributed 5xx request whose window (start … end + grace) holds the trace's first line.
 * A request that crashed the app gets the fatal trace — the last one the app printed before its
 * exit was logged — and that trace goes to no other request. A request that failed its checks
 * wins over one whose 5xx the contract documents (a 503 the operation declares has no trace of
 * its own to claim). In a sequential smoke that let the log settle after each 5xx, the request
 * in flight when a trace began is its owner, whichever side of it the app logged its access line.
 */
import { parseLogs, type ParseLogsOptions, type StackTrace } from '@smoke-repair/log-parser';
import type { LogEntry } from '../runner/app-runner.js';

/** One request as attribution sees it. */
export interface AttributableRequest {
  readonly requestId: string;
  readonly startMs: number;
  readonly endMs: number;
  /** HTTP status, or null when no response arrived. */
  readonly status: number | null;
  /** Whether the scenario failed its checks (false: a 5xx its contract documents). Default true. */
  readonly failed?: boolean;
}

/** Attribution output. */
export interface Attribution {
  /** Every trace of the window, in log order. */
  readonly traces: readonly StackTrace[];
  /** Request id → its traces. */
  readonly byRequest: ReadonlyMap<string, readonly StackTrace[]>;
  /** How each attributed trace was matched (same order as `traces`; null: unattributed). */
  readonly how: readonly ('request_id' | 'time' | 'crash' | null)[];
}

/** A request the app died under: the window from its send to the runner's exit note. */
export interface CrashWindow {
  readonly requestId: string;
  readonly sinceMs: number;
  /** When the runner logged the exit (after the app's last output). */
  readonly untilMs: number;
}

/** Options of `attributeTraces`. */
export interface AttributeOptions {
  readonly parse?: ParseLogsOptions;
  /** How long after its response a request's trace may still appear (default 2000 ms). */
  readonly graceMs?: number;
  /** Lines searched before/after a trace for a request id (default 40 / 10). */
  readonly lookBehind?: number;
  readonly lookAhead?: number;
  /** Requests that crashed the app. */
  readonly crashes?: readonly CrashWindow[];
  /**
   * The requests were sent one at a time and the log was let settle after each 5xx before the
   * next was sent: a trace then begins while its own request is the latest one sent.
   */
  readonly sequential?: boolean;
}

// How soon after a 5xx's response its trace must begin for a line further away to claim it.
const REACH_MS = 250;

// A fatal trace is the app's last words: at most a few lines (Node's "Node.js v20…") may follow it.
const FATAL_TAIL_LINES = 6;

const UUIDISH = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Parses the traces in `entries` and attributes them to `requests`. */
export function attributeTraces(
  entries: readonly LogEntry[],
  requests: readonly AttributableRequest[],
  options: AttributeOptions = {},
): Attribution {
  const lines = entries.filter((e) => e.stream !== 'runner');
  const traces = parseLogs(lines.map((e) => e.line).join('\n'), options.parse);
  const byId = new Map(requests.map((r) => [r.requestId.toLowerCase(), r]));
  // Ids that are not UUIDs (a user's own header scheme) are searched by substring. Sorted out once:
  // testing every request per line made attribution O(lines × requests) regex tests, the largest
  // in-run cost of a smoke with a few hundred requests (it also runs during the log settle wait).
  const otherIds = requests.filter((r) => !/^[0-9a-f-]{36}$/i.test(r.requestId));
  const memo = new Map<number, AttributableRequest[]>();
  const idsOnLine = (i: number): AttributableRequest[] => {
    const cached = memo.get(i);
    if (cached) return cached;
    const line = lines[i]?.line ?? '';
    const found: AttributableRequest[] = [];
    for (const m of line.matchAll(UUIDISH)) {
      const r = byId.get(m[0].toLowerCase());
      if (r) found.push(r);
    }
    if (found.length === 0 && line.length < 4096) {
      for (const r of otherIds) if (line.includes(r.requestId)) found.push(r);
    }
    memo.set(i, found);
    return found;
  };
  const isError = (r: AttributableRequest) => r.status === null || r.status >= 500;
  // 2: a 5xx that failed its checks; 1: a 5xx the contract documents; 0: not an error.
  const strength = (r: AttributableRequest) => (isError(r) ? (r.failed === false ? 1 : 2) : 0);
  const bySend = options.sequential ? [...requests].sort((a, b) => a.startMs - b.startMs) : [];
  const graceMs = options.graceMs ?? 2_000;
  const lookBehind = options.lookBehind ?? 40;
  const lookAhead = options.lookAhead ?? 10;
  const byRequest = new Map<string, StackTrace[]>();
  const how: ('request_id' | 'time' | 'crash' | null)[] = [];
  const fatal = fatalTraces(traces, lines, options.crashes ?? []);
  const assign = (r: AttributableRequest, t: StackTrace, via: 'request_id' | 'time' | 'crash') => {
    byRequest.set(r.requestId, [...(byRequest.get(r.requestId) ?? []), t]);
    how.push(via);
  };

  const pending: { trace: StackTrace; index: number; timeMs: number }[] = [];
  const claimed = new Set<number>();
  traces.forEach((trace, k) => {
    const crashed = fatal.get(k);
    const crashedRequest = crashed === undefined ? undefined : byId.get(crashed.toLowerCase());
    if (crashedRequest) {
      assign(crashedRequest, trace, 'crash');
      return;
    }
    const start = trace.span.startLine - 1;
    const end = trace.span.endLine - 1;
    const prevEnd = k > 0 ? traces[k - 1]!.span.endLine - 1 : -1;
    const nextStart = k + 1 < traces.length ? traces[k + 1]!.span.startLine - 1 : lines.length;
    const pick = (candidates: AttributableRequest[]) => candidates.find(isError) ?? candidates[0];
    let match: AttributableRequest | undefined;
    let matchLine = -1;
    for (let i = start; i <= end && !match; i++) [match, matchLine] = [pick(idsOnLine(i)), i];
    if (!match && options.sequential) {
      const owner = latestSentBy(bySend, lines[start]?.timeMs ?? 0);
      if (owner && isError(owner) && (lines[start]?.timeMs ?? 0) <= owner.endMs + graceMs) {
        assign(owner, trace, 'time');
        return;
      }
    }
    if (!match) {
      // The nearest line naming one of our requests on each side (apps log the request line before
      // the traceback, or after it once the response is sent): one that got a 5xx wins, the line
      // before first; otherwise the nearest line before. A line that explained the previous trace
      // is not reused for this one.
      // Under concurrency another request's line may come between a 5xx's access line and its
      // trace: a 5xx line further away on either side wins over the nearest line of a request that
      // did not fail, when that 5xx was answered just before the trace began (not a late trace's)
      // and the trace runs through the app's code.
      const traceMs = lines[start]?.timeMs ?? 0;
      // Only for a trace through the app's code: the server's own plumbing (a keep-alive socket the
      // client reset) logs traces near 5xx lines that are not theirs.
      const ownCode = trace.frames.some((f) => f.inApp);
      const reachable = (r: AttributableRequest) => ownCode && isError(r) && traceMs <= r.endMs + REACH_MS;
      let before: AttributableRequest | undefined;
      let after: AttributableRequest | undefined;
      let beforeError: AttributableRequest | undefined;
      let afterError: AttributableRequest | undefined;
      let beforeLine = -1;
      let afterLine = -1;
      let beforeErrorLine = -1;
      let afterErrorLine = -1;
      for (let i = start - 1; i > prevEnd && i >= start - lookBehind && !beforeError; i--) {
        if (claimed.has(i)) continue;
        const found = pick(idsOnLine(i));
        if (!found) continue;
        if (!before) [before, beforeLine] = [found, i];
        if (found === before ? isError(found) : reachable(found)) [beforeError, beforeErrorLine] = [found, i];
      }
      for (let i = end + 1; i < nextStart && i <= end + lookAhead && !afterError; i++) {
        const found = pick(idsOnLine(i));
        if (!found) continue;
        if (!after) [after, afterLine] = [found, i];
        if (found === after ? isError(found) : reachable(found)) [afterError, afterErrorLine] = [found, i];
      }
      // A documented 5xx on the nearer side yields to a failed one on the other.
      const afterOutranks = after !== undefined && strength(after) > (before ? strength(before) : 0);
      if (before && isError(before) && !afterOutranks) [match, matchLine] = [before, beforeLine];
      else if (after && isError(after)) [match, matchLine] = [after, afterLine];
      else if (beforeError) [match, matchLine] = [beforeError, beforeErrorLine];
      else if (afterError) [match, matchLine] = [afterError, afterErrorLine];
      else if (before) [match, matchLine] = [before, beforeLine];
      else if (after) [match, matchLine] = [after, afterLine];
    }
    if (match) claimed.add(matchLine);
    if (match) assign(match, trace, 'request_id');
    else {
      how.push(null);
      pending.push({ trace, index: how.length - 1, timeMs: lines[start]?.timeMs ?? 0 });
    }
  });

  // Time window and order, for traces no id could place.
  const unclaimed = requests
    .filter((r) => isError(r) && !byRequest.has(r.requestId))
    .sort((a, b) => strength(b) - strength(a) || a.startMs - b.startMs);
  for (const p of pending) {
    const candidate = unclaimed.find((r) => r.startMs <= p.timeMs && p.timeMs <= r.endMs + graceMs);
    if (!candidate) continue;
    unclaimed.splice(unclaimed.indexOf(candidate), 1);
    byRequest.set(candidate.requestId, [p.trace]);
    how[p.index] = 'time';
  }
  return { traces, byRequest, how };
}

// The request sent last at or before `timeMs` (`bySend` is in send order).
function latestSentBy(bySend: readonly AttributableRequest[], timeMs: number): AttributableRequest | undefined {
  let found: AttributableRequest | undefined;
  for (const r of bySend) {
    if (r.startMs > timeMs) break;
    found = r;
  }
  return found;
}

// Trace index → the crashed request it belongs to: per crash, the last trace that starts after the
// request was sent and ends within the last few output lines before the exit note.
function fatalTraces(
  traces: readonly StackTrace[],
  lines: readonly LogEntry[],
  crashes: readonly CrashWindow[],
): Map<number, string> {
  const out = new Map<number, string>();
  for (const crash of crashes) {
    let lastLine = -1;
    for (let i = 0; i < lines.length && lines[i]!.timeMs <= crash.untilMs; i++) lastLine = i;
    for (let k = traces.length - 1; k >= 0; k--) {
      const trace = traces[k]!;
      const start = trace.span.startLine - 1;
      const end = trace.span.endLine - 1;
      if (end > lastLine) continue;
      if (lastLine - end >= FATAL_TAIL_LINES || (lines[start]?.timeMs ?? 0) < crash.sinceMs) break;
      if (!out.has(k)) out.set(k, crash.requestId);
      break;
    }
  }
  return out;
}
