import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { redactText, redactUrl, redactValue } from '../http/redact.js';
import { parseSmokeConfig } from './load-config.js';
import { loadSmokeConfig } from '../adapters/load-smoke-config.js';
import { smokeConfigJsonSchema } from './smoke-config.js';

describe('loadSmokeConfig', () => {
  it('applies defaults, resolves paths against the config directory, freezes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smoke-config-'));
    writeFileSync(
      join(dir, 'smoke-repair.config.json'),
      JSON.stringify({
        app: { root: 'app', runner: { kind: 'process', command: 'serve', port: 8000 } },
        smoke: { openapi: 'spec.yaml', scenarios: 's.yaml' },
      }),
    );
    const c = await loadSmokeConfig(join(dir, 'smoke-repair.config.json'));
    expect(c.app.root).toBe(join(dir, 'app'));
    expect(c.app.runner).toMatchObject({ kind: 'process', cwd: join(dir, 'app') });
    expect(c.smoke).toMatchObject({
      openapi: join(dir, 'spec.yaml'),
      scenarios: join(dir, 's.yaml'),
      concurrency: 4,
      timeoutMs: 10_000,
      allowNonLoopback: false,
    });
    expect(c.artifactsDir).toBe(join(dir, 'artifacts'));
    expect(Object.isFrozen(c.smoke)).toBe(true);
  });

  it('keeps URLs and base-URL paths for the OpenAPI document', () => {
    expect(
      parseSmokeConfig({ smoke: { openapi: '/openapi.json', baseUrl: 'http://127.0.0.1:1' } }, '/x/c.json').smoke
        .openapi,
    ).toBe('/openapi.json');
    expect(parseSmokeConfig({ smoke: { openapi: 'http://127.0.0.1:1/o.json' } }, '/x/c.json').smoke.openapi).toBe(
      'http://127.0.0.1:1/o.json',
    );
  });

  it('throws ConfigError naming the field', async () => {
    const bad = (raw: unknown) => () => parseSmokeConfig(raw, '/x/c.json');
    expect(bad({ smoke: { openapi: 'a', concurrency: 0 } })).toThrow(/smoke\.concurrency/);
    expect(bad({ smoke: {} })).toThrow(/give `openapi`, `scenarios` or `testCommand`/);
    expect(bad({ smoke: { openapi: 'a' }, app: { runner: { kind: 'process', port: 1 } } })).toThrow(
      /app\.runner\.command/,
    );
    expect(bad({ smoke: { openapi: 'a' }, bogus: 1 })).toThrow(/bogus/);
    expect(bad({ smoke: { openapi: 'a' }, freshness: { meta: { url: '/__meta', requiredFields: [] } } })).toThrow(
      /freshness/,
    );
    expect(bad({ smoke: { openapi: 'a' }, app: { runner: { kind: 'docker', port: 1 } } })).toThrow(
      /image.*build|build.*image/,
    );
    await expect(loadSmokeConfig('/nonexistent/smoke-repair.config.json')).rejects.toThrow(ConfigError);
    const dir = mkdtempSync(join(tmpdir(), 'smoke-config-'));
    writeFileSync(join(dir, 'c.json'), '{ nope');
    await expect(loadSmokeConfig(join(dir, 'c.json'))).rejects.toMatchObject({
      code: 'SMOKE_CONFIG_INVALID',
      message: /not valid JSON/,
    });
  });

  it('accepts $comment at the top level and in app and smoke, nowhere else unknown', () => {
    const c = parseSmokeConfig(
      { $comment: ['what this is'], app: { $comment: 'the app', root: '.' }, smoke: { $comment: 'how', openapi: 'a' } },
      '/x/c.json',
    );
    expect(c.smoke.openapi).toBe('/x/a');
    expect(() => parseSmokeConfig({ smoke: { openapi: 'a', $comments: 'typo' } }, '/x/c.json')).toThrow(/\$comments/);
    expect(() => parseSmokeConfig({ $comment: 3, smoke: { openapi: 'a' } }, '/x/c.json')).toThrow(/\$comment/);
  });

  it('publishes a JSON Schema', () => {
    expect(smokeConfigJsonSchema()).toMatchObject({ type: 'object' });
  });
});

describe('redaction', () => {
  it('redacts tokens in query strings, secret fields and bearer tokens', () => {
    expect(redactUrl('http://u:p@h/x?api_key=abc&page=2&token=t')).toBe(
      'http://[REDACTED]@h/x?api_key=[REDACTED]&page=2&token=[REDACTED]',
    );
    expect(redactValue({ user: 'a', password: 'pw', nested: { client_secret: 's', n: 1 } })).toEqual({
      user: 'a',
      password: '[REDACTED]',
      nested: { client_secret: '[REDACTED]', n: 1 },
    });
    expect(
      redactText('Authorization: Bearer abcdefghij {"api_key": "zzz"} secret=hush known-value-1', ['known-value-1']),
    ).toBe('Authorization: Bearer [REDACTED] {"api_key": "[REDACTED]"} secret=[REDACTED] [REDACTED]');
  });
});
