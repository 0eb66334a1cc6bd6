import { describe, expect, it } from 'vitest';
import { attributeTraces } from './attribute-traces.js';
import { buildSmokeResult } from './build-result.js';
import { executeScenarios } from './execute-scenarios.js';
import { generateScenarios } from './generate/generate-scenarios.js';
import { buildApiModel } from './openapi/api-model.js';
import { orderScenarios } from './order-scenarios.js';
import { redactDeep, redactText } from './redact.js';
import { commandLineSecrets, envSecretValues, runSecrets, uriPasswords } from './secret-values.js';
import { fakeCrudApi, libraryOpenApi } from './test-support/fake-api.js';

const CUSTOM = 'xc-9f8e7d6c5b4a';
// Built at run time so no scanner mistakes the fixtures for real credentials.
const JWT = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'].join(
  '.',
);
const SK = `sk-${'a1B2c3D4e5F6g7H8i9J0'}`;
const GHP = `ghp_${'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'}`;

describe('redaction by value', () => {
  it(`a configured header with any name is redacted wherever the app echoes it: curl, excerpt, message, \
trace`, async () => {
    const fake = fakeCrudApi([
      {
        match: /^GET \/authors$/,
        status: 500,
        body: `{"detail":"bad auth ${CUSTOM}"}`,
        trace: { file: 'app/main.py', line: 7, error: `ValueError: bad auth ${CUSTOM}` },
      },
    ]);
    const plan = orderScenarios(generateScenarios(buildApiModel(libraryOpenApi(), 'library.json'), { seed: 't1' }));
    const runs = await executeScenarios(plan, {
      http: fake.client,
      baseUrl: 'http://127.0.0.1:9',
      concurrency: 1,
      headers: { 'X-Custom-Auth': CUSTOM },
    });
    const requests = runs.flatMap((r) =>
      r.request
        ? [
            {
              requestId: r.request.requestId,
              startMs: r.startMs,
              endMs: r.endMs,
              status: r.response?.ok ? r.response.status : null,
            },
          ]
        : [],
    );
    const attribution = attributeTraces(fake.log, requests, { parse: { appRoot: '/srv/app' } });
    const result = buildSmokeResult({
      runs,
      attribution,
      serverLogPath: null,
      startedAtMs: 0,
      durationMs: 5,
      target: 'http://127.0.0.1:9',
      secrets: runSecrets({ headers: { 'X-Custom-Auth': CUSTOM }, env: {} }),
    });
    const text = JSON.stringify(result);
    expect(result.violations.some((v) => v.endpoint === 'GET /authors')).toBe(true);
    expect(text).toContain('[REDACTED]');
    expect(text).not.toContain(CUSTOM);
  });

  it('replaces common token shapes and URI passwords in free text', () => {
    const text = `jwt ${JWT} key ${SK} gh ${GHP} neo4j://neo4j:hunter2pw@localhost:7687 AGENT_TOKEN=abc123xyz agent.sh`;
    const out = redactText(text);
    for (const secret of [JWT, SK, GHP, 'hunter2pw', 'abc123xyz']) expect(out).not.toContain(secret);
    expect(out).toContain('neo4j://neo4j:[REDACTED]@localhost:7687');
    expect(out).toContain('agent.sh');
    // Ordinary text stays: hashes, paths, words.
    const plain = 'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 at app/main.py:7 skip-this';
    expect(redactText(plain)).toBe(plain);
  });

  it('collects secret-named env values (8+ characters), header credentials and URI passwords', () => {
    expect(
      envSecretValues({
        OPENAI_API_KEY: 'k-1234567890',
        SORT_KEY: 'id',
        DB_PASSWORD: 'p@ssw0rd!!',
        HOME: '/home/u',
        GH_TOKEN: 'tok-abcdefgh',
      }).sort(),
    ).toEqual(['k-1234567890', 'p@ssw0rd!!', 'tok-abcdefgh']);
    expect(uriPasswords('neo4j://neo4j:p%40ss@db:7687')).toEqual(['p%40ss', 'p@ss']);
    expect(uriPasswords('neo4j://db:7687')).toEqual([]);
    expect(
      runSecrets({ headers: { Authorization: 'Bearer abcd1234efgh' }, env: {}, uris: ['bolt://u:pw12345@h'] }),
    ).toEqual(['Bearer abcd1234efgh', 'abcd1234efgh', 'pw12345']);
  });

  it('collects what a command line assigns to secret-named variables (shell string or argv), 8+ characters', () => {
    expect(commandLineSecrets('AGENT_TOKEN=tok-abcdefgh DEBUG=verbose-mode SORT_KEY=id aider --yes')).toEqual([
      'tok-abcdefgh',
    ]);
    expect(commandLineSecrets(['env', "API_KEY='k-12345678'", 'python3', 'agent.py'])).toEqual(['k-12345678']);
    expect(runSecrets({ env: {}, commands: ['GH_TOKEN=ghx-12345678 gh pr list', undefined] })).toEqual([
      'ghx-12345678',
    ]);
  });

  it('redacts every string of a nested value, keys kept', () => {
    expect(redactDeep({ a: [`x ${CUSTOM}`, 1, null], b: { c: CUSTOM } }, [CUSTOM])).toEqual({
      a: ['x [REDACTED]', 1, null],
      b: { c: '[REDACTED]' },
    });
  });
  it('redacts a URI password but never reaches across JSON text to an @ further on', () => {
    expect(redactText('store neo4j://neo4j:s3cr3t-pw@127.0.0.1:7687 down', [])).toBe(
      'store neo4j://neo4j:[REDACTED]@127.0.0.1:7687 down',
    );
    // A smoke.json line: a base URL with a port, and a signature with an @ later on the same line.
    const json = JSON.stringify({
      target: 'http://127.0.0.1:18779',
      violations: [{ key: 'NameError@routes.py:6 items' }],
    });
    expect(redactText(json, [])).toBe(json);
    expect(() => JSON.parse(redactText(json, []))).not.toThrow();
  });
});
