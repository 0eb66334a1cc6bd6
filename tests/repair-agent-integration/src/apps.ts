/**
 * Real apps for the recipe tests: a scratch copy of an app, started as a process on a free
 * loopback port, requests with an X-Request-ID, the server log each request produced, and the
 * Violation built from it (the trace parsed by @smoke-repair/log-parser, as the smoke run does).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseLogs } from '@smoke-repair/log-parser';
import type { RepairPatch } from '@smoke-repair/repair-agent';
import { syntheticSignature, type Violation } from '@smoke-repair/smoke-validator';

/** The repository root. */
const REPO = resolve(import.meta.dirname, '..', '..', '..');
/** demo-shop's venv interpreter: FastAPI, SQLAlchemy, Pydantic, uvicorn, pytest (the Python apps share its pins). */
export const VENV_PYTHON = join(REPO, 'apps', 'demo-shop', '.venv', 'bin', 'python');

/** A fixture app and how to run it. */
export interface AppSpec {
  readonly name: string;
  readonly language: 'python' | 'node';
  /** The app's folder when it is not apps/<name> (a fixture of this project). */
  readonly source?: string;
  /** How a Python app is served when not `app.main:app` from its root (a src/ layout). */
  readonly serve?: { readonly cwd: string; readonly module: string };
}

/** Creates demo-shop's venv (idempotent) or installs a Node app's dependencies into its own folder. */
export function prepare(app: AppSpec): void {
  const dir = join(REPO, 'apps', app.name);
  const script =
    app.language === 'python'
      ? join(REPO, 'apps', 'demo-shop', 'scripts', 'setup-venv.sh')
      : join(dir, 'scripts', 'setup-deps.sh');
  execFileSync('bash', [script], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 });
}

/** A scratch copy of an app (dependencies linked, not copied); removed by `cleanup`. */
export function copyApp(app: AppSpec): { dir: string; cleanup: () => void } {
  const source = app.source ?? join(REPO, 'apps', app.name);
  const dir = mkdtempSync(join(tmpdir(), `repair-it-${app.name}-`));
  cpSync(source, dir, {
    recursive: true,
    filter: (path) => !/\/(\.venv|node_modules|__pycache__|\.pytest_cache)(\/|$)/.test(path.slice(source.length)),
  });
  if (app.language === 'node') symlinkSync(join(source, 'node_modules'), join(dir, 'node_modules'));
  else symlinkSync(join(REPO, 'apps', 'demo-shop', '.venv'), join(dir, '.venv'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = server.address();
      server.close(() => ok(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A running copy: its log so far, requests, stop. */
export interface RunningApp {
  readonly port: number;
  log(): string;
  request(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; text: string; requestId: string; log: string }>;
  stop(): Promise<void>;
}

/** Starts an app copy and waits for `/health`. */
export async function startApp(app: AppSpec, dir: string): Promise<RunningApp> {
  const port = await freePort();
  const child: ChildProcess =
    app.language === 'python'
      ? spawn(
          VENV_PYTHON,
          [
            '-m',
            'uvicorn',
            app.serve?.module ?? 'app.main:app',
            '--host',
            '127.0.0.1',
            '--port',
            String(port),
            '--log-level',
            'info',
          ],
          {
            cwd: join(dir, app.serve?.cwd ?? '.'),
            env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        )
      : spawn(process.execPath, ['src/server.js'], {
          cwd: dir,
          env: { ...process.env, PORT: String(port), NODE_ENV: 'development' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
  let log = '';
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${app.name} exited during start:\n${log}`);
    const up = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${app.name} did not answer /health:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  let counter = 0;
  return {
    port,
    log: () => log,
    async request(method, path, body) {
      const before = log.length;
      const requestId = `it-${process.pid}-${++counter}`;
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { 'x-request-id': requestId, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      // Tracebacks are written right after the response; give the logger a moment.
      await new Promise((r) => setTimeout(r, 250));
      return { status: response.status, text, requestId, log: log.slice(before) };
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** One documented call: the endpoint template, the concrete path, a body, the documented status. */
export interface Call {
  readonly endpoint: string;
  readonly path: string;
  readonly body?: unknown;
  readonly expected: number;
}

/** Makes the call and builds the Violation a smoke run would (null when it passes). */
export async function violationOf(app: RunningApp, call: Call, appRoot: string): Promise<Violation | null> {
  const method = call.endpoint.split(' ')[0]!;
  const res = await app.request(method, call.path, call.body);
  if (res.status === call.expected) return null;
  const kind = res.status >= 500 ? 'server_error' : 'status_mismatch';
  const traces = kind === 'server_error' ? parseLogs(res.log, { appRoot }) : [];
  const message = `${call.endpoint}: expected ${call.expected}, got ${res.status}`;
  return {
    scenarioId: `${call.endpoint}#1`,
    endpoint: call.endpoint,
    method,
    path: call.path,
    expectedStatus: call.expected,
    actualStatus: res.status,
    kind,
    message,
    responseExcerpt: res.text.slice(0, 2000),
    requestId: res.requestId,
    traces,
    signature: traces[0]?.signature ?? syntheticSignature(call.endpoint, kind, res.status, message),
    reproduce: `curl -X ${method} http://127.0.0.1:${app.port}${call.path}`,
  };
}

/** Applies patches in order with real `git apply` (the copy is not a repository). */
export function applyPatches(dir: string, patches: readonly RepairPatch[]): void {
  patches.forEach((patch, i) => {
    const file = join(dir, `.repair-${i}.patch`);
    writeFileSync(file, patch.diff);
    execFileSync('git', ['apply', '--whitespace=nowarn', file], {
      cwd: dir,
      env: { ...process.env, GIT_CEILING_DIRECTORIES: tmpdir() },
    });
    rmSync(file);
  });
}
