/** A copy-pasteable curl command reproducing one request (secrets redacted). */
import { redactHeaders, redactUrl, redactValue } from './redact.js';

/** The pieces of a request that curl needs. */
export interface CurlRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly json?: unknown;
}

/** `curl -sS -i -X POST 'http://…' -H '…' --data-raw '…'`, POSIX-shell quoted. */
export function curlCommand(request: CurlRequest): string {
  const parts = ['curl', '-sS', '-i', '-X', request.method, quote(redactUrl(request.url))];
  for (const [k, v] of Object.entries(redactHeaders(request.headers))) parts.push('-H', quote(`${k}: ${v}`));
  const body = request.json !== undefined ? JSON.stringify(redactValue(request.json)) : request.body;
  if (body !== undefined) parts.push('--data-raw', quote(body));
  return parts.join(' ');
}

function quote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
