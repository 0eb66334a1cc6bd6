/**
 * `HttpClient` over Node's global fetch (undici): per-request timeout, body read with a byte
 * cap (a huge response is never buffered whole), transport errors as values.
 */
import type { HttpClient, HttpFailure, HttpRequest, HttpResponse } from '../http/http-client.js';

/** Creates the fetch-based HTTP client. */
export function createFetchHttpClient(): HttpClient {
  return { send };
}

// A pooled keep-alive socket the server has just closed (e.g. after a 500) fails before the request
// reaches it; like Node's http agent, retry such a request once on a fresh connection.
const STALE_SOCKET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

async function send(request: HttpRequest): Promise<HttpResponse | HttpFailure> {
  const first = await sendOnce(request);
  if (first.ok || first.kind !== 'connection_error' || !STALE_SOCKET.has(first.message.split(' ')[0]!)) return first;
  const second = await sendOnce(request);
  return second.ok ? second : { ...second, startedAtMs: first.startedAtMs, durationMs: Date.now() - first.startedAtMs };
}

async function sendOnce(request: HttpRequest): Promise<HttpResponse | HttpFailure> {
  const startedAtMs = Date.now();
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const fail = (error: unknown): HttpFailure => ({
    ok: false,
    kind: timeout.aborted ? 'timeout' : request.signal?.aborted ? 'aborted' : 'connection_error',
    message: timeout.aborted ? `no complete response within ${request.timeoutMs} ms` : describe(error),
    startedAtMs,
    durationMs: Date.now() - startedAtMs,
  });
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    return fail(error);
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  try {
    const { text, truncated, bytesRead } = await readCapped(response, request.maxBodyBytes);
    return {
      ok: true,
      status: response.status,
      headers,
      body: text,
      truncated,
      bytesRead,
      startedAtMs,
      durationMs: Date.now() - startedAtMs,
    };
  } catch (error) {
    return fail(error);
  }
}

async function readCapped(
  response: Response,
  maxBytes: number,
): Promise<{ text: string; truncated: boolean; bytesRead: number }> {
  if (!response.body) return { text: '', truncated: false, bytesRead: 0 };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytesRead = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = maxBytes - bytesRead;
    if (value.byteLength > room) {
      chunks.push(value.subarray(0, room));
      bytesRead += room;
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    bytesRead += value.byteLength;
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated, bytesRead };
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) {
    const own = cause.message && !cause.message.includes(cause.code);
    return `${cause.code}${own ? ` ${cause.message}` : cause.message ? ` (${cause.message})` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}
