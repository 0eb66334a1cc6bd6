/**
 * Ties the stack traces a server logged to the requests that caused them. By request id first:
 * the id in the trace, else the nearest line naming a request before or after it (between the
 * neighbouring traces), a request that got a 5xx first. Otherwise by time window and order: the earliest
 * unattributed 5xx request whose window (start … end + grace) holds the trace's first line.
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
}

/** Attribution output. */
export interface Attribution {
  /** Every trace of the window, in log order. */
  readonly traces: readonly StackTrace[];
  /** Request id → its traces. */
  readonly byRequest: ReadonlyMap<string, readonly StackTrace[]>;
  /** How each attributed trace was matched (same order as `traces`; null: unattributed). */
  readonly how: readonly ('request_id' | 'time' | null)[];
}

/** Options of `attributeTraces`. */
export interface AttributeOptions {
  readonly parse?: ParseLogsOptions;
  /** How long after its response a request's trace may still appear (default 2000 ms). */
  readonly graceMs?: number;
  /** Lines searched before/after a trace for a request id (default 40 / 10). */
  readonly lookBehind?: number;
  readonly lookAhead?: number;
}

const UUIDISH = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Parses the traces in `entries` and attributes them to `requests`. */
export function attributeTraces(entries: readonly LogEntry[], requests: readonly AttributableRequest[], options: AttributeOptions = {}): Attribution {
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
  const graceMs = options.graceMs ?? 2_000;
  const lookBehind = options.lookBehind ?? 40;
  const lookAhead = options.lookAhead ?? 10;
  const byRequest = new Map<string, StackTrace[]>();
  const how: ('request_id' | 'time' | null)[] = [];
  const assign = (r: AttributableRequest, t: StackTrace, via: 'request_id' | 'time') => {
    byRequest.set(r.requestId, [...(byRequest.get(r.requestId) ?? []), t]);
    how.push(via);
  };

  const pending: { trace: StackTrace; index: number; timeMs: number }[] = [];
  const claimed = new Set<number>();
  traces.forEach((trace, k) => {
    const start = trace.span.startLine - 1;
    const end = trace.span.endLine - 1;
    const prevEnd = k > 0 ? traces[k - 1]!.span.endLine - 1 : -1;
    const nextStart = k + 1 < traces.length ? traces[k + 1]!.span.startLine - 1 : lines.length;
    const pick = (candidates: AttributableRequest[]) => candidates.find(isError) ?? candidates[0];
    let match: AttributableRequest | undefined;
    let matchLine = -1;
    for (let i = start; i <= end && !match; i++) [match, matchLine] = [pick(idsOnLine(i)), i];
    if (!match) {
      // The nearest line naming one of our requests on each side (apps log the request line before
      // the traceback, or after it once the response is sent): one that got a 5xx wins, the line
      // before first; otherwise the nearest line before. A line that explained the previous trace
      // is not reused for this one.
      let before: AttributableRequest | undefined;
      let after: AttributableRequest | undefined;
      let beforeLine = -1;
      let afterLine = -1;
      for (let i = start - 1; i > prevEnd && i >= start - lookBehind && !before; i--) if (!claimed.has(i)) [before, beforeLine] = [pick(idsOnLine(i)), i];
      for (let i = end + 1; i < nextStart && i <= end + lookAhead && !after; i++) [after, afterLine] = [pick(idsOnLine(i)), i];
      if (before && isError(before)) [match, matchLine] = [before, beforeLine];
      else if (after && isError(after)) [match, matchLine] = [after, afterLine];
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
  const unclaimed = requests.filter((r) => isError(r) && !byRequest.has(r.requestId)).sort((a, b) => a.startMs - b.startMs);
  for (const p of pending) {
    const candidate = unclaimed.find((r) => r.startMs <= p.timeMs && p.timeMs <= r.endMs + graceMs);
    if (!candidate) continue;
    unclaimed.splice(unclaimed.indexOf(candidate), 1);
    byRequest.set(candidate.requestId, [p.trace]);
    how[p.index] = 'time';
  }
  return { traces, byRequest, how };
}
