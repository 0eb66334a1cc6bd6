// Every `--json` output of the CLI validated against the schema the same command publishes with
// `--json-schema` (and the config `init` writes against `config --json-schema`): a field added to
// an output but not to its schema, or the reverse, fails here.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openPatternStore } from '@smoke-repair/pattern-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeCli } from './test-support/invoke-cli.js';

const samples = join(dirname(fileURLToPath(import.meta.url)), '..', 'samples');
const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);

async function schemaOf(argv: string[], cwd: string): Promise<object> {
  const out = await invokeCli([...argv, '--json-schema'], cwd);
  expect(out.code, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as object;
}

/** Runs `argv --json` and checks its output against `schemaArgv --json-schema`. */
async function expectValid(
  argv: string[],
  cwd: string,
  schemaArgv = argv.filter((a) => !a.startsWith('/') && !a.includes('.')),
): Promise<unknown> {
  const out = await invokeCli([...argv, '--json'], cwd);
  expect(out.code, out.stderr).toBeLessThanOrEqual(1);
  const json = JSON.parse(out.stdout) as unknown;
  const validate = ajv.compile(await schemaOf(schemaArgv, cwd));
  expect(validate(json) ? [] : validate.errors, `${argv.join(' ')} --json`).toEqual([]);
  return json;
}

let server: Server;
let baseUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const ok = req.url === '/items' && req.method === 'GET';
      res.writeHead(ok ? 200 : 500, { 'content-type': 'application/json' });
      res.end(ok ? '[]' : '{"detail":"boom"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const openapi = {
  openapi: '3.0.3',
  info: { title: 'items', version: '1' },
  paths: {
    '/items': {
      get: {
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'array', items: { type: 'object' } } } },
          },
        },
      },
      post: {
        requestBody: {
          content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } } } } },
        },
        responses: { '201': { description: 'created' } },
      },
    },
  },
};

describe('every --json output matches its published --json-schema', () => {
  it('smoke (passing and failing scenarios) and run', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-schemas-'));
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(openapi));
    const smoke = (await expectValid(['smoke', '--base-url', baseUrl, '--openapi', 'openapi.json'], dir, [
      'smoke',
    ])) as { violations: unknown[] };
    expect(smoke.violations.length).toBeGreaterThan(0);
    writeFileSync(
      join(dir, 'smoke-repair.config.json'),
      JSON.stringify({
        app: { baseUrl },
        smoke: { openapi: 'openapi.json' },
        loop: { maxIterations: 1, timeBudgetMs: 30_000 },
        repair: { strategies: ['recipe'] },
        patterns: { store: 'memory:' },
      }),
    );
    await expectValid(['run', '--no-apply'], dir, ['run']);
  });

  it('parse-logs and init; the config init writes matches config --json-schema', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-schemas-'));
    await expectValid(['parse-logs', join(samples, 'server.log')], dir, ['parse-logs']);
    writeFileSync(join(dir, 'requirements.txt'), 'fastapi\n');
    await expectValid(['init'], dir);
    const config = JSON.parse(readFileSync(join(dir, 'smoke-repair.config.json'), 'utf8')) as { $schema: string };
    expect(config.$schema).toBe('./node_modules/@smoke-repair/cli/config.schema.json');
    const validate = ajv.compile(await schemaOf(['config'], dir));
    expect(validate(config) ? [] : validate.errors).toEqual([]);
    // The schema refuses what the loader refuses: an unknown key.
    expect(validate({ ...config, smoke: { openapi: '/openapi.json', concurency: 4 } })).toBe(false);
  });

  it('patterns list, show, stats, export, import, sync, hints, retire', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-schemas-'));
    const store = await openPatternStore('file:.smoke-repair/patterns.jsonl', { cwd: dir });
    const attempt = await store.recordAttempt({
      signature: { hash: 'h1', key: 'KeyError@app/x.py:1 f: k', exceptionType: 'KeyError', message: 'k' },
      strategy: 'recipe',
      pattern: { signatureClass: 'py:a', language: 'python', template: { edit: 'a' } },
      context: { app: 'shop', method: 'POST', path: '/carts', errorKind: '500' },
    });
    await store.recordOutcome({ attemptId: attempt.id, outcome: 'fixed' });
    await store.close();
    const hints = (await expectValid(['patterns', 'hints', '--min-success', '1'], dir, ['patterns', 'hints'])) as {
      hints: unknown[];
    };
    expect(hints.hints).toHaveLength(1);
    await expectValid(['patterns', 'list'], dir);
    await expectValid(['patterns', 'show', attempt.patternId], dir, ['patterns', 'show']);
    await expectValid(['patterns', 'stats'], dir);
    await expectValid(['patterns', 'export', 'events.jsonl'], dir, ['patterns', 'export']);
    const other = mkdtempSync(join(tmpdir(), 'cli-schemas-'));
    await expectValid(['patterns', 'import', join(dir, 'events.jsonl')], other, ['patterns', 'import']);
    // sync between two file: stores (the project's and another), as to a team's Neo4j store.
    const synced = (await expectValid(
      [
        'patterns',
        'sync',
        '--from',
        'file:.smoke-repair/patterns.jsonl',
        '--to',
        `file:${join(other, 'synced.jsonl')}`,
      ],
      dir,
      ['patterns', 'sync'],
    )) as { applied: number; from: string; to: string };
    expect(synced).toMatchObject({
      from: `file:${join(dir, '.smoke-repair', 'patterns.jsonl')}`,
      to: `file:${join(other, 'synced.jsonl')}`,
    });
    expect(synced.applied).toBeGreaterThan(0);
    await expectValid(['patterns', 'retire', attempt.patternId], dir, ['patterns', 'retire']);
  });
});

describe('the published config schema', () => {
  it(`config.schema.json (shipped in the package, where "$schema" points) is what config --json-schema \
prints`, async () => {
    const shipped = JSON.parse(readFileSync(join(samples, '..', 'config.schema.json'), 'utf8')) as unknown;
    // Written by the build (tsup onSuccess), which the test target depends on.
    expect(shipped).toEqual(await schemaOf(['config'], tmpdir()));
  });
});
