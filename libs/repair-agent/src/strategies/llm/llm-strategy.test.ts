import { describe, expect, it } from 'vitest';
import { repairFromSmokeViolations } from '../../repair.js';
import { ChatClientError, type ChatClient, type ChatRequest } from './chat-client.js';
import type { Investigator, PrivateQuestion, PublicQuestion } from './investigators.js';
import { createLlmStrategy, LlmStrategyError } from './llm-strategy.js';
import { GOOD_DIFF, memorySource, shopContext, shopFiles, shopViolation } from './test-support/shop-fixture.js';

function scriptedClient(answers: (string | Error)[]): ChatClient & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    requests,
    async complete(request) {
      requests.push(request);
      const next = answers.shift() ?? new Error('no more answers');
      if (next instanceof Error) throw next;
      return { content: next, usage: { promptTokens: 1000, completionTokens: 200 } };
    },
  };
}

const base = { baseUrl: 'http://127.0.0.1:9/v1', model: 'test-model', backoff: { baseMs: 1, jitter: false } };

describe('createLlmStrategy', () => {
  it('applies a good diff to the overlay tree and records tokens and cost', async () => {
    const client = scriptedClient([`\`\`\`diff\n${GOOD_DIFF}\`\`\``]);
    const strategy = createLlmStrategy({ ...base, client, prices: { promptPer1k: 0.01, completionPer1k: 0.03 } });
    const { cause, context, tree } = await shopContext();
    const proposal = await strategy.propose(cause, context);
    expect(proposal).toEqual({ summary: 'llm test-model patched app/services/orders.py', usage: { promptTokens: 1000, completionTokens: 200, costUsd: 0.016 } });
    expect(await tree.read('app/services/orders.py')).toContain('    return total\n');
    expect(client.requests[0]).toMatchObject({ model: 'test-model', temperature: 0, topP: 0, maxTokens: 4096 });
  });

  it('fails a malformed answer with its reason and the tokens spent', async () => {
    const strategy = createLlmStrategy({ ...base, client: scriptedClient(['Rename totl to total.']) });
    const { cause, context } = await shopContext();
    const error = await strategy.propose(cause, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmStrategyError);
    expect(error).toMatchObject({ code: 'SMOKE_LLM_MALFORMED_DIFF', usage: { promptTokens: 1000, completionTokens: 200 } });
    expect((error as Error).message).toMatch(/no unified diff/);
  });

  it('fails a diff that does not apply with git’s reason', async () => {
    const wrong = GOOD_DIFF.replace(/return totl/, 'return tutl');
    const strategy = createLlmStrategy({ ...base, client: scriptedClient([wrong]) });
    const { cause, context } = await shopContext();
    await expect(strategy.propose(cause, context)).rejects.toThrow(/the diff does not apply: .*patch failed/);
  });

  it('retries a 429 and then succeeds', async () => {
    const client = scriptedClient([new ChatClientError('SMOKE_LLM_HTTP', '429', { status: 429, retryable: true, retryAfterMs: 5 }), GOOD_DIFF]);
    const strategy = createLlmStrategy({ ...base, client });
    const { cause, context } = await shopContext();
    expect((await strategy.propose(cause, context))?.summary).toBe('llm test-model patched app/services/orders.py after 1 retry');
    expect(client.requests).toHaveLength(2);
  });

  it('does not retry a 400', async () => {
    const client = scriptedClient([new ChatClientError('SMOKE_LLM_HTTP', 'bad request', { status: 400 }), GOOD_DIFF]);
    const { cause, context } = await shopContext();
    await expect(createLlmStrategy({ ...base, client }).propose(cause, context)).rejects.toMatchObject({ code: 'SMOKE_LLM_HTTP' });
    expect(client.requests).toHaveLength(1);
  });

  it('asks investigators once per signature and puts their answers in the prompt', async () => {
    const asked: { kind: string; question: PrivateQuestion | PublicQuestion }[] = [];
    const investigators: Investigator[] = [
      { kind: 'private', ask: async (question) => (asked.push({ kind: 'private', question }), { text: 'private: totl is a typo of total' }) },
      { kind: 'public', ask: async (question) => (asked.push({ kind: 'public', question }), { text: 'public: NameError is a misspelt name', usage: { promptTokens: 10, completionTokens: 5 } }) },
    ];
    const client = scriptedClient(['nothing', GOOD_DIFF]);
    const strategy = createLlmStrategy({ ...base, client, investigators });
    const first = await shopContext();
    await expect(strategy.propose(first.cause, first.context)).rejects.toThrow(LlmStrategyError);
    const second = await shopContext({ attempt: 2 });
    expect((await strategy.propose(second.cause, second.context))?.usage).toEqual({ promptTokens: 1010, completionTokens: 205 });
    expect(asked.map((a) => a.kind)).toEqual(['private', 'public']);
    expect((asked[0]!.question as PrivateQuestion).code).toContain('    8>     return totl');
    expect(Object.keys(asked[1]!.question).sort()).toEqual(['errorText', 'symbols', 'versions']);
    for (const request of client.requests) {
      expect(request.messages[1]!.content).toContain('private: totl is a typo of total');
      expect(request.messages[1]!.content).toContain('public: NameError is a misspelt name');
    }
  });

  it('rejects invalid options with a readable message', () => {
    expect(() => createLlmStrategy({ baseUrl: 'not a url', model: '' })).toThrow(/Invalid LLM strategy options[\s\S]*baseUrl[\s\S]*model/);
  });

  it('goes through the engine’s patch policy: a diff touching tests is rejected with the reason', async () => {
    const diff = '--- a/tests/test_orders.py\n+++ b/tests/test_orders.py\n@@ -1,2 +1,2 @@\n def test_total():\n-    assert True\n+    assert 1\n';
    const files = shopFiles();
    const result = await repairFromSmokeViolations([shopViolation()], {
      appRoot: '/srv/shop',
      files: memorySource(files),
      strategies: [createLlmStrategy({ ...base, client: scriptedClient([diff]) })],
      inspector: { inspect: async () => [] },
    });
    expect(result.patches).toEqual([]);
    expect(result.attempts[0]).toMatchObject({ strategy: 'llm', outcome: 'rejected', detail: 'tests/test_orders.py is protected (tests/**)', usage: { promptTokens: 1000, completionTokens: 200 } });
  });
});
