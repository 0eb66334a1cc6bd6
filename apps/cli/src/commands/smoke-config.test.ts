import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeCli } from '../test-support/invoke-cli.js';

function invoke(argv: string[], cwd: string) {
  return invokeCli(argv, cwd);
}

const openapi = {
  openapi: '3.0.3',
  info: { title: 'ping', version: '1' },
  paths: {
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
    res.writeHead(req.url === '/ping' ? 200 : 404, { 'content-type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A project whose config has the loop's sections and $comment keys, as `init` writes them. */
function project(format: 'json' | 'mjs') {
  const dir = mkdtempSync(join(tmpdir(), 'cli-smoke-config-'));
  writeFileSync(join(dir, 'openapi.json'), JSON.stringify(openapi));
  const config = {
    $comment: 'loop sections are fine for smoke',
    app: { $comment: 'already running', baseUrl },
    smoke: { openapi: 'openapi.json', baseUrl },
    loop: { $comment: 'budgets', targetPassRate: 1, branch: 'fixes' },
    repair: { strategies: ['recipe'] },
    patterns: { store: 'memory:' },
  };
  const file = `smoke-repair.config.${format}`;
  writeFileSync(
    join(dir, file),
    format === 'json' ? JSON.stringify(config) : `export default () => (${JSON.stringify(config)});\n`,
  );
  return dir;
}

describe('smoke-repair smoke: the whole config', () => {
  it('accepts a config with loop, repair and patterns sections (found in the working directory)', async () => {
    const dir = project('json');
    const result = await invoke(['smoke', '--json'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ scenariosTested: 1, scenariosPassed: 1, passRate: 1 });
  });

  it('finds smoke-repair.config.mjs when there is no .json, and keeps its flags', async () => {
    const dir = project('mjs');
    const result = await invoke(['smoke', '--json', '--concurrency', '2', '--artifacts', 'out'], dir);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ scenariosPassed: 1 });
  });

  it('still rejects an invalid loop section, naming the field (exit 2)', async () => {
    const dir = project('json');
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({ smoke: { openapi: 'openapi.json', baseUrl }, loop: { maxIterations: 0 } }),
    );
    expect(await invoke(['smoke', '--config', 'bad.json'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/loop\.maxIterations/),
    });
  });
});
