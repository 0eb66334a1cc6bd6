import { RepairAgentError } from '../../errors.js';

/** One chat message of an OpenAI-compatible chat-completions request. */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** A chat-completions request (sampling is deterministic: temperature 0; `top_p` only when set). */
export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly temperature: number;
  /** Omitted from the request when undefined (vLLM refuses `top_p: 0`). */
  readonly topP?: number;
  readonly maxTokens?: number;
}

/** The first choice's content, why it ended, and the token counts the server reported. */
export interface ChatResponse {
  readonly content: string;
  /** `stop`, `length` (cut off at max_tokens: never to be applied), … when the server says. */
  readonly finishReason?: string | null;
  readonly usage: { readonly promptTokens: number; readonly completionTokens: number } | null;
  readonly model?: string;
}

/** The port strategies and investigators talk to; the fetch adapter implements it. */
export interface ChatClient {
  complete(request: ChatRequest, signal: AbortSignal): Promise<ChatResponse>;
}

/**
 * A chat call that failed. `retryable` for 429, 5xx and dropped connections; `retryAfterMs`
 * from the server's `Retry-After` when it sent one.
 */
export class ChatClientError extends RepairAgentError {
  readonly status: number | null;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
  constructor(
    code: 'SMOKE_LLM_HTTP' | 'SMOKE_LLM_NETWORK' | 'SMOKE_LLM_BAD_RESPONSE',
    message: string,
    details: { status?: number | null; retryable?: boolean; retryAfterMs?: number | null; cause?: unknown } = {},
  ) {
    super(code, message, details.cause === undefined ? {} : { cause: details.cause });
    this.name = 'ChatClientError';
    this.status = details.status ?? null;
    this.retryable = details.retryable ?? false;
    this.retryAfterMs = details.retryAfterMs ?? null;
  }
}
