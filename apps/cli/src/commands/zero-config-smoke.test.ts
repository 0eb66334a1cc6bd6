// `smoke` with no config file, against a real app someone else runs (the stdlib library API of
// the smoke integration tests, started here as a plain process): its log read from a file or
// piped into standard input, scenario selection, -H redaction, --max-failures. Runs the bundle.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, '..', '..', 'dist', 'cli.js');
const fixture = join(here, '..', '..', '..', '..', 'tests', 'smoke-validator-integration', 'fixtures', 'library-api');
const SECRET = 'super-secret-key-123';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** An empty working directory (no config) and the app, running, its output going to `log` or a pipe. */
async function startApp(logFile?: string): Promise<{ cwd: string; baseUrl: string; app: ChildProcess }> {
  const cwd = mkdtempSync(join(tmpdir(), 'cli-zero-config-'));
  const port = await freePort();
  const fd = logFile ? openSync(join(cwd, logFile), 'a') : undefined;
  const app = spawn('python3', ['-u', join(fixture, 'server.py'), String(port)], {
    stdio: ['ignore', fd ?? 'pipe', fd ?? 'pipe'],
  });
  if (fd !== undefined) closeSync(fd);
  cleanups.push(() => {
    app.kill();
    rmSync(cwd, { recursive: true, force: true });
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(`${baseUrl}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { cwd, baseUrl, app };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the library API did not start');
}

/** The bundled CLI in `cwd`; `stdinFrom`: the app whose output is piped into its standard input. */
function smoke(
  args: string[],
  cwd: string,
  stdinFrom?: ChildProcess,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const cli = spawn(process.execPath, [bundle, 'smoke', ...args], {
      cwd,
      stdio: [stdinFrom ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    if (stdinFrom) {
      stdinFrom.stdout!.pipe(cli.stdin!);
      stdinFrom.stderr!.pipe(cli.stdin!);
      cli.stdin!.on('error', () => undefined);
    }
    let stdout = '';
    let stderr = '';
    cli.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    cli.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    cli.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

type Result = {
  scenarios: { id: string; status: string; notes: string[] }[];
  violations: { endpoint: string; kind: string; reproduce: string; traces: { exception: { type: string } }[] }[];
  serverLogPath: string | null;
};

describe('smoke from flags alone (no config file)', () => {
  it(
    `--server-log -: the trace of a 5xx comes from the log piped into standard input; -H values are redacted \
everywhere`,
    { timeout: 120_000 },
    async () => {
      const { cwd, baseUrl, app } = await startApp();
      const out = await smoke(
        [
          '--base-url',
          baseUrl,
          '--openapi',
          '/openapi.json',
          '--app-root',
          fixture,
          '--server-log',
          '-',
          '-H',
          `X-API-Key: ${SECRET}`,
          '--json',
        ],
        cwd,
        app,
      );
      expect(out.stderr).toBe('');
      expect(out.code).toBe(1);
      const result = JSON.parse(out.stdout) as Result;
      const crash = result.violations.find((v) => v.endpoint === 'POST /loans/{loanId}/return')!;
      expect(crash.kind).toBe('server_error');
      expect(crash.traces.map((t) => t.exception.type)).toEqual(['KeyError']);
      expect(crash.reproduce).toContain('X-API-Key: [REDACTED]');
      expect(result.serverLogPath).toBe('<stdin>');
      for (const report of ['smoke.json', 'smoke.html', 'smoke.xml']) {
        const text = readFileSync(join(cwd, 'artifacts', report), 'utf8');
        expect(text, report).toContain('KeyError');
        expect(text, report).not.toContain(SECRET);
      }
      expect(out.stdout).not.toContain(SECRET);
    },
  );

  it('--server-log FILE: the same attribution from a log file the app writes', { timeout: 120_000 }, async () => {
    const { cwd, baseUrl } = await startApp('server.log');
    const out = await smoke(
      [
        '--base-url',
        baseUrl,
        '--openapi',
        '/openapi.json',
        '--app-root',
        fixture,
        '--server-log',
        'server.log',
        '--artifacts',
        'out',
        '--json',
      ],
      cwd,
    );
    expect(out.code).toBe(1);
    const result = JSON.parse(out.stdout) as Result;
    expect(
      result.violations.find((v) => v.endpoint === 'POST /loans/{loanId}/return')!.traces.map((t) => t.exception.type),
    ).toEqual(['KeyError']);
    expect(result.serverLogPath).toBe(join(cwd, 'server.log'));
    expect(readFileSync(join(cwd, 'out', 'smoke.json'), 'utf8')).toContain('KeyError');
  });

  it('selection: -k, --include-path, --exclude-method pick the scenarios that run', { timeout: 120_000 }, async () => {
    const { cwd, baseUrl } = await startApp();
    const run = async (...args: string[]) => {
      const out = await smoke(['--base-url', baseUrl, '--openapi', '/openapi.json', '--json', ...args], cwd);
      expect(out.code, out.stderr).not.toBe(2);
      return (JSON.parse(out.stdout) as Result).scenarios.map((s) => s.id).sort();
    };
    expect(await run('--include-path', '/libraries/**', '--exclude-method', 'get')).toEqual([
      'POST /libraries',
      'POST /libraries/{libraryId}/books',
    ]);
    expect(await run('-k', 'members and not get')).toEqual(['POST /members']);
    expect(await run('--include-method', 'GET', '-k', 'catalogue or stats')).toEqual(['GET /catalogue', 'GET /stats']);
  });

  it(
    '--max-failures 1: the run stops at the first failure, the rest reported as not sent',
    { timeout: 120_000 },
    async () => {
      const { cwd, baseUrl } = await startApp();
      const out = await smoke(
        ['--base-url', baseUrl, '--openapi', '/openapi.json', '--concurrency', '1', '--max-failures', '1', '--json'],
        cwd,
      );
      expect(out.code).toBe(1);
      const result = JSON.parse(out.stdout) as Result;
      expect(result.scenarios.filter((s) => s.status === 'failed')).toHaveLength(1);
      const stopped = result.scenarios.filter((s) => s.notes.some((n) => n.includes('stopped after 1 failures')));
      expect(stopped.length).toBeGreaterThan(0);
    },
  );
});
