import { envSecretValues, redactText } from '@smoke-repair/smoke-validator';
import type { ChatClient } from './chat-client.js';

/**
 * A chat client that never sends a secret: every message goes through `redactText` with the given
 * values, the environment's secret-named variables (`*_KEY`, `*_TOKEN`, …) and common token
 * shapes (bearer, `sk-…`, `ghp_…`, JWTs). The model sees `[REDACTED]` where the app's log, a
 * trace or a source file quoted one.
 */
export function redactingChatClient(client: ChatClient, secrets: readonly string[] = []): ChatClient {
  const known = [...secrets, ...envSecretValues()];
  return {
    complete: (request, signal) =>
      client.complete(
        { ...request, messages: request.messages.map((m) => ({ ...m, content: redactText(m.content, known) })) },
        signal,
      ),
  };
}
