import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeCli } from '../test-support/invoke-cli.js';

function invoke(argv: string[], cwd: string) {
  return invokeCli(argv, cwd);
}

// One operation with values to vary (an optional query parameter, a body), so extra examples exist.
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
  },
};

let server: Server;
let baseUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(req.method === 'POST' && req.url?.startsWith('/notes') ? 201 : 404, {
        'content-type': 'application/json',
      });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A project with an already-running app; `examplesPerOperation` in its config when given. */
function project(examplesPerOperation?: number) {
  const dir = mkdtempSync(join(tmpdir(), 'cli-examples-'));
  writeFileSync(join(dir, 'openapi.json'), JSON.stringify(openapi));
  const smoke = {
    openapi: 'openapi.json',
    baseUrl,
    ...(examplesPerOperation !== undefined ? { examplesPerOperation } : {}),
  };
  writeFileSync(
    join(dir, 'smoke-repair.config.json'),
    JSON.stringify({ app: { baseUrl }, smoke, loop: { targetPassRate: 1 }, patterns: { store: 'memory:' } }),
  );
  return dir;
}

describe('--examples N', () => {
  it('smoke: overrides smoke.examplesPerOperation', async () => {
    const dir = project(1);
    const one = await invoke(['smoke', '--json'], dir);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ scenariosTested: 1 });
    const three = await invoke(['smoke', '--json', '--examples', '3'], dir);
    expect(three.code).toBe(0);
    expect(JSON.parse(three.stdout)).toMatchObject({ scenariosTested: 3, scenariosPassed: 3 });
    const back = await invoke(['smoke', '--json', '--examples', '1'], project(3));
    expect(JSON.parse(back.stdout)).toMatchObject({ scenariosTested: 1 });
  });

  it('run: overrides smoke.examplesPerOperation for the loop', async () => {
    const result = await invoke(['run', '--json', '--examples', '3'], project(1));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      outcome: 'passed',
      initial: { scenariosTested: 3, scenariosPassed: 3 },
    });
  });

  it.each([['smoke'], ['run']])(
    '%s: exits 2 naming the flag for a value that is not an integer from 1 to 100',
    async (command) => {
      const dir = project();
      for (const value of ['0', '-1', '2.5', 'many', '', '101']) {
        // `--examples=-1`: parseArgs refuses `--examples -1` itself (a value that looks like an option).
        const result = await invoke([command, `--examples=${value}`], dir);
        expect(result).toMatchObject({ code: 2, stdout: '' });
        expect(result.stderr).toContain(`--examples must be an integer from 1 to 100, got "${value}"`);
      }
      for (const argv of [['--examples'], ['--examples', '-1']]) {
        expect(await invoke([command, ...argv], dir)).toMatchObject({
          code: 2,
          stdout: '',
          stderr: expect.stringMatching(/--examples/),
        });
      }
    },
  );

  it('is in the help of smoke and run, and smoke describes examples and boundary variants', async () => {
    const dir = project();
    const smoke = (await invoke(['smoke', '--help'], dir)).stdout;
    expect(smoke).toMatch(/--examples N/);
    expect(smoke).toMatch(/smoke\.examplesPerOperation/);
    expect(smoke).toMatch(/smoke\.boundaryScenarios/);
    expect(smoke).not.toMatch(/one positive scenario per OpenAPI operation/);
    expect((await invoke(['run', '--help'], dir)).stdout).toMatch(/--examples N/);
  });
});
