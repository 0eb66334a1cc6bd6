import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AppExitedError,
  AppStartTimeoutError,
  ForeignListenerError,
  PortBusyError,
  createProcessRunner,
  type ProcessRunnerOptions,
  type AppRunner,
} from '@smoke-repair/smoke-validator';
import { eventually, freePort, isAlive, tempDir } from './support.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const server = (port: number, ...extra: string[]) => ['python3', join(fixtures, 'server.py'), String(port), ...extra];

const runners: AppRunner[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.stop();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A process runner whose log file lives in a temp dir removed after the test. */
function processRunner(options: ProcessRunnerOptions) {
  const logs = tempDir('logs');
  cleanups.push(logs.cleanup);
  return createProcessRunner({ logFile: join(logs.path, 'server.log'), ...options });
}

function track(runner: AppRunner): AppRunner {
  runners.push(runner);
  return runner;
}

function dir(prefix: string): string {
  const d = tempDir(prefix);
  cleanups.push(d.cleanup);
  return d.path;
}

describe('process runner against a real Python HTTP server', () => {
  it('starts python3 -m http.server, reports health, captures timestamped logs, stops', async () => {
    const port = await freePort();
    const cwd = dir('http-server');
    const logFile = join(cwd, 'logs', 'server.log');
    const runner = track(
      processRunner({
        command: `python3 -u -m http.server --bind 127.0.0.1 ${port}`,
        cwd,
        port,
        readiness: { path: '/' },
        logFile,
      }),
    );
    const before = Date.now();
    await runner.start();
    expect(runner.state()).toBe('running');
    const health = await runner.health();
    expect(health).toMatchObject({ ok: true, status: 200 });

    const afterHealth = Date.now();
    await fetch(`${runner.baseUrl}/missing-file`);
    await eventually(() => runner.logs().text(afterHealth).includes('missing-file'));
    // http.server logs requests on stderr; the ring keeps the stream and the capture time.
    const entry = runner
      .logs()
      .entries(afterHealth)
      .find((e) => e.line.includes('GET /missing-file'));
    expect(entry).toMatchObject({ stream: 'stderr' });
    expect(entry?.timeMs).toBeGreaterThanOrEqual(before);
    expect(entry?.timeMs).toBeLessThanOrEqual(Date.now());
    // The window before the request does not contain it: attribution by time works.
    expect(runner.logs().text(before, afterHealth - 1)).not.toContain('missing-file');

    expect(runner.logs().path).toBe(logFile);
    const onDisk = readFileSync(logFile, 'utf8');
    expect(onDisk).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z stderr .*GET \/missing-file/m);

    await runner.stop();
    expect(runner.state()).toBe('stopped');
    expect((await runner.health()).ok).toBe(false);
    await expect(fetch(`${runner.baseUrl}/`)).rejects.toThrow();
  });

  it('restarts: logs accumulate across runs and the app answers again', async () => {
    const port = await freePort();
    const runner = track(
      processRunner({ command: server(port), cwd: dir('restart'), port, readiness: { path: '/health' } }),
    );
    await runner.start();
    await runner.restart();
    expect((await runner.health()).ok).toBe(true);
    expect(
      runner
        .logs()
        .text()
        .match(/server booting/g),
    ).toHaveLength(2);
    expect(
      runner
        .logs()
        .entries()
        .filter((e) => e.stream === 'runner')
        .map((e) => e.line),
    ).toContain('ready');
  });

  it('fails with PortBusyError naming the listener when the port is taken', async () => {
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port }, resolve));
    cleanups.push(() => blocker.close());
    const runner = track(processRunner({ command: server(port), cwd: dir('busy'), port }));
    const error = await runner.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortBusyError);
    expect((error as PortBusyError).code).toBe('SMOKE_PORT_BUSY');
    expect((error as PortBusyError).listener).toContain(`:${port}`);
    expect((error as PortBusyError).listener).toContain(`pid=${process.pid}`);
    expect(runner.state()).toBe('stopped');
  });

  it(`fails with ForeignListenerError naming the holder when another server takes the port while the app \
starts`, async () => {
    const port = await freePort();
    // The app takes 3 s to bind; meanwhile a foreign server (not in the app's tree) answers readiness.
    const runner = track(
      processRunner({
        command: server(port, '--delay', '3'),
        cwd: dir('foreign'),
        port,
        readiness: { path: '/', intervalMs: 50 },
      }),
    );
    const starting = runner.start().catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 300));
    const foreign = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1', String(port)], {
      cwd: dir('foreign-root'),
      stdio: 'ignore',
    });
    cleanups.push(() => foreign.kill('SIGKILL'));
    const error = (await starting) as ForeignListenerError;
    expect(error).toBeInstanceOf(ForeignListenerError);
    expect(error.code).toBe('SMOKE_PORT_FOREIGN_LISTENER');
    expect(error.pid).toBe(foreign.pid);
    expect(error.message).toMatch(
      new RegExp(
        `held by pid ${foreign.pid} \\(\\S*python3 -m http.server --bind 127\\.0\\.0\\.1 ${port}\\), ` +
          "which is not in the app's process tree",
      ),
    );
    expect(runner.state()).toBe('stopped');
    expect(
      runner
        .logs()
        .entries()
        .map((e) => e.line),
    ).toContain(`readiness answered by a foreign listener: ${error.listener}; stopping`);
  });

  it('fails with AppExitedError quoting the last log lines when the app exits during start', async () => {
    const port = await freePort();
    const runner = track(processRunner({ command: server(port, '--exit-early', '3'), cwd: dir('exit'), port }));
    const error = (await runner.start().catch((e: unknown) => e)) as AppExitedError;
    expect(error).toBeInstanceOf(AppExitedError);
    expect(error.code).toBe('SMOKE_APP_EXITED');
    expect(error.exitCode).toBe(3);
    expect(error.lastLines).toContain('fatal: cannot load config (simulated)');
    expect(error.message).toContain('exited with code 3');
    expect(error.message).toContain('fatal: cannot load config (simulated)');
  });

  it('fails with AppExitedError when the command does not exist', async () => {
    const port = await freePort();
    const runner = track(processRunner({ command: 'definitely-not-a-command-xyz --serve', cwd: dir('enoent'), port }));
    const error = (await runner.start().catch((e: unknown) => e)) as AppExitedError;
    expect(error).toBeInstanceOf(AppExitedError);
    expect(error.exitCode).toBe(127);
    expect(error.message).toMatch(/not found/);
  });

  it('fails with AppStartTimeoutError when the app never gets ready, and leaves nothing running', async () => {
    const port = await freePort();
    const runner = track(
      processRunner({
        command: ['sh', '-c', 'echo waiting forever; exec sleep 300'],
        cwd: dir('never'),
        port,
        readiness: { timeoutMs: 1_000, intervalMs: 100 },
        stopTimeoutMs: 500,
      }),
    );
    const started = Date.now();
    const error = (await runner.start().catch((e: unknown) => e)) as AppStartTimeoutError;
    expect(error).toBeInstanceOf(AppStartTimeoutError);
    expect(error.code).toBe('SMOKE_APP_START_TIMEOUT');
    expect(error.timeoutMs).toBe(1_000);
    expect(error.lastLines).toContain('waiting forever');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(runner.state()).toBe('stopped');
  });

  it('stops the whole process group: SIGTERM, then SIGKILL for a child and grandchild that ignore it', async () => {
    const port = await freePort();
    const cwd = dir('group');
    const pidfile = join(cwd, 'pids');
    const runner = track(
      processRunner({
        command: server(port, '--child-ignoring-sigterm', pidfile),
        cwd,
        port,
        readiness: { path: '/health' },
        stopTimeoutMs: 700,
      }),
    );
    await runner.start();
    await eventually(() => {
      try {
        return readFileSync(pidfile, 'utf8').trim().split('\n').length === 2;
      } catch {
        return false;
      }
    });
    const pids = readFileSync(pidfile, 'utf8').trim().split('\n').map(Number);
    const leader = Number(/server booting pid=(\d+)/.exec(runner.logs().text())?.[1]);
    expect(pids).toHaveLength(2);
    for (const pid of [leader, ...pids]) expect(isAlive(pid)).toBe(true);

    await runner.stop();
    for (const pid of [leader, ...pids]) expect(isAlive(pid)).toBe(false);
    expect(runner.logs().text()).toMatch(/stopped process group \d+ with SIGKILL/);
  });

  it('stops a well-behaved app with SIGTERM alone', async () => {
    const port = await freePort();
    const runner = track(processRunner({ command: server(port), cwd: dir('term'), port }));
    await runner.start();
    await runner.stop();
    expect(runner.logs().text()).toMatch(/stopped process group \d+ with SIGTERM/);
  });
});
