import { describe, expect, it } from 'vitest';
import { repairFromSmokeViolations } from '../../repair.js';
import { ChatClientError, type ChatClient, type ChatRequest } from './chat-client.js';
import type { Investigator, PrivateQuestion, PublicQuestion } from './investigators.js';
import { createLlmStrategy, LlmStrategyError } from './llm-strategy.js';
import { GOOD_DIFF, memorySource, shopContext, shopFiles, shopViolation } from './test-support/shop-fixture.js';

type Scripted = string | Error | { content: string; finishReason: string };

function scriptedClient(answers: Scripted[]): ChatClient & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    requests,
    async complete(request) {
      requests.push(request);
      const next = answers.shift() ?? new Error('no more answers');
      if (next instanceof Error) throw next;
      const { content, finishReason } = typeof next === 'string' ? { content: next, finishReason: 'stop' } : next;
      return { content, finishReason, usage: { promptTokens: 1000, completionTokens: 200 } };
    },
  };
}

const FIX_BLOCK =
  'The accumulator is `total`.\n\napp/services/orders.py\n```python\n<<<<<<< SEARCH\n    return totl\n' +
  '=======\n    return total\n>>>>>>> REPLACE\n```\n';

const base = { baseUrl: 'http://127.0.0.1:9/v1', model: 'test-model', backoff: { baseMs: 1, jitter: false } };

describe('createLlmStrategy', () => {
  it('applies a good diff to the overlay tree and records tokens and cost', async () => {
    const client = scriptedClient([`\`\`\`diff\n${GOOD_DIFF}\`\`\``]);
    const strategy = createLlmStrategy({ ...base, client, prices: { promptPer1k: 0.01, completionPer1k: 0.03 } });
    const { cause, context, tree } = await shopContext();
    const proposal = await strategy.propose(cause, context);
    expect(proposal).toEqual({
      summary: 'llm test-model patched app/services/orders.py',
      usage: { promptTokens: 1000, completionTokens: 200, costUsd: 0.016 },
    });
    expect(await tree.read('app/services/orders.py')).toContain('    return total\n');
    expect(client.requests[0]).toMatchObject({ model: 'test-model', temperature: 0, maxTokens: 4096 });
    expect(client.requests[0]).not.toHaveProperty('topP');
  });

  it('fails a malformed answer with its reason and the tokens spent', async () => {
    const strategy = createLlmStrategy({
      ...base,
      maxRepairTurns: 0,
      client: scriptedClient(['Rename totl to total.']),
    });
    const { cause, context } = await shopContext();
    const error = await strategy.propose(cause, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmStrategyError);
    expect(error).toMatchObject({
      code: 'SMOKE_LLM_MALFORMED_DIFF',
      usage: { promptTokens: 1000, completionTokens: 200 },
    });
    expect((error as Error).message).toMatch(/contains no edit/);
  });

  it('fails a diff that does not apply with the precise reason', async () => {
    const wrong = GOOD_DIFF.replace(/return totl/, 'return tutl');
    const strategy = createLlmStrategy({ ...base, maxRepairTurns: 0, client: scriptedClient([wrong]) });
    const { cause, context } = await shopContext();
    await expect(strategy.propose(cause, context)).rejects.toThrow(
      new RegExp(
        String.raw`the edit does not apply: edit 1 \(diff hunk of app\/services\/orders\.py\): the line "retu` +
          String.raw`rn tutl" is not in the file`,
      ),
    );
  });

  it('re-asks with the precise apply error in the same conversation, then applies the corrected answer', async () => {
    const client = scriptedClient([GOOD_DIFF.replace(/return totl/, 'return tutl'), FIX_BLOCK]);
    const { cause, context, tree } = await shopContext();
    const proposal = await createLlmStrategy({ ...base, client }).propose(cause, context);
    expect(proposal).toMatchObject({
      summary: 'llm test-model patched app/services/orders.py after 1 repair turn',
      usage: { promptTokens: 2000, completionTokens: 400 },
    });
    expect(await tree.read('app/services/orders.py')).toContain('    return total\n');
    const second = client.requests[1]!.messages;
    expect(second.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(second[2]!.content).toContain('return tutl');
    expect(second[3]!.content).toMatch(
      new RegExp(
        String.raw`^Your edit does not apply, nothing was changed: edit 1 \(diff hunk of app\/services\/order` +
          String.raw`s\.py\): the line "return tutl" is not in the file`,
      ),
    );
  });

  it('never applies an answer cut off at max_tokens: asks again, shorter', async () => {
    const cut = {
      content: FIX_BLOCK.replace('    return total\n>>>>>>> REPLACE\n```\n', '    return tot'),
      finishReason: 'length',
    };
    const client = scriptedClient([
      cut,
      { content: GOOD_DIFF.replace('return total', 'return total  # fixed'), finishReason: 'length' },
      FIX_BLOCK,
    ]);
    const { cause, context, tree } = await shopContext();
    const proposal = await createLlmStrategy({ ...base, client, maxTokens: 300 }).propose(cause, context);
    expect(proposal?.summary).toBe('llm test-model patched app/services/orders.py after 2 repair turns');
    expect(await tree.read('app/services/orders.py')).not.toContain('# fixed');
    expect(client.requests[1]!.messages.at(-1)!.content).toMatch(
      /cut off at the token limit \(300 tokens\) and was not applied/,
    );
  });

  it('checks the syntax of touched Python files and re-asks with the interpreter’s error', async () => {
    const broken = FIX_BLOCK.replace('    return total', '    return total)');
    const client = scriptedClient([broken, FIX_BLOCK]);
    const { cause, context, tree } = await shopContext();
    await createLlmStrategy({ ...base, client }).propose(cause, context);
    expect(client.requests[1]!.messages.at(-1)!.content).toMatch(
      /it leaves a syntax error \(app\/services\/orders\.py:8: SyntaxError: unmatched '\)'\)/,
    );
    expect(await tree.read('app/services/orders.py')).toContain('    return total\n');
  });

  it('gives up after maxRepairTurns follow-ups with the last precise error and every token spent', async () => {
    const client = scriptedClient(['no idea', 'still none', GOOD_DIFF.replace(/return totl/, 'return tutl')]);
    const { cause, context, tree } = await shopContext();
    const error = await createLlmStrategy({ ...base, client, maxRepairTurns: 2 })
      .propose(cause, context)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'SMOKE_LLM_DIFF_DOES_NOT_APPLY',
      usage: { promptTokens: 3000, completionTokens: 600 },
    });
    expect((error as Error).message).toMatch(/^llm: the edit does not apply: .*\(after 3 answers\)$/);
    expect(client.requests).toHaveLength(3);
    expect(await tree.read('app/services/orders.py')).toContain('return totl');
  });

  it('sends top_p only when the endpoint accepts it, and drops it when the server refuses it', async () => {
    const refusal = new ChatClientError(
      'SMOKE_LLM_HTTP',
      'http://x/v1/chat/completions answered 400: top_p must be in (0, 1], got 0.0.',
      { status: 400 },
    );
    const client = scriptedClient([refusal, FIX_BLOCK, FIX_BLOCK]);
    const strategy = createLlmStrategy({ ...base, client, acceptsTopPZero: true });
    const first = await shopContext();
    await strategy.propose(first.cause, first.context);
    const second = await shopContext();
    await strategy.propose(second.cause, second.context);
    expect(client.requests.map((r) => r.topP)).toEqual([0, undefined, undefined]);
    const nucleus = scriptedClient([FIX_BLOCK]);
    const third = await shopContext();
    await createLlmStrategy({ ...base, client: nucleus, topP: 0.9 }).propose(third.cause, third.context);
    expect(nucleus.requests[0]!.topP).toBe(0.9);
  });

  it('retries a 429 and then succeeds', async () => {
    const client = scriptedClient([
      new ChatClientError('SMOKE_LLM_HTTP', '429', { status: 429, retryable: true, retryAfterMs: 5 }),
      GOOD_DIFF,
    ]);
    const strategy = createLlmStrategy({ ...base, client });
    const { cause, context } = await shopContext();
    expect((await strategy.propose(cause, context))?.summary).toBe(
      'llm test-model patched app/services/orders.py after 1 retry',
    );
    expect(client.requests).toHaveLength(2);
  });

  it('does not retry a 400', async () => {
    const client = scriptedClient([new ChatClientError('SMOKE_LLM_HTTP', 'bad request', { status: 400 }), GOOD_DIFF]);
    const { cause, context } = await shopContext();
    await expect(createLlmStrategy({ ...base, client }).propose(cause, context)).rejects.toMatchObject({
      code: 'SMOKE_LLM_HTTP',
    });
    expect(client.requests).toHaveLength(1);
  });

  it('asks investigators once per signature and puts their answers in the prompt', async () => {
    const asked: { kind: string; question: PrivateQuestion | PublicQuestion }[] = [];
    const investigators: Investigator[] = [
      {
        kind: 'private',
        ask: async (question) => (
          asked.push({ kind: 'private', question }),
          { text: 'private: totl is a typo of total' }
        ),
      },
      {
        kind: 'public',
        ask: async (question) => (
          asked.push({ kind: 'public', question }),
          { text: 'public: NameError is a misspelt name', usage: { promptTokens: 10, completionTokens: 5 } }
        ),
      },
    ];
    const client = scriptedClient(['nothing', GOOD_DIFF]);
    const strategy = createLlmStrategy({ ...base, client, investigators, maxRepairTurns: 0 });
    const first = await shopContext();
    await expect(strategy.propose(first.cause, first.context)).rejects.toThrow(LlmStrategyError);
    const second = await shopContext({ attempt: 2 });
    expect((await strategy.propose(second.cause, second.context))?.usage).toEqual({
      promptTokens: 1010,
      completionTokens: 205,
    });
    expect(asked.map((a) => a.kind)).toEqual(['private', 'public']);
    expect((asked[0]!.question as PrivateQuestion).code).toContain('    8>     return totl');
    expect(Object.keys(asked[1]!.question).sort()).toEqual(['errorText', 'symbols', 'versions']);
    for (const request of client.requests) {
      expect(request.messages[1]!.content).toContain('private: totl is a typo of total');
      expect(request.messages[1]!.content).toContain('public: NameError is a misspelt name');
    }
  });

  it('rejects invalid options with a readable message', () => {
    expect(() => createLlmStrategy({ baseUrl: 'not a url', model: '' })).toThrow(
      /Invalid LLM strategy options[\s\S]*baseUrl[\s\S]*model/,
    );
  });

  it('goes through the engine’s patch policy: a diff touching tests is rejected with the reason', async () => {
    const diff =
      '--- a/tests/test_orders.py\n+++ b/tests/test_orders.py\n@@ -1,2 +1,2 @@\n def test_total():\n' +
      '-    assert True\n+    assert 1\n';
    const files = shopFiles();
    const result = await repairFromSmokeViolations([shopViolation()], {
      appRoot: '/srv/shop',
      files: memorySource(files),
      strategies: [createLlmStrategy({ ...base, client: scriptedClient([diff]) })],
      inspector: { inspect: async () => [] },
    });
    expect(result.patches).toEqual([]);
    expect(result.attempts[0]).toMatchObject({
      strategy: 'llm',
      outcome: 'rejected',
      detail: 'tests/test_orders.py is protected (tests/**)',
      usage: { promptTokens: 1000, completionTokens: 200 },
    });
  });
});
