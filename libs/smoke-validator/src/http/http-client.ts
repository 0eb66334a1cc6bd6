/**
 * The HTTP port smoke talks through. The adapter (`adapters/fetch-http-client.ts`) uses global
 * fetch; tests use an in-memory fake. Transport failures are values, not exceptions.
 */

/** One request. */
export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Whole-request budget: connect, headers and body. */
  readonly timeoutMs: number;
  /** Read at most this many body bytes; the rest is discarded and `truncated` set. */
  readonly maxBodyBytes: number;
  readonly signal?: AbortSignal;
}

/** A response (body possibly cut at `maxBodyBytes`). */
export interface HttpResponse {
  readonly ok: true;
  readonly status: number;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** True when the body was longer than `maxBodyBytes`. */
  readonly truncated: boolean;
  /** Body bytes read (up to the cap). */
  readonly bytesRead: number;
  readonly startedAtMs: number;
  readonly durationMs: number;
}

/** No response: the connection failed, or the timeout passed. */
export interface HttpFailure {
  readonly ok: false;
  readonly kind: 'connection_error' | 'timeout' | 'aborted';
  readonly message: string;
  readonly startedAtMs: number;
  readonly durationMs: number;
}

/** Sends requests; never throws for transport problems. */
export interface HttpClient {
  send(request: HttpRequest): Promise<HttpResponse | HttpFailure>;
}
