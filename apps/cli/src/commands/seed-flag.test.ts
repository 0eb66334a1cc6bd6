import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeCli } from '../test-support/invoke-cli.js';

// A create whose documented example e-mail would collide on a second run.
const openapi = {
  openapi: '3.0.3',
  info: { title: 'members', version: '1' },
  paths: {
    '/members': {
      post: {
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['email'],
                properties: { email: { type: 'string', format: 'email', example: 'ada@example.com' } },
              },
            },
          },
        },
        responses: {
          '201': { description: 'created', content: { 'application/json': { schema: { type: 'object' } } } },
        },
      },
    },
  },
};

let server: Server;
let baseUrl: string;
const received: string[] = [];
const dirs: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      if (req.method === 'POST') received.push(`${req.url} ${String(req.headers['x-request-id'])} ${body}`);
      res.writeHead(req.method === 'POST' ? 201 : 404, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function project(smoke: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cli-seed-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'openapi.json'), JSON.stringify(openapi));
  writeFileSync(
    join(dir, 'smoke-repair.config.json'),
    JSON.stringify({ app: { baseUrl }, smoke: { openapi: 'openapi.json', baseUrl, logSettleMs: 0, ...smoke } }),
  );
  return dir;
}

/** The POSTs one smoke sends, and its result. */
async function smoke(argv: string[], dir: string) {
  received.length = 0;
  const run = await invokeCli(['smoke', '--json', ...argv], dir);
  expect(run.code, run.stderr).toBe(0);
  return { sent: [...received], result: JSON.parse(run.stdout) as { seed?: string } };
}

describe('--seed', () => {
  it(`the same seed sends byte-identical requests; the result names the seed; a fresh one differs per \
run`, async () => {
    const dir = project();
    const a = await smoke(['--seed', 'replay-7'], dir);
    const b = await smoke(['--seed', 'replay-7'], dir);
    expect(a.result.seed).toBe('replay-7');
    expect(b.sent).toEqual(a.sent);
    expect(a.sent[0]).toMatch(/"email":"ada\.[a-z0-9]{6}@example\.com"/);
    const fresh1 = await smoke([], dir);
    const fresh2 = await smoke([], dir);
    expect(fresh1.result.seed).toMatch(/^[a-z0-9.-]+$/);
    expect(fresh2.result.seed).not.toBe(fresh1.result.seed);
    expect(fresh2.sent).not.toEqual(fresh1.sent);
  });

  it('smoke.seed in the config (an integer too) is used; --seed overrides it', async () => {
    const dir = project({ seed: 42 });
    expect((await smoke([], dir)).result.seed).toBe('42');
    expect((await smoke(['--seed', 'x'], dir)).result.seed).toBe('x');
  });

  it('a seed with spaces is a usage error naming the flag', async () => {
    const run = await invokeCli(['smoke', '--seed', 'a b'], project());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--seed must be 1 to 128 printable characters/);
  });
});
