/**
 * A real HTTP server speaking the OpenAI chat-completions protocol on 127.0.0.1 (random port),
 * answering each request from a script: a completion (with its finish_reason), an error status
 * (with Retry-After), or silence. With `refuseTopPZero` it validates `top_p` as vLLM does
 * (`0 < top_p <= 1`, else 400) before the script. It records every request for the assertions.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer. */
export type ScriptedReply =
  | {
      readonly content: string;
      readonly finish_reason?: string;
      readonly usage?: { readonly prompt_tokens: number; readonly completion_tokens: number };
    }
  | { readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly hang: true };

/** A request as the server received it. */
interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}

/** A running scripted server. */
export interface OpenAiServer {
  /** e.g. `http://127.0.0.1:43123/v1` */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts the server; replies are taken in order (the last one repeats). */
export async function startOpenAiServer(
  script: readonly ScriptedReply[],
  options: { readonly refuseTopPZero?: boolean } = {},
): Promise<OpenAiServer> {
  const requests: RecordedRequest[] = [];
  let refused = 0;
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return json(res, 400, { error: { message: 'invalid JSON', type: 'invalid_request_error' } });
      }
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions')
        return json(res, 404, { error: { message: `no route ${req.method} ${req.url}`, type: 'not_found' } });
      const topP = body['top_p'];
      if (options.refuseTopPZero && typeof topP === 'number' && !(topP > 0 && topP <= 1)) {
        refused++;
        // vLLM's SamplingParams validation, as its OpenAI server reports it.
        return json(res, 400, {
          object: 'error',
          message: `top_p must be in (0, 1], got ${topP.toFixed(1)}.`,
          type: 'BadRequestError',
          param: null,
          code: 400,
        });
      }
      const reply = script[Math.min(requests.length - 1 - refused, script.length - 1)]!;
      if ('hang' in reply) return; // never answers; the socket is destroyed on close()
      if ('status' in reply)
        return json(
          res,
          reply.status,
          reply.body ?? { error: { message: `scripted ${reply.status}`, type: 'server_error' } },
          reply.headers,
        );
      return json(res, 200, {
        id: `chatcmpl-${requests.length}`,
        object: 'chat.completion',
        created: 1_700_000_000,
        model: String(body['model']),
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: reply.content },
            finish_reason: reply.finish_reason ?? 'stop',
          },
        ],
        usage: { ...(reply.usage ?? { prompt_tokens: 1200, completion_tokens: 80 }), total_tokens: 0 },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers });
  res.end(data);
}
