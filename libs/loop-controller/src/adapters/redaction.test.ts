import { join } from 'node:path';
import { openPatternStore } from '@smoke-repair/pattern-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRepairLoopConfig } from '../config/loop-config.js';
import { loopSecrets, redactingArtifacts, redactingStore } from './redaction.js';

const saved = { ...process.env };
beforeEach(() => {
  process.env['AGENT_TOKEN'] = 'agent-tok-5f4e3d2c';
  process.env['MY_LLM_KEY'] = 'llm-key-0a9b8c7d';
});
afterEach(() => {
  process.env = { ...saved };
});

function config() {
  return parseRepairLoopConfig(
    {
      app: { baseUrl: 'http://127.0.0.1:9' },
      smoke: { openapi: '/openapi.json', headers: { 'X-Custom-Auth': 'custom-1a2b3c4d' } },
      repair: {
        llm: { baseUrl: 'http://127.0.0.1:9/v1', model: 'm', apiKeyEnv: 'MY_LLM_KEY' },
        command: { command: 'AGENT_TOKEN=inline-77aa88bb sh agent.sh', env: { AGENT_SECRET: 'cmd-env-secret-99' } },
      },
      patterns: { store: 'neo4j://neo4j:store-pw-1234@127.0.0.1:7687' },
    },
    join('/tmp', 'app', 'smoke-repair.config.json'),
  );
}

describe('loop redaction by value', () => {
  it('knows the header values, the env and command env secrets, the LLM key and the store password', () => {
    const secrets = loopSecrets(config());
    for (const value of [
      'custom-1a2b3c4d',
      'agent-tok-5f4e3d2c',
      'llm-key-0a9b8c7d',
      'cmd-env-secret-99',
      'store-pw-1234',
    ])
      expect(secrets).toContain(value);
  });

  it('artifacts (loop.json, escalation.json) are written redacted; patches as they are', async () => {
    const written = new Map<string, string>();
    const deps = redactingArtifacts(
      { writeArtifact: async (name: string, content: string) => (written.set(name, content), name) },
      loopSecrets(config()),
    );
    const leaky = JSON.stringify({
      strategy: 'command: AGENT_TOKEN=inline-77aa88bb sh agent.sh',
      note: 'echoed custom-1a2b3c4d and agent-tok-5f4e3d2c',
      store: 'neo4j://neo4j:store-pw-1234@127.0.0.1:7687',
    });
    await deps.writeArtifact('loop.json', leaky);
    await deps.writeArtifact('escalation.json', leaky);
    await deps.writeArtifact('accepted.patch', '+KEY = "custom-1a2b3c4d"\n');
    for (const name of ['loop.json', 'escalation.json']) {
      for (const secret of ['inline-77aa88bb', 'custom-1a2b3c4d', 'agent-tok-5f4e3d2c', 'store-pw-1234'])
        expect(written.get(name)).not.toContain(secret);
    }
    expect(written.get('accepted.patch')).toContain('custom-1a2b3c4d');
  });

  it('the pattern store records attempts redacted', async () => {
    const store = redactingStore(await openPatternStore('memory:'), ['custom-1a2b3c4d']);
    await store.recordAttempt({
      signature: {
        hash: 'h1',
        key: 'ValueError@app/main.py:7 bad custom-1a2b3c4d',
        exceptionType: 'ValueError',
        message: 'bad custom-1a2b3c4d',
      },
      strategy: 'command',
      pattern: {
        signatureClass: 'ValueError',
        language: 'python',
        template: { edit: 'x' },
        description: 'command AGENT_TOKEN=inline-77aa88bb sh agent.sh saw custom-1a2b3c4d',
      },
      context: { app: 'app', errorKind: '500' },
    });
    const events = [];
    for await (const event of store.exportEvents()) events.push(event);
    const text = JSON.stringify(events);
    expect(text).not.toContain('custom-1a2b3c4d');
    expect(text).not.toContain('inline-77aa88bb');
    await store.close();
  });
});
