// What `smoke` prints for a run with many failing scenarios: a grouped summary on stdout (a
// screenful, not a line per scenario), progress only on stderr — in --json mode too, where a
// live terminal still sees progress and stdout carries nothing but the JSON.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smokeResultSchema } from '@smoke-repair/smoke-validator';
import { run } from '../run.js';
import { invokeCli } from '../test-support/invoke-cli.js';

// POST /notes always fails with a 500 (many distinct examples: one root cause), GET /ping passes.
/** Cursor movement or colour codes in `text`. */
const controls = (text: string) => text.includes('\r') || text.includes('\u001b');
const openapi = {
  openapi: '3.0.3',
  info: { title: 'notes', version: '1' },
  paths: {
    '/notes': {
      post: {
        parameters: [{ name: 'tag', in: 'query', required: false, schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { text: { type: 'string' }, stars: { type: 'integer', minimum: 0, maximum: 5 } },
                required: ['text'],
              },
            },
          },
        },
        responses: {
          '201': { description: 'created', content: { 'application/json': { schema: { type: 'object' } } } },
        },
      },
    },
    '/ping': {
      get: {
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  },
};

let server: Server;
let baseUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const ok = req.method === 'GET' && req.url === '/ping';
      res.writeHead(ok ? 200 : 500, { 'content-type': 'application/json' });
      res.end(ok ? '{}' : '{"detail":"boom"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function project() {
  const dir = mkdtempSync(join(tmpdir(), 'cli-smoke-output-'));
  writeFileSync(join(dir, 'openapi.json'), JSON.stringify(openapi));
  writeFileSync(
    join(dir, 'smoke-repair.config.json'),
    JSON.stringify({
      app: { baseUrl },
      smoke: { openapi: 'openapi.json', baseUrl, logSettleMs: 0 },
      artifactsDir: 'artifacts',
    }),
  );
  return dir;
}

describe('smoke output at scale', () => {
  it(
    `groups the failures by root cause with a count, the endpoints and the first curl; progress in plain lines on \
stderr`,
    { timeout: 120_000 },
    async () => {
      const out = await invokeCli(['smoke', '--examples', '10', '--seed', 's2'], project());
      expect(out.code).toBe(1);
      const failures = Number(/(\d+) failures?, 1 root cause:/.exec(out.stdout)?.[1]);
      expect(failures).toBeGreaterThan(5);
      expect(out.stdout).toContain(`  ${failures}× server_error@POST /notes: HTTP 500 — POST /notes\n`);
      expect(out.stdout).toMatch(/\n {6}curl -sS -i -X POST http:\/\/127\.0\.0\.1:\d+\/notes/);
      // One block per root cause, never a line per failing scenario.
      expect(out.stdout.match(/curl /g)).toHaveLength(1);
      expect(out.stdout.split('\n').length).toBeLessThan(25);
      expect(out.stderr).toMatch(/^running \d+ scenarios…$/m);
      expect(controls(out.stderr)).toBe(false);
    },
  );

  it('--json on a live terminal: progress redrawn on stderr, stdout exactly the SmokeResult', async () => {
    const stdout = new PassThrough();
    const stderr = Object.assign(new PassThrough(), { isTTY: true, columns: 100, hasColors: () => false });
    const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
    stdout.on('data', (c: Buffer) => chunks.out.push(c));
    stderr.on('data', (c: Buffer) => chunks.err.push(c));
    const code = await run(['smoke', '--json', '--examples', '10', '--seed', 's2'], {
      stdin: Readable.from(['']),
      stdout,
      stderr,
      cwd: project(),
      env: {},
    });
    expect(code).toBe(1);
    const text = Buffer.concat(chunks.out).toString();
    expect(controls(text) || text.includes('scenarios ·')).toBe(false);
    expect(smokeResultSchema.parse(JSON.parse(text)).scenariosTested).toBeGreaterThan(5);
    const err = Buffer.concat(chunks.err).toString();
    // eslint-disable-next-line no-control-regex -- the status line is redrawn with CR + ESC[2K
    expect(err).toMatch(/\r\u001b\[2Ksmoke [█░]+ \d+\/\d+ scenarios · \d+ failed/);
    // The status line is cleared before the command ends.
    expect(err.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('--json without a terminal: nothing on stderr but what went wrong', async () => {
    const out = await invokeCli(['smoke', '--json', '--examples', '5', '--seed', 's3'], project());
    expect(out.code).toBe(1);
    expect(out.stderr).toBe('');
    expect(JSON.parse(out.stdout).violations.length).toBeGreaterThan(0);
  });
});
