import { z } from 'zod';
import { ChatClientError, type ChatClient, type ChatResponse } from '../strategies/llm/chat-client.js';
import { MAX_LLM_ANSWER_BYTES, readCappedText } from './read-capped.js';

/** Options of the OpenAI-compatible chat client. */
export interface OpenAiChatClientOptions {
  /** e.g. `https://api.openai.com/v1`, `http://127.0.0.1:11434/v1` (`/chat/completions` is appended). */
  readonly baseUrl: string;
  /** Name of the environment variable holding the API key; read at call time, never logged. */
  readonly apiKeyEnv?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const responseSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z
        .object({
          message: z.object({ content: z.string().nullable().optional() }).loose(),
          finish_reason: z.string().nullable().optional(),
        })
        .loose(),
    )
    .min(1),
  usage: z
    .object({ prompt_tokens: z.number().int().nonnegative(), completion_tokens: z.number().int().nonnegative() })
    .loose()
    .nullable()
    .optional(),
});

/**
 * A `ChatClient` for any OpenAI-compatible `POST {baseUrl}/chat/completions` endpoint (OpenAI,
 * vLLM, Ollama, llama.cpp, LiteLLM). Errors become `ChatClientError`s; 429 and 5xx are marked
 * retryable with the server's `Retry-After`. The key is sent as `Authorization: Bearer …` only.
 */
export function createOpenAiChatClient(options: OpenAiChatClientOptions): ChatClient {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const apiKeyEnv = options.apiKeyEnv ?? 'OPENAI_API_KEY';
  return {
    async complete(request, signal): Promise<ChatResponse> {
      const key = process.env[apiKeyEnv];
      const body = {
        model: request.model,
        messages: request.messages,
        temperature: request.temperature,
        ...(request.topP !== undefined ? { top_p: request.topP } : {}),
        ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
        stream: false,
      };
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            ...options.headers,
            ...(key ? { authorization: `Bearer ${key}` } : {}),
          },
          body: JSON.stringify(body),
          signal,
        });
      } catch (error) {
        if (signal.aborted) throw signal.reason ?? error;
        throw new ChatClientError('SMOKE_LLM_NETWORK', `${url}: ${describe(error)}`, { retryable: true, cause: error });
      }
      const text = await readCappedText(response);
      if (text === null) {
        throw new ChatClientError(
          'SMOKE_LLM_BAD_RESPONSE',
          `${url} answered more than ${MAX_LLM_ANSWER_BYTES} bytes; the answer was not read further`,
          { status: response.status },
        );
      }
      if (!response.ok) {
        const retryable = response.status === 429 || response.status >= 500;
        throw new ChatClientError(
          'SMOKE_LLM_HTTP',
          `${url} answered ${response.status}: ${redact(errorMessage(text), key)}`,
          {
            status: response.status,
            retryable,
            retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
          },
        );
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new ChatClientError(
          'SMOKE_LLM_BAD_RESPONSE',
          `${url} answered with no JSON: ${redact(text.slice(0, 200), key)}`,
          { cause: error },
        );
      }
      const parsed = responseSchema.safeParse(json);
      if (!parsed.success) {
        throw new ChatClientError(
          'SMOKE_LLM_BAD_RESPONSE',
          `${url} answered with no chat completion:\n${z.prettifyError(parsed.error)}`,
        );
      }
      const usage = parsed.data.usage;
      const choice = parsed.data.choices[0]!;
      return {
        content: choice.message.content ?? '',
        ...(choice.finish_reason !== undefined ? { finishReason: choice.finish_reason } : {}),
        usage: usage ? { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens } : null,
        ...(parsed.data.model ? { model: parsed.data.model } : {}),
      };
    },
  };
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value.trim()) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function errorMessage(text: string): string {
  try {
    // OpenAI: {"error": {"message"}}; vLLM: {"object": "error", "message"}.
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof body.error === 'string' ? body.error : (body.error?.message ?? body.message);
    if (typeof message === 'string') return message.slice(0, 500);
  } catch {
    // not JSON: the raw body is the message
  }
  return text.slice(0, 500) || '(empty body)';
}

function redact(text: string, key: string | undefined): string {
  return key && key.length >= 4 ? text.split(key).join('[REDACTED]') : text;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}
