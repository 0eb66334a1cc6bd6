import { afterEach, describe, expect, it } from 'vitest';
import type { ChatClient, ChatRequest } from './chat-client.js';
import { redactingChatClient } from './redacting-chat-client.js';

afterEach(() => {
  delete process.env['SOME_SERVICE_TOKEN'];
});

describe('redactingChatClient', () => {
  it('sends no configured value, env secret or token shape to the model', async () => {
    process.env['SOME_SERVICE_TOKEN'] = 'svc-token-12ab34cd';
    const sent: ChatRequest[] = [];
    const inner: ChatClient = { complete: async (request) => (sent.push(request), { content: 'ok', usage: null }) };
    const client = redactingChatClient(inner, ['custom-1a2b3c4d']);
    const trace =
      'Traceback: header X-Custom-Auth=custom-1a2b3c4d token svc-token-12ab34cd Bearer abcdefgh12345 at app/main.py:7';
    await client.complete(
      { model: 'm', messages: [{ role: 'user', content: trace }], temperature: 0 },
      new AbortController().signal,
    );
    const content = sent[0]!.messages[0]!.content;
    for (const secret of ['custom-1a2b3c4d', 'svc-token-12ab34cd', 'abcdefgh12345'])
      expect(content).not.toContain(secret);
    expect(content).toContain('app/main.py:7');
  });
});
