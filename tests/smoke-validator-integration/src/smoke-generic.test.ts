import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BaseUrlUnreachableError,
  NonLoopbackTargetError,
  OpenApiInvalidError,
  parseSmokeConfig,
  runSmoke,
  type SmokeConfigInput,
} from '@smoke-repair/smoke-validator';
import { freePort, tempDir } from './support.js';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'library-api');
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function config(raw: SmokeConfigInput, dir: string) {
  return parseSmokeConfig(raw, join(dir, 'smoke-repair.config.json'));
}

async function libraryConfig(logIds: boolean, concurrency: number, serverArgs: readonly string[] = []) {
  const port = await freePort();
  const dir = tempDir('library');
  cleanups.push(dir.cleanup);
  return config(
    {
      app: {
        root: fixture,
        runner: {
          kind: 'process',
          command: [
            'python3',
            '-u',
            join(fixture, 'server.py'),
            String(port),
            ...(logIds ? ['--log-ids'] : []),
            ...serverArgs,
          ],
          port,
          readiness: { path: '/health' },
          logFile: join(dir.path, 'server.log'),
        },
      },
      smoke: {
        openapi: '/openapi.json',
        concurrency,
        headers: { 'X-API-Key': 'super-secret-key-123' },
        maxResponseBytes: 256 * 1024,
      },
      artifactsDir: join(dir.path, 'artifacts'),
    },
    dir.path,
  );
}

describe('HTTP smoke of a differently-shaped API (libraries, nested books, members by uuid, loans)', () => {
  for (const [logIds, concurrency] of [
    [true, 4],
    [false, 1],
  ] as const) {
    it(`infers dependencies and attributes the trace \
(${logIds ? 'by request id, concurrency 4' : 'by time, concurrency 1'})`, async () => {
      const c = await libraryConfig(logIds, concurrency);
      const { result, reports } = await runSmoke(c);
      const status = Object.fromEntries(result.scenarios.map((s) => [s.id, s.status]));
      expect(status).toMatchObject({
        'POST /libraries': 'passed',
        'POST /libraries/{libraryId}/books': 'passed',
        'GET /libraries/{libraryId}/books/{bookId}': 'passed',
        'POST /members': 'passed',
        'GET /members/{memberUuid}': 'passed',
        'POST /loans': 'passed',
        'POST /loans/{loanId}/return': 'failed',
        'GET /catalogue': 'failed',
        'GET /stats': 'passed',
      });
      const byEndpoint = Object.fromEntries(result.violations.map((v) => [v.endpoint, v]));
      const crash = byEndpoint['POST /loans/{loanId}/return']!;
      expect(crash.kind).toBe('server_error');
      expect(crash.traces).toHaveLength(1);
      expect(crash.traces[0]!.exception.type).toBe('KeyError');
      expect(crash.traces[0]!.culprit).toMatchObject({
        file: join(fixture, 'lib', 'handlers.py'),
        function: 'compute_fee',
      });
      expect(crash.signature.key).toMatch(/^KeyError@lib\/handlers\.py:\d+ compute_fee/);
      expect(crash.reproduce).toContain('X-API-Key: [REDACTED]');
      expect(JSON.stringify(result)).not.toContain('super-secret-key-123');
      expect(byEndpoint['GET /catalogue']!.kind).toBe('schema_mismatch');
      expect(byEndpoint['GET /catalogue']!.message).toMatch(/text\/html/);
      expect(result.scenarios.find((s) => s.id === 'GET /stats')!.notes.join()).toMatch(/not validated/);
      expect(result.scenarios.find((s) => s.id === 'POST /members')!.notes).toEqual([]);
      expect(existsSync(reports!.junit) && existsSync(reports!.html)).toBe(true);
    }, 60_000);
  }
});

describe('HTTP smoke: a traceback logged well after the access line and the 500', () => {
  it('waits for the trace of every 5xx, not just for the request ids and a quiet spell', async () => {
    // The access line (with the id) comes first, the traceback's frames 400 ms later and its
    // exception line 400 ms after them: quiet for longer than the 50 ms that ends the wait once all
    // ids are seen, so only the every-5xx-has-a-complete-trace rule holds it.
    const c = await libraryConfig(true, 4, ['--late-trace', '400']);
    const started = Date.now();
    const { result } = await runSmoke(c, { writeReports: false });
    const crash = result.violations.find((v) => v.endpoint === 'POST /loans/{loanId}/return')!;
    expect(crash.kind).toBe('server_error');
    expect(crash.traces).toHaveLength(1);
    expect(crash.traces[0]!.exception.type).toBe('KeyError');
    // and the wait still ended early, not at logSettleMs
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);
});

describe('HTTP smoke: bad input', () => {
  async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const port = await freePort();
    const server: Server = createServer(handler);
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    return `http://127.0.0.1:${port}`;
  }

  it('malformed OpenAPI: a clear error naming the location', async () => {
    const dir = tempDir('bad-openapi');
    cleanups.push(dir.cleanup);
    const base = await serve((_req, res) => res.end('{}'));
    const spec = join(dir.path, 'openapi.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      spec,
      JSON.stringify({
        openapi: '3.1.0',
        info: {},
        paths: { '/carts/{cart_id}/items': { post: { requestBody: { content: 'json' }, responses: {} } } },
      }),
    );
    const err = await runSmoke(config({ smoke: { openapi: spec, baseUrl: base }, artifactsDir: dir.path }, dir.path), {
      writeReports: false,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenApiInvalidError);
    expect((err as Error).message).toContain('paths./carts/{cart_id}/items.post.requestBody.content');
  });

  it('unreachable base URL', async () => {
    const port = await freePort();
    const err = await runSmoke(
      config({ smoke: { openapi: '/openapi.json', baseUrl: `http://127.0.0.1:${port}` } }, '/tmp'),
      { writeReports: false },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BaseUrlUnreachableError);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('non-loopback base URL refused unless allowed', async () => {
    await expect(
      runSmoke(config({ smoke: { openapi: '/openapi.json', baseUrl: 'http://192.0.2.10:8080' } }, '/tmp'), {
        writeReports: false,
      }),
    ).rejects.toBeInstanceOf(NonLoopbackTargetError);
  });

  it('OpenAPI URL answering HTML', async () => {
    const base = await serve((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end('<!DOCTYPE html><html><body>login</body></html>');
    });
    await expect(
      runSmoke(config({ smoke: { openapi: '/openapi.json', baseUrl: base } }, '/tmp'), { writeReports: false }),
    ).rejects.toThrow(/HTML page/);
  });

  it('reports are parseable', async () => {
    const c = await libraryConfig(true, 2);
    const { reports, result } = await runSmoke(c);
    const xml = readFileSync(reports!.junit, 'utf8');
    const { XMLParser } = await import('fast-xml-parser');
    const doc = new XMLParser({ ignoreAttributes: false }).parse(xml);
    expect(Number(doc.testsuites.testsuite['@_tests'])).toBe(result.scenariosTested);
    expect(JSON.parse(readFileSync(reports!.json, 'utf8')).passRate).toBe(result.passRate);
    expect(readFileSync(reports!.html, 'utf8')).toContain('<svg');
  }, 60_000);
});
