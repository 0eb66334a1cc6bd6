import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HttpClient, HttpRequest } from '../http/http-client.js';
import { loadOpenApi, OPENAPI_MAX_BYTES } from './load-openapi.js';

const dir = mkdtempSync(join(tmpdir(), 'load-openapi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DOCUMENT = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths: { '/items': { get: { responses: { '200': { description: 'ok' } } } } },
});

/** An HTTP client that answers every GET with `body`, cut at the request's byte cap. */
function serving(body: string): HttpClient & { readonly requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    send: async (request: HttpRequest) => {
      requests.push(request);
      const truncated = Buffer.byteLength(body) > request.maxBodyBytes;
      const sent = truncated ? body.slice(0, request.maxBodyBytes) : body;
      return {
        ok: true,
        status: 200,
        headers: {},
        body: sent,
        truncated,
        bytesRead: Buffer.byteLength(sent),
        startedAtMs: 0,
        durationMs: 1,
      };
    },
  } as unknown as HttpClient & { readonly requests: HttpRequest[] };
}

describe('loadOpenApi: one size cap for files and URLs', () => {
  it('a local file over the default cap (20 MiB) is refused before it is read', async () => {
    const path = join(dir, 'huge.json');
    writeFileSync(path, '');
    truncateSync(path, OPENAPI_MAX_BYTES + 1); // sparse: nothing to read but zeros
    await expect(loadOpenApi('huge.json', { baseDir: dir })).rejects.toThrow(
      `invalid OpenAPI document ${path}: it is larger than ${OPENAPI_MAX_BYTES} bytes`,
    );
  });

  it('a URL answer over the cap is refused with the same message; the default cap is the same', async () => {
    const http = serving(DOCUMENT);
    const url = 'http://127.0.0.1:9/openapi.json';
    await expect(loadOpenApi(url, { http, maxBytes: 100 })).rejects.toThrow(
      `invalid OpenAPI document ${url}: it is larger than 100 bytes`,
    );
    await loadOpenApi(url, { http });
    expect(http.requests.map((r) => r.maxBodyBytes)).toEqual([100, OPENAPI_MAX_BYTES]);
  });

  it('maxBytes applies to files too; a document at the cap loads', async () => {
    writeFileSync(join(dir, 'doc.json'), DOCUMENT);
    const size = Buffer.byteLength(DOCUMENT);
    await expect(loadOpenApi('doc.json', { baseDir: dir, maxBytes: size - 1 })).rejects.toThrow(
      `it is larger than ${size - 1} bytes`,
    );
    expect((await loadOpenApi('doc.json', { baseDir: dir, maxBytes: size })).operations).toHaveLength(1);
  });

  it('a directory or a missing file: a clear refusal', async () => {
    await expect(loadOpenApi('.', { baseDir: dir })).rejects.toThrow(
      `invalid OpenAPI document ${dir}: it is not a regular file`,
    );
    await expect(loadOpenApi('nope.json', { baseDir: dir })).rejects.toThrow(/nope\.json: cannot read it \(ENOENT\)/);
  });
});
