import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../adapters/openai-chat-client.js';
import { ChatClientError, type ChatClient } from './chat-client.js';
import { completeWithRetry } from './complete-with-retry.js';

const request = { model: 'm', messages: [], temperature: 0, topP: 0 };
const policy = { maxRetries: 3, backoffMs: 10, jitter: false, timeoutMs: 2_000 };

describe('completeWithRetry', () => {
  it('backs off exponentially on retryable errors, honouring Retry-After', async () => {
    const times: number[] = [];
    let calls = 0;
    const client: ChatClient = {
      async complete() {
        times.push(Date.now());
        calls++;
        if (calls === 1) throw new ChatClientError('SMOKE_LLM_HTTP', '503', { status: 503, retryable: true });
        if (calls === 2)
          throw new ChatClientError('SMOKE_LLM_HTTP', '429', { status: 429, retryable: true, retryAfterMs: 100 });
        return { content: 'ok', usage: null };
      },
    };
    const response = await completeWithRetry(client, request, policy);
    expect(response).toMatchObject({ content: 'ok', requests: 3 });
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(9);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(99);
  });

  it('gives up after maxRetries', async () => {
    let calls = 0;
    const client: ChatClient = {
      async complete() {
        calls++;
        throw new ChatClientError('SMOKE_LLM_HTTP', 'busy', { status: 500, retryable: true });
      },
    };
    await expect(completeWithRetry(client, request, { ...policy, maxRetries: 2 })).rejects.toThrow('busy');
    expect(calls).toBe(3);
  });

  it('aborts a call that never answers at the hard timeout', async () => {
    const client: ChatClient = {
      complete: (_request, signal) =>
        new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
    };
    const started = Date.now();
    await expect(completeWithRetry(client, request, { ...policy, timeoutMs: 150 })).rejects.toMatchObject({
      code: 'SMOKE_LLM_TIMEOUT',
    });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('does not start a wait that would end past the deadline', async () => {
    const client: ChatClient = {
      async complete() {
        throw new ChatClientError('SMOKE_LLM_HTTP', '429', { status: 429, retryable: true, retryAfterMs: 60_000 });
      },
    };
    await expect(completeWithRetry(client, request, { ...policy, timeoutMs: 500 })).rejects.toThrow(
      /would pass the 500 ms limit/,
    );
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});
