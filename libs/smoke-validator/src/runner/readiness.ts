/**
 * Readiness polling shared by every runner: probe a URL (any answer below 500 means the app
 * is up) or a TCP port until it answers, the app exits, or the timeout passes.
 */
import type { Clock, ExitInfo, HttpProbe, PortProbe } from './ports.js';

/** What to wait for: an HTTP answer from `url`, or a TCP accept on host:port. */
export type ReadinessTarget = { readonly url: string } | { readonly host: string; readonly port: number };

/** Inputs of `waitUntilReady`. */
export interface ReadinessWait {
  readonly target: ReadinessTarget;
  readonly timeoutMs: number;
  readonly intervalMs: number;
  readonly clock: Clock;
  readonly http: HttpProbe;
  readonly ports: PortProbe;
  /** Polled before each probe: how the app ended, or null while it still runs. */
  readonly exited: () => ExitInfo | null | Promise<ExitInfo | null>;
}

/** Result of waiting: ready, exited first, or timed out (with what the last probe saw). */
export type ReadinessOutcome =
  | { readonly kind: 'ready' }
  | { readonly kind: 'exited'; readonly exit: ExitInfo }
  | { readonly kind: 'timeout'; readonly lastProbe: string | null };

/** A human label for a readiness target, for error messages. */
export function describeTarget(target: ReadinessTarget): string {
  return 'url' in target ? target.url : `tcp ${target.host}:${target.port}`;
}

/** An HTTP status counts as "the app is up" when it is below 500. */
export function isUpStatus(status: number): boolean {
  return status < 500;
}

/** Polls until the target answers, the app exits, or `timeoutMs` passes. Never throws. */
export async function waitUntilReady(wait: ReadinessWait): Promise<ReadinessOutcome> {
  const deadline = wait.clock.now() + wait.timeoutMs;
  let lastProbe: string | null = null;
  for (;;) {
    const exit = await wait.exited();
    if (exit) return { kind: 'exited', exit };
    const remaining = deadline - wait.clock.now();
    if (remaining <= 0) return { kind: 'timeout', lastProbe };
    // One slow probe must not eat the whole budget, nor outlive it.
    const probeTimeout = Math.max(1, Math.min(remaining, 2_000));
    const probe = await probeOnce(wait, probeTimeout);
    if (probe === null) return { kind: 'ready' };
    // A probe the end of the window cut short (a loaded machine) says less than the one before it
    // (ECONNREFUSED, HTTP 502): keep that one.
    const cutShort = probeTimeout === remaining && wait.clock.now() >= deadline;
    lastProbe = cutShort && lastProbe !== null ? lastProbe : probe;
    const pause = Math.min(wait.intervalMs, deadline - wait.clock.now());
    if (pause > 0) await wait.clock.sleep(pause);
  }
}

/** Null when ready, else a short description of what the probe saw. */
async function probeOnce(wait: ReadinessWait, timeoutMs: number): Promise<string | null> {
  const { target } = wait;
  if ('url' in target) {
    try {
      const reply = await wait.http.get(target.url, timeoutMs);
      return isUpStatus(reply.status) ? null : `HTTP ${reply.status}`;
    } catch (error) {
      return describeError(error);
    }
  }
  try {
    return (await wait.ports.accepts(target.host, target.port, timeoutMs)) ? null : 'connection refused';
  } catch (error) {
    return describeError(error);
  }
}

/** A compact description of a probe failure (prefers a code such as ECONNREFUSED). */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
    const code = (error as { code?: unknown }).code ?? cause?.code;
    const detail = typeof cause?.message === 'string' && cause.message !== error.message ? `: ${cause.message}` : '';
    return typeof code === 'string' ? `${code}${detail}` : `${error.message}${detail}`;
  }
  return String(error);
}
