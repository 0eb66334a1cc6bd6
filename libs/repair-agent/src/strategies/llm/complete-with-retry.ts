import { RepairAgentError } from '../../errors.js';
import { ChatClientError, type ChatClient, type ChatRequest, type ChatResponse } from './chat-client.js';

/** How a chat call is retried and bounded. */
export interface RetryPolicy {
  /** Retries after the first try (429, 5xx, dropped connections only). */
  readonly maxRetries: number;
  /** Base delay: `base * 2^n` before retry n+1, or the server's Retry-After when longer. */
  readonly backoffMs: number;
  /** Adds up to one base delay at random; off in tests so timings are deterministic. */
  readonly jitter: boolean;
  /** Hard limit for the whole call, retries and waits included. */
  readonly timeoutMs: number;
}

/** The response and how many HTTP requests it took. */
export interface RetriedResponse extends ChatResponse {
  readonly requests: number;
}

/**
 * Calls the client under a hard deadline (an AbortController, so a server that never answers is
 * abandoned), retrying retryable failures with exponential backoff. A wait that would end past
 * the deadline is not started.
 */
export async function completeWithRetry(
  client: ChatClient,
  request: ChatRequest,
  policy: RetryPolicy,
  outer?: AbortSignal,
): Promise<RetriedResponse> {
  const deadline = Date.now() + policy.timeoutMs;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new LlmTimeoutError(policy.timeoutMs)), policy.timeoutMs);
  const signal = outer ? AbortSignal.any([outer, timeout.signal]) : timeout.signal;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await client.complete(request, signal);
        return { ...response, requests: attempt + 1 };
      } catch (error) {
        if (signal.aborted)
          throw signal.reason instanceof Error ? signal.reason : new LlmTimeoutError(policy.timeoutMs);
        if (!(error instanceof ChatClientError) || !error.retryable || attempt >= policy.maxRetries) throw error;
        const backoff = policy.backoffMs * 2 ** attempt + (policy.jitter ? Math.random() * policy.backoffMs : 0);
        const wait = Math.max(backoff, error.retryAfterMs ?? 0);
        if (Date.now() + wait >= deadline) {
          throw new RepairAgentError(
            'SMOKE_LLM_TIMEOUT',
            `${error.message}; the next retry (in ${Math.round(wait)} ms) would pass the ${policy.timeoutMs} ms limit`,
            { cause: error },
          );
        }
        await sleep(wait, signal);
      }
    }
  } finally {
    clearTimeout(timer);
  }
}

/** The LLM call passed its hard time limit. */
class LlmTimeoutError extends RepairAgentError {
  constructor(timeoutMs: number) {
    super('SMOKE_LLM_TIMEOUT', `the LLM did not answer within ${timeoutMs} ms`);
    this.name = 'LlmTimeoutError';
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
